"""Small SQL building blocks shared by selectors."""

from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce


def subquery_aggregate(queryset, group: str, aggregate=None) -> Coalesce:
    """A correlated aggregate subquery, 0 when no row matches.

    ``queryset`` is filtered on an ``OuterRef`` and grouped by ``group`` (the field the OuterRef
    matches), so several counts annotating one row do not multiply joins::

        open_risks=subquery_aggregate(Risk.objects.filter(village=OuterRef("pk"), status="open"), "village")
    """
    aggregate = aggregate if aggregate is not None else Count("pk")
    values = queryset.order_by().values(group).annotate(n=aggregate).values("n")
    return Coalesce(Subquery(values, output_field=IntegerField()), Value(0))
