from django import template

register = template.Library()


@register.filter
def index(sequence, position):
    """``values|index:0`` — the item at a position of a list."""
    try:
        return sequence[position]
    except (IndexError, TypeError):
        return ""


@register.filter
def attr(obj, name):
    """``object|attr:"open_demands"`` — an attribute named by a variable (figures other apps add)."""
    return getattr(obj, name, "")
