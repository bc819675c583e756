"""Writes and rules of the points domain. Pages, imports, tasks and commands call these.

Entries: every way of making one (the record page, an event for many members, an approved
claim, an Excel import) goes through ``EntryChecker``, so all make the same checks — the member
is in the recorder's scope, the item is in the rule book that applies to the member's village on
that day, the tier's caps hold, the day is not in the future — and a batch is saved all at once
or not at all. Each member's entries are written under a per-member lock, so two secretaries
recording at the same moment cannot both slip under a cap.

Rankings: ``rankings_compute`` ranks a period with one INSERT … SELECT that sums the entries,
ranks with RANK() OVER (PARTITION BY …) and stores the rows, for every township and scope at once.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.roles import Role
from core import outbox
from grids.choices import MemberTier
from places.choices import AreaKind
from places.models import Area
from points import rules
from points.choices import ClaimStatus, EntrySource, PeriodKind, ScopeKind, SnapshotStatus
from points.models import (
    PointClaim,
    PointEntry,
    PointEvent,
    PointThreshold,
    RankingNotice,
    RankingRow,
    RankingSnapshot,
    RuleBook,
    RuleCategory,
    RuleItem,
    RuleItemTier,
)

logger = logging.getLogger(__name__)

# Who may record points: the office for its township, a secretary for their village.
RECORD_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY})
# Who keeps the rule book and computes and publishes rankings.
OFFICE_ROLES = frozenset({Role.ADMIN, Role.OFFICE})

FUTURE_DATE = "不能登记未来日期（{date}）的积分"
OUT_OF_SCOPE = "{member}不在您的管辖范围内，不能为其登记积分"
NOT_A_RECORDER = "您的角色不能登记积分"
NO_RULE_BOOK = "{member}所在的{village}在{date}尚未实行积分制管理办法"
NOT_IN_RULE_BOOK = "积分项目“{item}”不在{member}适用的《{title}》中"
NO_MEMBERS = "请至少选择一名党员"
DUPLICATE_MEMBER = "同一名党员不能在一次登记中出现两次"
ALREADY_REVERSED = "该记录已撤销，不能重复撤销"
REVERSAL_OF_REVERSAL = "撤销记录本身不能再撤销"
REASON_REQUIRED = "请填写原因"
NO_EVIDENCE = "申报积分必须上传佐证材料（照片或PDF）"
BAD_EVIDENCE = "佐证材料只能是 JPG、PNG 图片或 PDF 文件"
EVIDENCE_TOO_BIG = "佐证材料过大：最大允许 {mb} MB"
NOT_CLAIMABLE = "“{item}”不能由党员自行申报"
CLAIM_DECIDED = "该申报已审核，不能重复审核"
NOT_YOUR_CLAIM = "只有党员本人可以申报积分"
FUTURE_PERIOD = "{label}尚未开始，不能计算排行"
PERIOD_NOT_ENDED = "{label}尚未结束，不能公示"
ALREADY_PUBLISHED = "该排行已公示；如需更正，请填写更正说明生成新版本"
NOT_DRAFT = "只有草稿可以公示"
CORRECTION_NOTE_REQUIRED = "更正必须填写更正说明"
NOT_LATEST = "只能更正最新公示的版本"
NO_RULE_BOOK_FOR_YEAR = "{township}没有{year}年的积分制管理办法"

ENTRY_LOCK = 7_140_005
RANKING_LOCK = 7_140_006


# --- scope -----------------------------------------------------------------------------------


def threshold_delete(threshold: PointThreshold) -> None:
    """Remove a threshold (积分运用标准) from its rule book."""
    threshold.delete()


def may_record_for(user, member) -> bool:
    """Whether ``user`` may record points for ``member`` (the scope rule, without a query)."""
    if not user.is_authenticated or not user.has_role(RECORD_ROLES):
        return False
    if user.sees_everything:
        return True
    node = user.scope_node
    if node is None:
        return False
    if node.kind == AreaKind.TOWNSHIP:
        return member.township_id == node.pk
    if node.kind == AreaKind.VILLAGE:
        return member.village_id == node.pk
    return False


def _lock_members(member_ids) -> None:
    """Serialise entry writes per member for the rest of the transaction (PostgreSQL)."""
    ids = sorted(set(member_ids))
    if ids and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, m) FROM unnest(%s::int[]) AS m ORDER BY m", [ENTRY_LOCK, ids]
            )


# --- the rule book ---------------------------------------------------------------------------


def rule_item_save(*, item: RuleItem, category_name: str, overrides: dict) -> RuleItem:
    """Save an item of a rule book, its category (made when new) and its tiers' differing terms."""
    with transaction.atomic():
        book = item.rule_book
        name = category_name.strip()
        category = RuleCategory.objects.filter(rule_book=book, name=name).first()
        if category is None:
            category = RuleCategory.objects.create(rule_book=book, name=name, order=book.categories.count() + 1)
        item.category = category
        item.township_id = book.township_id
        item.save()
        RuleItemTier.objects.filter(item=item).exclude(tier__in=list(overrides)).delete()
        for tier, values in overrides.items():
            RuleItemTier.objects.update_or_create(item=item, tier=tier, defaults=values)
    return item


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
    if not recorder.has_role(RECORD_ROLES):
        raise ValidationError(NOT_A_RECORDER)
    many = len(members) > 1 or bool(title)
    with transaction.atomic():
        _lock_members(m.pk for m in members)
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
        _lock_members([entry.member_id])
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


