"""Point entries and caps: every way of making an entry (the record page, an event for many members,
an approved claim, an Excel import) goes through ``EntryChecker``, so all make the same checks — the
member is in the recorder's scope, the item is in the rule book that applies to the member's village
on that day, the tier's caps hold, the day is not in the future — and a batch is saved all at once or
not at all. Each member's entries are written under a per-member lock (``lock_members``), so two
secretaries recording at the same moment cannot both slip under a cap. A wrong entry is reversed by
a new entry, never edited."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from simple_history.utils import bulk_create_with_history

from accounts.access import can, in_scope
from core.locks import Lock, xact_lock
from points import rules
from points.choices import EntrySource
from points.models import (
    PointEntry,
    PointEvent,
    RuleBook,
    RuleItem,
)
from points.services.messages import (
    ALREADY_REVERSED,
    DUPLICATE_MEMBER,
    FUTURE_DATE,
    NO_MEMBERS,
    NO_RULE_BOOK,
    NOT_A_RECORDER,
    NOT_IN_RULE_BOOK,
    OUT_OF_SCOPE,
    REASON_REQUIRED,
    REVERSAL_OF_REVERSAL,
)

# --- scope -----------------------------------------------------------------------------------


def may_record_for(user, member) -> bool:
    """Whether ``user`` may record points for ``member``: the access layer's role (``PointEntry``'s
    ``add``) and scope (the member inside the user's scope), without a query."""
    return can(user, "add", PointEntry) and in_scope(user, member)


def lock_members(member_ids) -> None:
    """Serialise entry writes per member for the rest of the transaction."""
    xact_lock(Lock.POINT_ENTRIES, member_ids)


# --- entries ---------------------------------------------------------------------------------


class EntryChecker:
    """Checks entries before they are made, with what it needs loaded in a fixed number of queries.

    ``check`` returns the points the entry is worth and a Chinese problem (or None); an entry that
    passes counts towards the caps of the entries checked after it, so a batch (an event, a
    spreadsheet) cannot exceed a cap through its own rows.
    """

    def __init__(self, *, recorder, members, years, item_ids, today, check_scope=True):
        self.recorder = recorder
        self.today = today
        self.check_scope = check_scope
        member_ids = [m.pk for m in members]
        townships = {m.township_id for m in members}
        self.books = {}
        for book in RuleBook.objects.filter(township_id__in=townships, year__in=years).prefetch_related(
            "pilot_villages"
        ):
            self.books[(book.township_id, book.year)] = (book, [v.pk for v in book.pilot_villages.all()])
        self.items = {i.pk: i for i in RuleItem.objects.filter(pk__in=item_ids).prefetch_related("tiers")}
        self.used = defaultdict(int)
        if member_ids and item_ids and years:
            rows = (
                PointEntry.objects.filter(
                    member_id__in=member_ids,
                    item_id__in=item_ids,
                    occurred_on__gte=datetime.date(min(years), 1, 1),
                    occurred_on__lte=datetime.date(max(years), 12, 31),
                )
                .annotate(y=ExtractYear("occurred_on"), mo=ExtractMonth("occurred_on"))
                .values_list("member_id", "item_id", "y", "mo")
                .annotate(total=Sum("points"))
                .order_by()
            )
            for member_id, item_id, year, month, total in rows:
                self.used[(member_id, item_id, year, month)] += total
                self.used[(member_id, item_id, year, 0)] += total

    def rule_book_for(self, member, on_date):
        """The rule book that applies to the member's village on that day, or None."""
        found = self.books.get((member.township_id, on_date.year))
        if found is None:
            return None
        book, pilots = found
        return book if book.covers(member.village_id, on_date, pilot_ids=pilots) else None

    def check(self, member, item_id, on_date) -> tuple[int, str | None]:
        if on_date > self.today:
            return 0, FUTURE_DATE.format(date=on_date)
        if self.check_scope and not may_record_for(self.recorder, member):
            return 0, OUT_OF_SCOPE.format(member=member.name)
        item = self.items.get(item_id)
        book = self.rule_book_for(member, on_date)
        if book is None:
            village = member.village.name if "village" in member._state.fields_cache else "本村"
            return 0, NO_RULE_BOOK.format(member=member.name, village=village, date=on_date)
        if item is None or item.rule_book_id != book.pk:
            name = item.name if item else str(item_id)
            return 0, NOT_IN_RULE_BOOK.format(item=name, member=member.name, title=book.title)
        terms = item.terms_for(member.tier, overrides=list(item.tiers.all()))
        month_key = (member.pk, item.pk, on_date.year, on_date.month)
        year_key = (member.pk, item.pk, on_date.year, 0)
        problem = rules.cap_problem(
            terms=terms,
            points=terms.points,
            used_month=self.used[month_key],
            used_year=self.used[year_key],
            member=member.name,
            item=item.name,
        )
        if problem is None:
            self.used[month_key] += terms.points
            self.used[year_key] += terms.points
        return terms.points, problem


def entries_record(
    *, recorder, members, item: RuleItem, occurred_on, today, note="", title="", source=None
) -> list[PointEntry]:
    """Record one item for one member or, as an event, for many at once. All or nothing."""
    members = list(members)
    if not members:
        raise ValidationError(NO_MEMBERS)
    if len({m.pk for m in members}) != len(members):
        raise ValidationError(DUPLICATE_MEMBER)
    if not can(recorder, "add", PointEntry):
        raise ValidationError(NOT_A_RECORDER)
    many = len(members) > 1 or bool(title)
    with transaction.atomic():
        lock_members(m.pk for m in members)
        checker = EntryChecker(
            recorder=recorder, members=members, years=[occurred_on.year], item_ids=[item.pk], today=today
        )
        worth, problems = {}, []
        for member in members:
            points, problem = checker.check(member, item.pk, occurred_on)
            if problem:
                problems.append(problem)
            worth[member.pk] = points
        if problems:
            raise ValidationError(problems)
        event = None
        if many:
            villages = {m.village_id for m in members}
            event = PointEvent.objects.create(
                township_id=members[0].township_id,
                village_id=villages.pop() if len(villages) == 1 else None,
                item=item,
                title=title or f"{item.name}（{len(members)}人）",
                occurred_on=occurred_on,
                member_count=len(members),
                recorded_by=recorder,
            )
        entries = [
            PointEntry(
                township_id=m.township_id,
                village_id=m.village_id,
                member=m,
                item=item,
                occurred_on=occurred_on,
                points=worth[m.pk],
                source=source or (EntrySource.EVENT if event else EntrySource.RECORD),
                note=note,
                event=event,
                recorded_by=recorder,
            )
            for m in members
        ]
        return bulk_create_with_history(entries, PointEntry, default_user=recorder, default_change_reason=note[:100])


def entry_reverse(*, recorder, entry: PointEntry, reason: str, today) -> PointEntry:
    """Undo an entry with a reversing entry that references it; both stay in the history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if entry.source == EntrySource.REVERSAL:
        raise ValidationError(REVERSAL_OF_REVERSAL)
    if not may_record_for(recorder, entry.member):
        raise ValidationError(OUT_OF_SCOPE.format(member=entry.member.name))
    with transaction.atomic():
        lock_members([entry.member_id])
        if PointEntry.objects.filter(reverses=entry).exists():
            raise ValidationError(ALREADY_REVERSED)
        reversal = PointEntry(
            township_id=entry.township_id,
            village_id=entry.village_id,
            member_id=entry.member_id,
            item_id=entry.item_id,
            occurred_on=entry.occurred_on,
            points=-entry.points,
            source=EntrySource.REVERSAL,
            note=f"撤销{entry.number}：{reason}"[:300],
            reverses=entry,
            recorded_by=recorder,
        )
        reversal._change_reason = reason[:100]
        reversal.save()
    return reversal
