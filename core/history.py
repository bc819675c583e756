"""Positions as they stood at the end of a past day, read from django-simple-history's tables.

A register's rows (villages, grids, grid staff, central households …) change over time; a report for
last March must state last March's position. Every write through a form, a service or an import
leaves a history record (``history_date``, ``history_type`` "+", "~" or "-", and the row's values
after the change), so the row as it stood at a moment is its latest record before that moment.

Two cases the bare ``Model.history.as_of`` misses, handled here:

- rows that have **no history at all** (loaded in bulk before history was kept, e.g. demo data)
  are taken as they are now, for every moment: nothing recorded says they were different;
- rows whose **first record comes after the moment and is a change or a deletion** (the row existed
  before history began) are taken as that first record states them: the nearest known state.

A row whose first record is its creation ("+") after the moment did not exist yet; a row whose latest
record before the moment is its deletion ("-") no longer existed.

``as_of_rows`` answers in two querysets (current rows without history, history records) whose
aggregates the caller adds up: a fixed number of queries whatever the data size.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The moment a day ends in the site's time zone (the next day's midnight)."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


@dataclass
class AsOf:
    """A register's rows as they stood at ``moment``: ``current`` are rows of the model itself
    (either the moment is not in the past, or the rows have no history), ``recorded`` are history
    records standing for the other rows. Both carry the model's field names."""

    moment: datetime.datetime | None
    current: QuerySet
    recorded: QuerySet

    def count(self) -> int:
        """How many rows there were (two queries, one when the moment is now)."""
        return self.current.count() + (self.recorded.count() if self.moment else 0)

    def aggregate(self, **aggregates) -> dict:
        """Aggregates (counts, sums) over both parts, added up. Not for distinct counts across rows."""
        here = self.current.aggregate(**aggregates)
        if not self.moment:
            return {k: v or 0 for k, v in here.items()}
        there = self.recorded.aggregate(**aggregates)
        return {k: (here[k] or 0) + (there[k] or 0) for k in aggregates}

    def values_list(self, *fields) -> list[tuple]:
        """The rows' values of ``fields`` from both parts (for distinct counts made in Python)."""
        rows = list(self.current.values_list(*fields))
        if self.moment:
            rows += list(self.recorded.values_list(*fields))
        return rows


def as_of_rows(model, moment: datetime.datetime | None, *, current: QuerySet, recorded: Q | None = None) -> AsOf:
    """``model``'s rows as they stood at ``moment`` (None or a moment not in the past: as they are now).

    ``current`` is the scoped queryset of the model's rows (``Model.objects.within(node)``);
    ``recorded`` the same scope as a condition on the history table, whose records carry the row's
    keys (``Q(township_id=…)``, or ``Q(id__in=…)`` where the scope keys are not recorded).
    """
    if moment is None or moment > timezone.now():
        return AsOf(None, current, model.history.none())
    history = model.history.model
    records = history.objects.filter(recorded or Q())
    same_row = history.objects.filter(id=OuterRef("id"))
    latest_before = same_row.filter(history_date__lt=moment).order_by("-history_date", "-history_id")
    first = same_row.order_by("history_date", "history_id")
    standing = records.filter(
        (Q(history_date__lt=moment) & Q(history_id=Subquery(latest_before.values("history_id")[:1])))
        | (Q(history_date__gte=moment) & Q(history_id=Subquery(first.values("history_id")[:1])) & ~Q(history_type="+"))
    ).exclude(Q(history_type="-") & Q(history_date__lt=moment))
    unrecorded = current.filter(~Exists(history.objects.filter(id=OuterRef("pk"))))
    return AsOf(moment, unrecorded, standing)
