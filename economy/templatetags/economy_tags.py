"""Amounts as the four key points' pages write them."""

from decimal import Decimal

from django import template

from economy import rules

register = template.Library()


@register.filter
def wan(yuan):
    """元 → 万元 with two decimals (Decimal, rounded half up only for display): 123456 → 12.35."""
    if yuan in (None, ""):
        return ""
    from decimal import ROUND_HALF_UP

    return (Decimal(yuan) / rules.TEN_THOUSAND).quantize(rules.CENT, rounding=ROUND_HALF_UP)
