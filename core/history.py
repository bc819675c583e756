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

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from core import dates


def history_scope(model, node) -> Q:
    """The scope of ``node`` as a condition on ``model``'s history table (whose records keep the
    row's keys, ``model.scope_fields``): the ``recorded`` argument of ``as_of_rows``. None: all."""
    if node is None:
        return Q()
    field = model.scope_fields.get(node.kind)
    return Q(**{f"{field}_id": node.pk}) if field else Q(pk__in=[])


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

    def values_union(self, *fields) -> list[tuple]:
        """As ``values_list``, in one query (the two parts as one UNION ALL), in no order. No ORDER
        BY inside the UNION: SQLite (``make run``) refuses one in a compound statement."""
        rows = self.current.values_list(*fields).order_by()
        if self.moment:
            rows = rows.union(self.recorded.values_list(*fields).order_by(), all=True)
        return list(rows)


def as_of_rows(
    model,
    moment: datetime.datetime | None,
    *,
    current: QuerySet,
    recorded: Q | None = None,
    created_later_stand: bool = False,
) -> AsOf:
    """``model``'s rows as they stood at ``moment`` (None or a moment not in the past: as they are now).

    ``current`` is the scoped queryset of the model's rows (``Model.objects.within(node)``);
    ``recorded`` the same scope as a condition on the history table, whose records carry the row's
    keys (``Q(township_id=…)``, or ``Q(id__in=…)`` where the scope keys are not recorded).

    ``created_later_stand``: a row created after the moment stands as it was first recorded instead
    of not existing yet. For rows that hold a whole period's plan (a village's income and target for
    a year, entered in November for the whole year): what matters is what changed after the moment.
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
        | (
            Q(history_date__gte=moment)
            & Q(history_id=Subquery(first.values("history_id")[:1]))
            & (Q() if created_later_stand else ~Q(history_type="+"))
        )
    ).exclude(Q(history_type="-") & Q(history_date__lt=moment))
    unrecorded = current.filter(~Exists(history.objects.filter(id=OuterRef("pk"))))
    return AsOf(moment, unrecorded, standing)


# --- what a change changed ---------------------------------------------------------------------
#
# A row loaded before history was kept (demo data, a bulk load) has no record; the first time it
# changes, the record of the change would have nothing to be compared with, and the history page
# would show "修改" with no field. So before such a row is first updated, the row as it stands is
# recorded first (a baseline, ``BASELINE_REASON``): one INSERT … SELECT … WHERE NOT EXISTS, run by a
# ``pre_save`` receiver for every model with history (``record_baseline``), and for a bulk update by
# ``record_baselines``. The baseline is also the best answer ``as_of_rows`` can give for the days
# before the change.

BASELINE_REASON = "修改前的状态"
#: Columns a history page never shows: keys, derived columns and the encrypted number.
HIDDEN_FIELDS = frozenset({"id", "id_encrypted", "id_hmac", "id_last4", "name_pinyin", "name_initials"})
#: Non-editable columns a history page still shows (the masked ID number is the only form of it shown).
SHOWN_READONLY = frozenset({"id_masked"})
MAX_SHOWN = 60


def _baseline_sql(model, where: str) -> str:
    history = model.history.model
    quote = connection.ops.quote_name
    columns = [f.column for f in history.tracked_fields]
    hmeta, meta = history._meta, model._meta
    return (
        f"INSERT INTO {quote(hmeta.db_table)} ({', '.join(quote(c) for c in columns)}, history_date,"
        " history_change_reason, history_type, history_user_id)"
        f" SELECT {', '.join('s.' + quote(c) for c in columns)}, %s, %s, '~', NULL FROM {quote(meta.db_table)} s"
        f" WHERE {where} AND NOT EXISTS (SELECT 1 FROM {quote(hmeta.db_table)} h"
        f" WHERE h.{quote(meta.pk.column)} = s.{quote(meta.pk.column)})"
    )


def _now():
    return connection.ops.adapt_datetimefield_value(timezone.now())


def has_history(model) -> bool:
    return bool(getattr(model._meta, "simple_history_manager_attribute", None)) and hasattr(model, "history")


def record_baselines(model, pks) -> None:
    """Record, for each of these rows that has no history yet, the row as it stands (one query).
    Call it before a bulk update that writes its own history records."""
    pks = [pk for pk in pks if pk is not None]
    if not pks or not has_history(model):
        return
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":  # one array parameter, not one placeholder per row
        sql = _baseline_sql(model, f"s.{quote(model._meta.pk.column)} = ANY(%s)")
        params = [_now(), BASELINE_REASON, pks]
    else:
        placeholders = ", ".join(["%s"] * len(pks))
        sql = _baseline_sql(model, f"s.{quote(model._meta.pk.column)} IN ({placeholders})")
        params = [_now(), BASELINE_REASON, *pks]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def record_baseline(sender, instance, raw=False, **kwargs) -> None:
    """``pre_save`` receiver: before a row with no history is first changed, record it as it stands."""
    if raw or instance._state.adding or instance.pk is None or not has_history(sender):
        return
    if getattr(instance, "skip_history_when_saving", False):
        return
    quote = connection.ops.quote_name
    sql = _baseline_sql(sender, f"s.{quote(sender._meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [_now(), BASELINE_REASON, instance.pk])


@dataclass
class Change:
    """One field of one change, as a history page shows it (personal values masked)."""

    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    record: object  # a simple_history record
    changes: list

    @property
    def changed(self) -> list[str]:
        return [c.label for c in self.changes]


def _shown_fields(model):
    fields = []
    for f in model.history.model.tracked_fields:
        if f.name in HIDDEN_FIELDS or f.primary_key:
            continue
        if not f.editable and f.name not in SHOWN_READONLY:
            continue
        fields.append(f)
    return fields


def mask_phone(value) -> str:
    """13812345678 -> 138****5678; short numbers keep only their last two digits."""
    value = str(value or "")
    if len(value) >= 7:
        return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"
    return f"{'*' * max(len(value) - 2, 0)}{value[-2:]}" if value else ""


def is_personal(field) -> bool:
    """Whether a column holds a personal detail shown masked (phone numbers)."""
    return "phone" in field.name or "mobile" in field.name


def _display(field, value, names: dict) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation:
        return names.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):  # datetimes too: the UI's one date format, with the year
        return dates.label(value, dates.FULL)
    text = str(value)
    if is_personal(field):
        return mask_phone(text)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def history_entries(obj, limit=30) -> list[HistoryEntry]:
    """The record's history, newest first, each change with its fields from what to what (personal
    values masked). Baselines (``BASELINE_REASON``) are not listed: they are what the first change
    is compared with. A fixed number of queries: the records, and one per related model named."""
    if not has_history(type(obj)):
        return []
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    fields = _shown_fields(type(obj))
    pairs = []
    wanted: dict = {}
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if newer.history_change_reason == BASELINE_REASON and newer.history_type == "~":
            continue
        diffs = []
        if older is not None and newer.history_type == "~":
            for f in fields:
                old, new = getattr(older, f.attname), getattr(newer, f.attname)
                if old != new:
                    diffs.append((f, old, new))
                    if f.is_relation:
                        wanted.setdefault(f.related_model, set()).update(v for v in (old, new) if v is not None)
        pairs.append((newer, diffs))
    names = {}
    for model, pks in wanted.items():
        for row in model._default_manager.filter(pk__in=pks):
            names[(model, row.pk)] = str(row)
    entries = [
        HistoryEntry(
            newer, [Change(str(f.verbose_name), _display(f, o, names), _display(f, n, names)) for f, o, n in diffs]
        )
        for newer, diffs in pairs
    ]
    return entries[:limit]
