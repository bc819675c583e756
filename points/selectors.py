"""Read queries of the points domain shared by pages, PDFs, the dashboard and the progress report.

Every function runs a fixed number of queries, whatever the number of members or entries.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.shortcuts import get_object_or_404

from grids.choices import MemberTier
from grids.selectors import members_for_node
from places.choices import AreaKind
from places.models import Area
from points import rules
from points.choices import ClaimStatus, PeriodKind, ScopeKind, SnapshotStatus
from points.models import (
    PointClaim,
    PointEntry,
    PointThreshold,
    RankingNotice,
    RankingRow,
    RankingSnapshot,
    RuleBook,
    RuleItem,
)

TIER_ORDER = Case(
    *[When(tier=value, then=Value(i)) for i, value in enumerate(MemberTier.values)],
    output_field=IntegerField(),
)


# --- rule books ------------------------------------------------------------------------------


def rule_book_for(township_id: int, year: int) -> RuleBook | None:
    return RuleBook.objects.filter(township_id=township_id, year=year).first()


def rule_book_contents(book: RuleBook):
    """The book's categories, each with its items and their tier overrides. Three queries."""
    items = list(
        RuleItem.objects.filter(rule_book=book)
        .select_related("category")
        .prefetch_related("tiers")
        .order_by("category__order", "category__pk", "order", "code")
    )
    tier_labels = dict(MemberTier.choices)
    categories = {}
    for item in items:
        item.tier_rows = [
            {"label": tier_labels[o.tier], "points": o.points, "cap_month": o.cap_month, "cap_year": o.cap_year}
            for o in sorted(item.tiers.all(), key=lambda o: MemberTier.values.index(o.tier))
        ]
        categories.setdefault(item.category.pk, (item.category, []))[1].append(item)
    return list(categories.values())


def items_for_member(member, on_date: datetime.date, claimable_only=False):
    """Items of the rule book that applies to the member on that day (none when not covered)."""
    book = RuleBook.objects.filter(township_id=member.township_id, year=on_date.year).first()
    if book is None or not book.covers(member.village_id, on_date):
        return RuleItem.objects.none()
    qs = RuleItem.objects.filter(rule_book=book).select_related("category")
    return qs.filter(claimable=True) if claimable_only else qs


# --- rankings --------------------------------------------------------------------------------


def thresholds_for(snapshot: RankingSnapshot) -> list[rules.Threshold]:
    """The office's thresholds for this snapshot's year and kind of period. One query."""
    return [
        t.as_rule()
        for t in PointThreshold.objects.filter(
            rule_book__township_id=snapshot.township_id,
            rule_book__year=snapshot.period_start.year,
            period_kind=snapshot.period_kind,
        ).order_by("use", "-min_total")
    ]


def _ordering(snapshot):
    if snapshot.scope_kind == ScopeKind.VILLAGE:
        return ("village__code", "rank", "member__name_pinyin", "member_id")
    if snapshot.scope_kind == ScopeKind.TIER:
        return ("tier_order", "rank", "member__name_pinyin", "member_id")
    return ("rank", "member__name_pinyin", "member_id")


def snapshot_rows(snapshot: RankingSnapshot, user, *, village=None, tier=None, query="", min_total=None):
    """The rows of a snapshot the user may see (a secretary: their village), filtered and ordered."""
    rows = RankingRow.objects.for_user(user).filter(snapshot=snapshot).select_related("member", "village")
    if village:
        rows = rows.filter(village_id=village)
    if tier:
        rows = rows.filter(tier=tier)
    if query:
        rows = rows.filter(
            Q(member__name__contains=query)
            | Q(member__name_initials__startswith=query.lower())
            | Q(member__name_pinyin__startswith=query.lower())
        )
    if min_total is not None:
        rows = rows.filter(total__gte=min_total)
    if snapshot.scope_kind == ScopeKind.TIER:
        rows = rows.annotate(tier_order=TIER_ORDER)
    return rows.order_by(*_ordering(snapshot))


def snapshot_rows_for_print(snapshot: RankingSnapshot) -> list[RankingRow]:
    """Every row of the snapshot, for its notice (the Celery task renders whole notices)."""
    rows = RankingRow.objects.filter(snapshot=snapshot).select_related("member", "village")
    if snapshot.scope_kind == ScopeKind.TIER:
        rows = rows.annotate(tier_order=TIER_ORDER)
    return list(rows.order_by(*_ordering(snapshot)))


def snapshot_versions(snapshot: RankingSnapshot):
    """Every version of the snapshot's period and scope, newest first."""
    return RankingSnapshot.objects.filter(
        township_id=snapshot.township_id,
        period_kind=snapshot.period_kind,
        period_start=snapshot.period_start,
        scope_kind=snapshot.scope_kind,
    ).order_by("-version")


