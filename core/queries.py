"""Small SQL building blocks shared by selectors."""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property


def subquery_aggregate(queryset, group: str, aggregate=None) -> Coalesce:
    """A correlated aggregate subquery, 0 when no row matches.

    ``queryset`` is filtered on an ``OuterRef`` and grouped by ``group`` (the field the OuterRef
    matches), so several counts annotating one row do not multiply joins::

        open_risks=subquery_aggregate(Risk.objects.filter(village=OuterRef("pk"), status="open"), "village")
    """
    aggregate = aggregate if aggregate is not None else Count("pk")
    values = queryset.order_by().values(group).annotate(n=aggregate).values("n")
    return Coalesce(Subquery(values, output_field=IntegerField()), Value(0))


class CachedCountPaginator(Paginator):
    """A paginator whose row count comes from the cache when the same count (the same SQL, so the
    same scope, filters and search) was made less than ``LIST_COUNT_CACHE_SECONDS`` (60) ago and
    nothing was written since (the home page's version, ``core.dashboard.figures_changed``).

    A list of a busy register counts every matching row for each page (a township's 100,000 point
    entries, a county's 1.4 million for the county account); paging through it, the count is an
    estimate that serves, at most a minute old. The rows themselves are always read live.

    ``key``: what determines the rows (e.g. ``core.listing.count_key``: the register, the user's
    scope, the query string and the day), so the count's SQL need not be compiled to be looked up;
    without it the compiled SQL is the key."""

    def __init__(self, object_list, per_page, *args, key: str | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.key = key

    @cached_property
    def count(self):
        from django.conf import settings
        from django.core.cache import cache

        from core.dashboard import version

        seconds = settings.LIST_COUNT_CACHE_SECONDS
        if not seconds:
            return super().count
        if self.key is not None:
            digest = hashlib.sha256(self.key.encode()).hexdigest()[:32]
        else:
            try:
                sql, sql_params = self.object_list.query.sql_with_params()
            except EmptyResultSet:
                return 0
            digest = hashlib.sha256(f"{sql}|{sql_params!r}".encode()).hexdigest()[:32]
        key = f"list-count:{version()}:{digest}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, seconds)
        return count
