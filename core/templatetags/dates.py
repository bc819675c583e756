"""``{{ value|cn_date }}``: the one date format of the UI (``core.dates.label``).

``{{ d|cn_date }}`` → 11月27日 this year, 2025年12月8日 otherwise; ``{{ d|cn_date:"年" }}`` →
always with the year; ``{{ d|cn_date:"月" }}`` → 2026年11月. Datetimes add the local time.
"""

from django import template

from core import dates

register = template.Library()


@register.filter
def cn_date(value, style=""):
    return dates.label(value, style)
