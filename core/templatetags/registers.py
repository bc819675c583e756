from django import template

register = template.Library()


@register.filter
def index(sequence, position):
    """``values|index:0`` — the item at a position of a list."""
    try:
        return sequence[position]
    except (IndexError, TypeError):
        return ""