def snapshots_for(user, *, township=None, period_kind="", year=None, status=""):
    qs = RankingSnapshot.objects.for_user(user).select_related("township")
    if township:
        qs = qs.filter(township_id=township)
    if period_kind:
        qs = qs.filter(period_kind=period_kind)
    if year:
        qs = qs.filter(period_start__year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-period_start", "township__code", "period_kind", "scope_kind", "-version")


def notices_for(snapshot: RankingSnapshot, user):
    return (
        RankingNotice.objects.for_user(user)
        .filter(snapshot=snapshot)
        .select_related("village")
        .order_by("village__code")
    )


# --- the member's handbook -------------------------------------------------------------------


@dataclass
class HandbookMonth:
    start: datetime.date
    entries: list = field(default_factory=list)
    total: int = 0


@dataclass
class HandbookRank:
    label: str
    kind: str
    total: int | None = None
    ranks: dict = field(default_factory=dict)  # scope kind -> (rank, version)


@dataclass
class Handbook:
    member: object  # grids.Member
    year: int
    rule_book: RuleBook | None
    months: list
    total: int
    ranks: list
    pending_claims: int


def member_handbook(member, year: int) -> Handbook:
    """积分管理手册: the member's entries of a year by month, totals, and published ranks. Four queries."""
    entries = list(
        PointEntry.objects.filter(
            member=member, occurred_on__gte=datetime.date(year, 1, 1), occurred_on__lte=datetime.date(year, 12, 31)
        )
        .select_related("item", "item__category", "reverses", "reversal")
        .order_by("occurred_on", "pk")
    )
    months: dict[int, HandbookMonth] = {}
    for entry in entries:
        month = months.setdefault(entry.occurred_on.month, HandbookMonth(entry.occurred_on.replace(day=1)))
        month.entries.append(entry)
        month.total += entry.points
    rows = (
        RankingRow.objects.filter(
            member=member,
            snapshot__township_id=member.township_id,
            snapshot__status=SnapshotStatus.PUBLISHED,
            snapshot__period_start__gte=datetime.date(year, 1, 1),
            snapshot__period_start__lte=datetime.date(year, 12, 31),
        )
        .select_related("snapshot")
        .order_by("snapshot__period_start", "snapshot__version")
    )
    periods: dict[tuple, HandbookRank] = {}
    for row in rows:
        snap = row.snapshot
        key = (snap.period_start, PeriodKind.values.index(snap.period_kind))
        rank = periods.setdefault(key, HandbookRank(snap.period_label, snap.get_period_kind_display()))
        rank.total = row.total
        rank.ranks[snap.scope_kind] = (row.rank, snap.version)  # later versions replace earlier ones
    return Handbook(
        member=member,
        year=year,
        rule_book=RuleBook.objects.filter(township_id=member.township_id, year=year).first(),
        months=[months[m] for m in sorted(months)],
        total=sum(m.total for m in months.values()),
        ranks=[periods[k] for k in sorted(periods)],
        pending_claims=PointClaim.objects.filter(member=member, status=ClaimStatus.PENDING).count(),
    )


# --- the progress report, section (七) --------------------------------------------------------


@dataclass
class PointsSection:
    """What section (七) of the progress report says: the rule book's title and its pilot villages."""

    township: str
    title: str
    year: int | None
    pilot_villages: list[str]
    applies_to_all: bool
    all_from: datetime.date | None


def report_points_section(township: Area, on_date: datetime.date) -> PointsSection:
    """The township's rule book in force on ``on_date`` (else its latest earlier one). Two queries."""
    book = (
        RuleBook.objects.filter(township=township, year__lte=on_date.year)
        .order_by("-year")
        .prefetch_related("pilot_villages")
        .first()
    )
    if book is None:
        return PointsSection(township.name, "", None, [], False, None)
    pilots = sorted(book.pilot_villages.all(), key=lambda v: v.code)
    return PointsSection(
        township=township.name,
        title=book.title,
        year=book.year,
        pilot_villages=[v.name for v in pilots],
        applies_to_all=book.applies_to_all,
        all_from=book.all_from,
    )


# --- the dashboard ---------------------------------------------------------------------------


def dashboard_figures(user, today: datetime.date) -> dict:
    """Points at a glance in the user's scope: this month's entries and points, pending claims,
    drafts waiting to be published. Three queries."""
    month_start = today.replace(day=1)
    entries = PointEntry.objects.for_user(user).filter(occurred_on__gte=month_start, occurred_on__lte=today)
    figures = entries.aggregate(count=Count("pk"), points=Sum("points"))
    pending = PointClaim.objects.for_user(user).filter(status=ClaimStatus.PENDING).count()
    drafts = RankingSnapshot.objects.for_user(user).filter(status=SnapshotStatus.DRAFT).count()
    return {
        "month_label": rules.period_label(PeriodKind.MONTH, month_start),
        "entries": figures["count"] or 0,
        "points": figures["points"] or 0,
        "pending_claims": pending,
        "draft_rankings": drafts,
    }


def member_summary(member, today: datetime.date) -> dict:
    """A member's own points this month and this year. One query."""
    year_start = today.replace(month=1, day=1)
    sums = PointEntry.objects.filter(member=member, occurred_on__gte=year_start, occurred_on__lte=today).aggregate(
        year=Sum("points"), month=Sum("points", filter=Q(occurred_on__gte=today.replace(day=1)))
    )
    return {"year": sums["year"] or 0, "month": sums["month"] or 0}


def own_claims(user):
    """A party member's own claims (nobody else's, whatever their scope)."""
    return PointClaim.objects.filter(member__user=user) if user.is_authenticated else PointClaim.objects.none()


def thresholds_in(rule_books):
    """The thresholds (积分运用标准) of these rule books (pass the user's scoped rule books)."""
    return PointThreshold.objects.filter(rule_book__in=rule_books)


def published_month_rankings(township_id: int, year: int) -> set[int]:
    """The months (1–12) of ``year`` for which the township published a month ranking (月榜, any
    scope): for the star ratings' "rankings published every month". One query."""
    return set(
        RankingSnapshot.objects.filter(
            township_id=township_id,
            period_kind=PeriodKind.MONTH,
            period_start__year=year,
            status=SnapshotStatus.PUBLISHED,
        )
        .values_list("period_start__month", flat=True)
        .distinct()
    )


def village_for_recording(user, village_pk):
    """The village whose members the record page lists: a secretary's own; the office picks one of
    theirs by key (404 outside scope); None until one is picked."""
    if user.scope_node is not None and user.scope_node.kind == AreaKind.VILLAGE:
        return user.scope_node
    if village_pk is None:
        return None
    return get_object_or_404(Area.objects.for_user(user).villages(), pk=village_pk)


def villages_to_record_in(user):
    """The villages the record page offers (None for a user scoped to one village)."""
    if user.scope_node is not None and user.scope_node.kind == AreaKind.VILLAGE:
        return None
    return Area.objects.for_user(user).villages().select_related("parent").order_by("code")


def mark_qualifications(rows, thresholds) -> None:
    """Set ``row.qualified`` on each ranking row: the uses its total qualifies for (no query)."""
    for row in rows:
        row.qualified = rules.qualifications(row.total, thresholds)


# --- the progress report's appendix: how members' points are spread ----------------------------

POINT_BANDS = (
    (None, 0, "0分及以下"),
    (1, 19, "1–19分"),
    (20, 39, "20–39分"),
    (40, 59, "40–59分"),
    (60, None, "60分及以上"),
)


def points_distribution(node: Area, start: datetime.date, end: datetime.date) -> list[tuple[str, int]]:
    """How many members under ``node`` reached each band of points in ``start``..``end`` (members
    without entries count in the lowest band). Two queries: the members, and one grouped sum."""
    members = members_for_node(node).count()
    totals = list(
        PointEntry.objects.within(node)
        .filter(occurred_on__range=(start, end))
        .order_by()
        .values("member_id")
        .annotate(total=Sum("points"))
        .values_list("total", flat=True)
    )
    result = []
    for low, high, label in POINT_BANDS:
        n = sum(1 for t in totals if (low is None or t >= low) and (high is None or t <= high))
        if low is None:
            n += max(members - len(totals), 0)
        result.append((label, n))
    return result


# --- where a member stands (their home page) ---------------------------------------------------


@dataclass
class Standing:
    """The member's rank in one scope of a published ranking: "第 212 名 / 共 1,508 人"."""

    scope_kind: str
    label: str  # 全镇, the village's name, the tier's name
    rank: int | None = None
    out_of: int | None = None

    @property
    def text(self) -> str:
        if self.rank is None:
            return "未公示"
        return f"第 {self.rank:,} 名 / 共 {self.out_of:,} 人"


@dataclass
class ThresholdStatus:
    """A threshold that exists for the period's kind, and whether the member's total reaches it."""

    threshold: rules.Threshold
    reached: bool
    short_by: int


@dataclass
class PeriodStanding:
    period_kind: str
    kind_label: str  # 月榜, 季榜, 年榜
    period_label: str  # 2025年3月
    total: int
    standings: list  # Standing, in the order 全镇, 本村, 分层
    thresholds: list  # ThresholdStatus, by use then from the highest line down


def member_standing(member) -> list[PeriodStanding]:
    """The member's ranks in the latest published month, quarter and year of their township: in
    the township, their village and their tier, each with how many members that scope ranks, and
    the thresholds (积分运用标准) of that kind of period with what the total reaches.

    The ranks are those the ranking SQL stored (``points.services.rankings``); two queries: the
    member's rows (the latest published period of each kind, each scope's size counted in the same
    statement), and the thresholds."""
    latest_start = (
        RankingSnapshot.objects.filter(
            township_id=member.township_id,
            period_kind=OuterRef("snapshot__period_kind"),
            status=SnapshotStatus.PUBLISHED,
        )
        .order_by("-period_start")
        .values("period_start")[:1]
    )
    same_snapshot = RankingRow.objects.filter(snapshot_id=OuterRef("snapshot_id")).order_by().values("snapshot_id")
    in_village = same_snapshot.filter(village_id=OuterRef("village_id")).annotate(n=Count("member_id")).values("n")
    in_tier = same_snapshot.filter(tier=OuterRef("tier")).annotate(n=Count("member_id")).values("n")
    rows = list(
        RankingRow.objects.filter(
            member=member,
            snapshot__township_id=member.township_id,
            snapshot__status=SnapshotStatus.PUBLISHED,
            snapshot__period_start=Subquery(latest_start),
        )
        .annotate(
            out_of=Case(
                When(snapshot__scope_kind=ScopeKind.VILLAGE, then=Subquery(in_village[:1])),
                When(snapshot__scope_kind=ScopeKind.TIER, then=Subquery(in_tier[:1])),
                default=F("snapshot__member_count"),
                output_field=IntegerField(),
            )
        )
        .select_related("snapshot", "village")
        .order_by("snapshot__version")
    )
    latest: dict[tuple, RankingRow] = {}
    for row in rows:  # a later version replaces an earlier one
        latest[(row.snapshot.period_kind, row.snapshot.scope_kind)] = row
    years = {row.snapshot.period_start.year for row in rows}
    thresholds = list(
        PointThreshold.objects.filter(rule_book__township_id=member.township_id, rule_book__year__in=years)
        .select_related("rule_book")
        .order_by("use", "-min_total")
    )
    tier_labels = dict(MemberTier.choices)
    result = []
    for kind, kind_label in PeriodKind.choices:
        found = {scope: row for (k, scope), row in latest.items() if k == kind}
        if not found:
            continue
        any_row = found.get(ScopeKind.OVERALL) or next(iter(found.values()))
        snapshot = any_row.snapshot
        labels = {
            ScopeKind.OVERALL: "全镇",
            ScopeKind.VILLAGE: any_row.village.name if any_row.village_id else "本村",
            ScopeKind.TIER: tier_labels.get(any_row.tier, "本层"),
        }
        standings = []
        for scope in (ScopeKind.OVERALL, ScopeKind.VILLAGE, ScopeKind.TIER):
            row = found.get(scope)
            standings.append(Standing(scope, labels[scope], row.rank if row else None, row.out_of if row else None))
        lines = [
            t.as_rule() for t in thresholds if t.period_kind == kind and t.rule_book.year == snapshot.period_start.year
        ]
        result.append(
            PeriodStanding(
                period_kind=kind,
                kind_label=str(kind_label),
                period_label=snapshot.period_label,
                total=any_row.total,
                standings=standings,
                thresholds=[
                    ThresholdStatus(t, any_row.total >= t.min_total, max(t.min_total - any_row.total, 0)) for t in lines
                ],
            )
        )
    return result


@dataclass
class VillagePoints:
    village: str
    total: int  # points recorded in the period (reversals included, so a wrong entry nets to zero)
    members: int  # members with at least one entry in the period


def points_by_village(node: Area, start: datetime.date, end: datetime.date) -> list[VillagePoints]:
    """Each village under ``node`` (by code) with its members' points in ``start``..``end``, for the
    leadership's chart. Two queries: the villages, and one grouped sum."""
    villages = list(Area.objects.within(node).villages().order_by("code").values_list("pk", "name"))
    sums = {
        row["village_id"]: row
        for row in PointEntry.objects.within(node)
        .filter(occurred_on__range=(start, end))
        .order_by()
        .values("village_id")
        .annotate(total=Sum("points"), members=Count("member_id", distinct=True))
    }
    return [
        VillagePoints(name, sums.get(pk, {}).get("total") or 0, sums.get(pk, {}).get("members") or 0)
        for pk, name in villages
    ]


def points_waiting(user, *, periods: bool) -> dict:
    """What waits for the user on the points side: claims to approve in their scope, and (``periods``:
    the office) periods with ranking drafts to publish, a period's three drafts counted once. Two
    queries at most."""
    claims = PointClaim.objects.for_user(user).filter(status=ClaimStatus.PENDING).count()
    drafts = 0
    if periods:
        drafts = (
            RankingSnapshot.objects.for_user(user)
            .filter(status=SnapshotStatus.DRAFT)
            .order_by()
            .values("township_id", "period_kind", "period_start")
            .distinct()
            .count()
        )
    return {"claims": claims, "draft_periods": drafts}