# --- claims ----------------------------------------------------------------------------------

EVIDENCE_MAGIC = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "pdf": (b"%PDF-",),
}


def check_evidence(upload) -> None:
    """Refuse a claim's evidence unless it is a real JPG, PNG or PDF within the size limit."""
    from django.conf import settings

    if not upload:
        raise ValidationError({"evidence": NO_EVIDENCE})
    name = (upload.name or "").lower()
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in EVIDENCE_MAGIC:
        raise ValidationError({"evidence": BAD_EVIDENCE})
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError({"evidence": EVIDENCE_TOO_BIG.format(mb=settings.UPLOAD_MAX_BYTES // (1024 * 1024))})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(EVIDENCE_MAGIC[suffix]):
        raise ValidationError({"evidence": BAD_EVIDENCE})


def claim_submit(*, user, item: RuleItem, occurred_on, description: str, evidence, today) -> PointClaim:
    """A member claims points for themselves, with evidence; the secretary decides later."""
    member = getattr(user, "member", None)
    if user.role != Role.MEMBER or member is None:
        raise ValidationError(NOT_YOUR_CLAIM)
    check_evidence(evidence)
    if not (description or "").strip():
        raise ValidationError({"description": REASON_REQUIRED})
    if not item.claimable:
        raise ValidationError({"item": NOT_CLAIMABLE.format(item=item.name)})
    checker = EntryChecker(
        recorder=user, members=[member], years=[occurred_on.year], item_ids=[item.pk], today=today, check_scope=False
    )
    _, problem = checker.check(member, item.pk, occurred_on)
    if problem:
        raise ValidationError(problem)
    claim = PointClaim(
        township_id=member.township_id,
        village_id=member.village_id,
        member=member,
        item=item,
        occurred_on=occurred_on,
        description=description.strip(),
    )
    claim.evidence.save(evidence.name, evidence, save=False)
    claim.save()
    return claim


def claim_approve(*, approver, claim: PointClaim, today, note="") -> PointClaim:
    """Approve a pending claim: its entry is made through the same checks (caps at this moment)."""
    with transaction.atomic():
        claim = PointClaim.objects.select_for_update().select_related("member", "item").get(pk=claim.pk)
        if claim.status != ClaimStatus.PENDING:
            raise ValidationError(CLAIM_DECIDED)
        (entry,) = entries_record(
            recorder=approver,
            members=[claim.member],
            item=claim.item,
            occurred_on=claim.occurred_on,
            today=today,
            note=f"党员申报：{claim.description}"[:300],
            source=EntrySource.CLAIM,
        )
        claim.status = ClaimStatus.APPROVED
        claim.entry = entry
        claim.decided_by = approver
        claim.decided_at = timezone.now()
        claim.decision_note = note[:300]
        claim.save()
    return claim


def claim_reject(*, approver, claim: PointClaim, reason: str) -> PointClaim:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if not may_record_for(approver, claim.member):
        raise ValidationError(OUT_OF_SCOPE.format(member=claim.member.name))
    with transaction.atomic():
        claim = PointClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != ClaimStatus.PENDING:
            raise ValidationError(CLAIM_DECIDED)
        claim.status = ClaimStatus.REJECTED
        claim.decided_by = approver
        claim.decided_at = timezone.now()
        claim.decision_note = reason[:300]
        claim.save()
    return claim


# --- rankings --------------------------------------------------------------------------------

ALL_SCOPES = (ScopeKind.OVERALL, ScopeKind.VILLAGE, ScopeKind.TIER)


@dataclass
class ComputeOutcome:
    """What computing one township's period did, for the command and the page to report."""

    township: Area
    snapshots: list
    action: str  # created, replaced, corrected, kept (published, not recomputed), skipped
    message: str = ""


def _placeholders(values) -> tuple[str, list]:
    values = list(values)
    if not values:
        return "(NULL)", []
    return "(" + ", ".join(["%s"] * len(values)) + ")", values


RANKING_COLUMNS = "snapshot_id, member_id, township_id, village_id, tier, total, rank"


def ranking_query(*, snapshot_ids, township_ids, all_township_ids, pilot_village_ids, start, end, insert=True):
    """The ranking SQL and its parameters (``insert=False``: the bare SELECT, for benchmarks).

    One statement: the members the rule books cover with their totals over the period (the
    entries are summed from the index on township and day, once), ranked by RANK() over the
    township, over the township's villages and over its tiers, then written to each snapshot
    with the rank of its scope — so a township's three scopes, and every township of a county,
    come from one pass over the entries.
    Ties share a rank (1, 2, 2, 4). Members with no entries rank last with 0.
    """
    snapshots_in, snapshot_params = _placeholders(snapshot_ids)
    townships_in, township_params = _placeholders(township_ids)
    all_in, all_params = _placeholders(all_township_ids)
    pilots_in, pilot_params = _placeholders(pilot_village_ids)
    select = f"""
        WITH totals AS MATERIALIZED (
            SELECT m.id AS member_id, m.township_id, m.village_id, m.tier, COALESCE(s.total, 0) AS total
            FROM grids_member m
            LEFT JOIN (
                SELECT e.member_id, SUM(e.points) AS total
                FROM points_pointentry e
                WHERE e.township_id IN {townships_in} AND e.occurred_on >= %s AND e.occurred_on <= %s
                GROUP BY e.member_id
            ) s ON s.member_id = m.id
            WHERE m.township_id IN {townships_in}
              AND (m.township_id IN {all_in} OR m.village_id IN {pilots_in})
        ), ranked AS (
            SELECT x.*,
                   RANK() OVER (PARTITION BY x.township_id ORDER BY x.total DESC) AS overall_rank,
                   RANK() OVER (PARTITION BY x.township_id, x.village_id ORDER BY x.total DESC) AS village_rank,
                   RANK() OVER (PARTITION BY x.township_id, x.tier ORDER BY x.total DESC) AS tier_rank
            FROM totals x
        )
        SELECT t.id, r.member_id, r.township_id, r.village_id, r.tier, r.total,
               CASE t.scope_kind
                   WHEN 'village' THEN r.village_rank
                   WHEN 'tier' THEN r.tier_rank
                   ELSE r.overall_rank END AS rank
        FROM ranked r JOIN points_rankingsnapshot t ON t.township_id = r.township_id
        WHERE t.id IN {snapshots_in}
    """
    params = township_params + [start, end] + township_params + all_params + pilot_params + snapshot_params
    if not insert:
        return select, params
    sql = "INSERT INTO points_rankingrow (snapshot_id, member_id, township_id, village_id, tier, total, rank) " + select
    return sql, params


def _coverage(townships, start, end):
    """Which members a period's ranking covers: the townships whose rule book covers every village
    by the period's end, and the pilot villages of the others (``rules.rule_book_covers``).
    Returns (townships with a rule book, those ids, pilot village ids). One query."""
    townships_in, params = _placeholders(t.pk for t in townships)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT b.township_id, b.applies_to_all, b.all_from, p.area_id FROM points_rulebook b"
            " LEFT JOIN points_rulebook_pilot_villages p ON p.rulebook_id = b.id"
            f" WHERE b.township_id IN {townships_in} AND b.year = %s",
            [*params, start.year],
        )
        rows = cursor.fetchall()
    with_book, everyone, pilots = set(), set(), []
    for township_id, applies_to_all, all_from, village_id in rows:
        with_book.add(township_id)
        if isinstance(all_from, str):  # SQLite returns dates as text to a bare cursor
            all_from = datetime.date.fromisoformat(all_from)
        # A village that is no pilot is covered on the last day only once the book is rolled out.
        if rules.rule_book_covers(
            pilot_village_ids=(), applies_to_all=applies_to_all, all_from=all_from, village_id=0, on_date=end
        ):
            everyone.add(township_id)
        elif village_id is not None:
            pilots.append(village_id)
    return with_book, sorted(everyone), pilots


def _covered_counts(township_ids, all_ids, pilots) -> dict:
    """Members covered per township (every scope of a township ranks the same members). One query."""
    townships_in, township_params = _placeholders(township_ids)
    all_in, all_params = _placeholders(all_ids)
    pilots_in, pilot_params = _placeholders(pilots)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT township_id, COUNT(*) FROM grids_member WHERE township_id IN {townships_in}"
            f" AND (township_id IN {all_in} OR village_id IN {pilots_in}) GROUP BY township_id",
            township_params + all_params + pilot_params,
        )
        return dict(cursor.fetchall())


def _lock_rankings(township_ids) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, t) FROM unnest(%s::int[]) AS t ORDER BY t",
                [RANKING_LOCK, sorted(township_ids)],
            )


