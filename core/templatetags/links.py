"""``{% load links %}`` — show a link only when it opens for the user (``core.links.opens``).

{% url "secretary_records_create" as href %}{% if user|opens:href %}<a href="{{ href }}">登记</a>{% endif %}
{% if user|opens:figure.entry_url %}<a href="{{ figure.entry_url }}">去录入</a>{% endif %}
"""

from django import template

from core.links import opens as _opens

register = template.Library()


@register.filter
def opens(user, url) -> bool:
    return _opens(user, url)