def rankings_compute(
    *, period_kind, on_date, today, townships=None, scope_kinds=ALL_SCOPES, correction_note="", user=None
) -> list[ComputeOutcome]:
    """Compute and store the rankings of the period containing ``on_date``.

    For each township and scope: no snapshot yet → version 1 (draft); the latest is a draft →
    its rows are replaced (never a duplicate: one draft per period and scope is a constraint);
    the latest is published → kept as it is, unless ``correction_note`` is given, which makes a
    new draft version carrying the note (the published one is kept). Townships without a rule
    book for the year are skipped. A fixed number of queries, whatever the number of townships.
    """
    if period_kind not in PeriodKind.values:
        raise ValidationError(f"未知的榜单类型：{period_kind}")
    start, end = rules.period_bounds(period_kind, on_date)
    label = rules.period_label(period_kind, start)
    if start > today:
        raise ValidationError(FUTURE_PERIOD.format(label=label))
    townships = list(townships if townships is not None else Area.objects.townships().order_by("code"))
    township_ids = [t.pk for t in townships]
    outcomes: dict[int, ComputeOutcome] = {}
    with transaction.atomic():
        _lock_rankings(township_ids)
        books, all_ids, pilots = _coverage(townships, start, end)
        latest = {}
        for snap in RankingSnapshot.objects.filter(
            township_id__in=township_ids, period_kind=period_kind, period_start=start, scope_kind__in=scope_kinds
        ).order_by("version"):
            latest[(snap.township_id, snap.scope_kind)] = snap
        create, replace = [], []
        now = timezone.now()
        for township in townships:
            if township.pk not in books:
                outcomes[township.pk] = ComputeOutcome(
                    township, [], "skipped", NO_RULE_BOOK_FOR_YEAR.format(township=township.name, year=start.year)
                )
                continue
            action = "created"
            snaps = []
            for scope in scope_kinds:
                current = latest.get((township.pk, scope))
                if current is None:
                    snap = RankingSnapshot(
                        township=township,
                        period_kind=period_kind,
                        period_start=start,
                        period_end=end,
                        scope_kind=scope,
                        version=1,
                        note=correction_note,
                        computed_at=now,
                    )
                    create.append(snap)
                elif current.status == SnapshotStatus.DRAFT:
                    if correction_note:
                        current.note = correction_note
                    replace.append(current)
                    snap, action = current, "replaced" if action == "created" else action
                elif correction_note:
                    snap = RankingSnapshot(
                        township=township,
                        period_kind=period_kind,
                        period_start=start,
                        period_end=end,
                        scope_kind=scope,
                        version=current.version + 1,
                        note=correction_note,
                        computed_at=now,
                    )
                    create.append(snap)
                    action = "corrected"
                else:
                    snap, action = current, "kept"
                snaps.append(snap)
            outcomes[township.pk] = ComputeOutcome(
                township, snaps, action, ALREADY_PUBLISHED if action == "kept" else ""
            )
        targets = create + replace
        if targets:
            counts = _covered_counts(sorted({s.township_id for s in targets}), all_ids, pilots)
            for snap in targets:
                snap.member_count = counts.get(snap.township_id, 0)
                snap.computed_at = now
            # A snapshot's history starts when it is published; computing it is on the row itself.
            RankingSnapshot.objects.bulk_create(create)
            if replace:
                RankingSnapshot.objects.bulk_update(replace, ["member_count", "computed_at", "note"])
                RankingRow.objects.filter(snapshot_id__in=[s.pk for s in replace]).delete()
            ranked_townships = sorted({s.township_id for s in targets})
            query = partial(
                ranking_query,
                snapshot_ids=[s.pk for s in targets],
                township_ids=ranked_townships,
                all_township_ids=all_ids,
                pilot_village_ids=pilots,
                start=start,
                end=end,
            )
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql" and len(ranked_townships) > 1:
                    # PostgreSQL runs INSERT … SELECT without parallel workers; CREATE TABLE AS may
                    # use them, which matters when a period of the whole county sums a million entries.
                    select, params = query(insert=False)
                    cursor.execute(f"CREATE TEMPORARY TABLE points_ranked AS {select}", params)
                    cursor.execute(f"INSERT INTO points_rankingrow ({RANKING_COLUMNS}) SELECT * FROM points_ranked")
                    cursor.execute("DROP TABLE points_ranked")
                else:
                    cursor.execute(*query())
    return list(outcomes.values())


def ranking_publish(*, snapshot: RankingSnapshot, user, today) -> RankingSnapshot:
    """Publish (公示) a draft: it is frozen from now on, and its notices are rendered by Celery."""
    from points import tasks

    with transaction.atomic():
        snapshot = RankingSnapshot.objects.select_for_update().get(pk=snapshot.pk)
        if snapshot.status != SnapshotStatus.DRAFT:
            raise ValidationError(NOT_DRAFT)
        if snapshot.period_end >= today:
            raise ValidationError(PERIOD_NOT_ENDED.format(label=snapshot.period_label))
        snapshot.status = SnapshotStatus.PUBLISHED
        snapshot.published_at = timezone.now()
        snapshot.published_by = user
        snapshot._change_reason = "公示"
        snapshot.save()
        # In the same transaction: published and its notice task, or neither (core.outbox).
        outbox.enqueue(tasks.ranking_notices_render, snapshot.pk, township_id=snapshot.township_id)
    return snapshot


def ranking_correct(*, snapshot: RankingSnapshot, note: str, user, today) -> RankingSnapshot:
    """Correct a published ranking: a new draft version with the note; the published one is kept."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": CORRECTION_NOTE_REQUIRED})
    snapshot = RankingSnapshot.objects.select_related("township").get(pk=snapshot.pk)
    if snapshot.status != SnapshotStatus.PUBLISHED:
        raise ValidationError(NOT_LATEST)
    newer = RankingSnapshot.objects.filter(
        township_id=snapshot.township_id,
        period_kind=snapshot.period_kind,
        period_start=snapshot.period_start,
        scope_kind=snapshot.scope_kind,
        version__gt=snapshot.version,
    )
    if newer.filter(status=SnapshotStatus.PUBLISHED).exists():
        raise ValidationError(NOT_LATEST)
    (outcome,) = rankings_compute(
        period_kind=snapshot.period_kind,
        on_date=snapshot.period_start,
        today=today,
        townships=[snapshot.township],
        scope_kinds=(snapshot.scope_kind,),
        correction_note=note,
        user=user,
    )
    return outcome.snapshots[0]


# --- notices ---------------------------------------------------------------------------------


def _delete_files(names) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def notice_title(snapshot: RankingSnapshot, place_name: str) -> str:
    kind = snapshot.get_period_kind_display()
    return f"{place_name}党员积分{kind}公示（{snapshot.period_label}）"


def notices_render(snapshot_id: int, today=None) -> list[RankingNotice]:
    """Render and store the notice PDFs of a published snapshot (idempotent: re-rendering replaces).

    Overall and tier rankings give one township notice (tiers as sections); a per-village ranking
    gives one notice per village, to post on that village's board.
    """
    from core.pdf import render_pdf
    from points import selectors

    snapshot = RankingSnapshot.objects.select_related("township").get(pk=snapshot_id)
    if snapshot.status != SnapshotStatus.PUBLISHED:
        return []
    rows = selectors.snapshot_rows_for_print(snapshot)
    thresholds = selectors.thresholds_for(snapshot)
    tier_labels = dict(MemberTier.choices)
    documents = []  # (village or None, title, groups)
    if snapshot.scope_kind == ScopeKind.VILLAGE:
        by_village = defaultdict(list)
        for row in rows:
            by_village[row.village_id].append(row)
        for village_rows in by_village.values():
            village = village_rows[0].village
            documents.append((village, notice_title(snapshot, village.name), [("", village_rows)]))
    elif snapshot.scope_kind == ScopeKind.TIER:
        by_tier = defaultdict(list)
        for row in rows:
            by_tier[row.tier].append(row)
        groups = [(tier_labels[t], by_tier[t]) for t in MemberTier.values if by_tier.get(t)]
        documents.append((None, notice_title(snapshot, snapshot.township.name), groups))
    else:
        documents.append((None, notice_title(snapshot, snapshot.township.name), [("", rows)]))
    issued = snapshot.published_at or timezone.now()
    rendered = []  # every PDF first: a render that fails or is killed changes nothing
    for village, title, groups in documents:
        for _, group_rows in groups:
            for row in group_rows:
                row.qualified = rules.qualifications(row.total, thresholds)
        pdf = render_pdf(
            "points/pdf/notice.html",
            {
                "snapshot": snapshot,
                "title": title,
                "groups": groups,
                "show_village": village is None,
                "show_tier": snapshot.scope_kind != ScopeKind.TIER,
                "thresholds": thresholds,
                "issued_on": timezone.localtime(issued).date(),
            },
        )
        rendered.append((village, title, sum(len(g) for _, g in groups), pdf))
    notices, replaced, written = [], [], []
    try:
        with transaction.atomic():
            existing = {n.village_id: n for n in snapshot.notices.select_for_update()}
            for village, title, row_count, pdf in rendered:
                notice = existing.get(village.pk if village else None) or RankingNotice(
                    snapshot=snapshot, township=snapshot.township, village=village
                )
                if notice.file:
                    replaced.append(notice.file.name)
                notice.title = title
                notice.row_count = row_count
                notice.rendered_at = timezone.now()
                place = f"v{village.pk}" if village else "all"
                notice.file.save(f"notice-{snapshot.pk}-{place}-v{snapshot.version}.pdf", ContentFile(pdf), save=False)
                written.append(notice.file.name)
                notice.save()
                notices.append(notice)
            # The files the rows pointed at go once the new rows are committed.
            transaction.on_commit(partial(_delete_files, replaced))
    except BaseException:
        _delete_files(written)
        raise
    return notices


def notices_rerender(*, snapshot: RankingSnapshot):
    """Render a published snapshot's notices again, in the background (the page's button)."""
    from points import tasks

    with transaction.atomic():
        return outbox.enqueue(tasks.ranking_notices_render, snapshot.pk, township_id=snapshot.township_id)
