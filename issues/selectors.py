"""Read queries of the rectification ledger, shared by pages, the dashboard and the progress report.

``problem_figures(node=..., date_from=..., date_to=...)`` is what the progress report calls for
section (五): 党委*类问题*条，领导班子*类问题*条，*个村级党组织共梳理*类问题*条, and rectified
versus open per village. Every function runs a fixed number of queries whatever the data size.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Q, Value, When
from django.urls import reverse

from core.figures import Shortfall
from issues.choices import Level, Status
from issues.models import Problem, ProblemCategory, ProblemEvidence
from issues.rules import OPEN
from places.choices import AreaKind
from places.models import Area


@dataclass(kw_only=True)
class ProblemCounts:
    """How many categories (类) and problems (条) a set of problems has, and how they stand now
    (``_counts`` is the SQL of these fields)."""

    categories: int = 0
    problems: int = 0
    pending: int = 0
    in_progress: int = 0
    done: int = 0
    ongoing: int = 0
    overdue: int = 0

    @property
    def open(self) -> int:
        return self.pending + self.in_progress

    @property
    def rectified(self) -> int:
        """已整改 plus 长期坚持 (measures in place and kept up)."""
        return self.done + self.ongoing


@dataclass
class LevelFigures(ProblemCounts):
    """One level's line: its categories and problems, and how they stand."""

    level: str
    label: str
    organisations: int = 0  # villages with at least one problem (村级 only)


@dataclass
class VillageFigures(ProblemCounts):
    """One village organisation's problems: rectified versus open."""

    village: Area

    @property
    def rate(self) -> int:
        """Rectified share in whole percent (0 when there are no problems)."""
        return round(100 * self.rectified / self.problems) if self.problems else 0


@dataclass
class ProblemFigures:
    node: Area
    date_from: datetime.date | None
    date_to: datetime.date | None
    levels: dict[str, LevelFigures] = field(default_factory=dict)
    villages: list[VillageFigures] = field(default_factory=list)

    @property
    def committee(self) -> LevelFigures:
        return self.levels[Level.COMMITTEE]

    @property
    def leadership(self) -> LevelFigures:
        return self.levels[Level.LEADERSHIP]

    @property
    def village(self) -> LevelFigures:
        return self.levels[Level.VILLAGE]

    @property
    def total(self) -> int:
        return sum(f.problems for f in self.levels.values())

    @property
    def open(self) -> int:
        return sum(f.open for f in self.levels.values())

    @property
    def rectified(self) -> int:
        return sum(f.rectified for f in self.levels.values())

    @property
    def overdue(self) -> int:
        return sum(f.overdue for f in self.levels.values())

    @property
    def sentence(self) -> str:
        """The report's sentence, every * filled."""
        c, lt, v = self.committee, self.leadership, self.village
        return (
            f"党委{c.categories}类问题{c.problems}条，领导班子{lt.categories}类问题{lt.problems}条，"
            f"{v.organisations}个村级党组织共梳理{v.categories}类问题{v.problems}条"
        )


def _counts():
    """The aggregates of ``ProblemCounts``' fields."""
    return {
        "problems": Count("pk"),
        "categories": Count("category", distinct=True),
        "pending": Count("pk", filter=Q(status=Status.PENDING)),
        "in_progress": Count("pk", filter=Q(status=Status.IN_PROGRESS)),
        "done": Count("pk", filter=Q(status=Status.DONE)),
        "ongoing": Count("pk", filter=Q(status=Status.ONGOING)),
        "overdue": Count("pk", filter=Q(overdue=True)),
    }


def problem_figures(
    *, node: Area, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> ProblemFigures:
    """Section (五)'s figures for the problems found (发现日期) in the date range, under ``node``
    (a township or a village). Statuses are as they stand now. Three queries."""
    problems = Problem.objects.within(node)
    if date_from:
        problems = problems.filter(found_on__gte=date_from)
    if date_to:
        problems = problems.filter(found_on__lte=date_to)
    figures = ProblemFigures(node=node, date_from=date_from, date_to=date_to)
    for level, label in Level.choices:
        figures.levels[level] = LevelFigures(level=level, label=label)
    rows = problems.order_by().values("level").annotate(organisations=Count("village", distinct=True), **_counts())
    for row in rows:
        line = figures.levels[row.pop("level")]
        for key, value in row.items():
            setattr(line, key, value)
    per_village = {
        row.pop("village"): row
        for row in problems.filter(level=Level.VILLAGE).order_by().values("village").annotate(**_counts())
    }
    if node.kind == AreaKind.TOWNSHIP:
        villages = Area.objects.villages().filter(parent=node)
    else:
        villages = Area.objects.villages().filter(pk=node.pk)
    for village in villages.order_by("code"):
        figures.villages.append(VillageFigures(village=village, **per_village.get(village.pk, {})))
    return figures


@dataclass
class OverdueSummary:
    total: int
    open: int
    overdue: int
    items: list


def overdue_summary(problems, *, limit: int = 8) -> OverdueSummary:
    """Counts of a scoped queryset and its longest-overdue items. Two queries."""
    counts = problems.aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN)), overdue=Count("pk", filter=Q(overdue=True))
    )
    items = list(
        problems.filter(overdue=True).select_related("village", "category").order_by("deadline", "code")[:limit]
    )
    return OverdueSummary(items=items, **counts)


def my_problems(user):
    """Problems the user is the responsible person of: overdue first, then open ones by deadline."""
    return (
        Problem.objects.filter(responsible_user=user)
        .select_related("village", "category")
        .annotate(closed=Case(When(status__in=OPEN, then=Value(0)), default=Value(1)))
        .order_by("-overdue", "closed", "deadline", "code")
    )


def category_names(township) -> list[str]:
    """The township's problem categories by name, in their order (choices for opening a problem elsewhere)."""
    names = ProblemCategory.objects.filter(township=township).order_by("order", "name")
    return list(names.values_list("name", flat=True))


def evidence_for_user(user, pk):
    """An evidence file of a problem the user may see, or None."""
    return ProblemEvidence.objects.filter(pk=pk, problem__in=Problem.objects.for_user(user)).first()


def overdue_village_problems(node: Area, day: datetime.date) -> dict[int, int]:
    """Village-level problems under ``node`` that were open and past their deadline on ``day``
    (found by then, not closed by then, not 长期坚持): village pk → count; villages without any are
    absent. For the star ratings' "no rectification problem overdue at the end of the year". One query."""
    rows = (
        Problem.objects.within(node)
        .filter(level=Level.VILLAGE, found_on__lte=day, deadline__lt=day)
        .exclude(status=Status.ONGOING)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .values("village")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["village"]: row["n"] for row in rows}


# --- the progress report: whether a ledger is kept, and facts for section 二 ----------------------


def ledger_kept(node: Area, end: datetime.date) -> bool:
    """Whether any problem was recorded under ``node`` on or before ``end`` (else the report's
    section (五) has no data behind it, rather than zero problems). One query."""
    return Problem.objects.within(node).filter(found_on__lte=end).exists()


def _open_at(end: datetime.date) -> Q:
    """Found by ``end`` and not closed by then (a past report keeps its figures when a problem is closed later)."""
    return Q(found_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))


def problem_shortfalls(node: Area, start: datetime.date, end: datetime.date) -> list[Shortfall]:
    """Problems past their deadline and not closed at ``end``, by level, with the villages that have
    most. Two queries."""
    overdue = Problem.objects.within(node).filter(_open_at(end), deadline__lt=end)
    by_level = dict(overdue.order_by().values("level").annotate(n=Count("pk")).values_list("level", "n"))
    total = sum(by_level.values())
    if not total:
        return []
    villages = list(
        overdue.filter(level=Level.VILLAGE)
        .order_by()
        .values("village__name", "village__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "village__code")[:3]
    )
    parts = [f"{label}{by_level[level]}条" for level, label in Level.choices if by_level.get(level)]
    text = f"尚有{total}条问题超过整改时限未整改到位（{'、'.join(parts)}）"
    if villages:
        text += "，较多的是" + "、".join(f"{v['village__name']}{v['n']}条" for v in villages)
    return [
        Shortfall(
            topic="问题整改",
            text=text,
            figures={"overdue": total, **by_level},
            url=reverse("problems_list") + "?overdue=1",
        )
    ]


def rectified_by_level(node: Area, start: datetime.date, end: datetime.date) -> list[tuple[str, int, int]]:
    """(level label, problems found in the period, of them closed by ``end``) per level. One query."""
    rows = dict(
        (row["level"], (row["found"], row["closed"]))
        for row in Problem.objects.within(node)
        .filter(found_on__range=(start, end))
        .order_by()
        .values("level")
        .annotate(found=Count("pk"), closed=Count("pk", filter=Q(closed_on__isnull=False, closed_on__lte=end)))
    )
    return [(label, *rows.get(level, (0, 0))) for level, label in Level.choices]


@dataclass
class MonthProblems:
    month: datetime.date
    found: int  # problems found in the month
    rectified: int  # problems closed (销号) in the month, whenever found


def problems_by_month(node: Area, start: datetime.date, end: datetime.date) -> list[MonthProblems]:
    """Each month of ``start``..``end`` (``start`` a month's first day): problems found under
    ``node`` and problems rectified (closed) in it, for the leadership's chart. Two queries."""
    from django.db.models.functions import TruncMonth

    problems = Problem.objects.within(node).order_by()

    def per_month(field_name):
        rows = (
            problems.filter(**{f"{field_name}__range": (start, end)})
            .annotate(month=TruncMonth(field_name))
            .values("month")
            .annotate(n=Count("pk"))
            .values_list("month", "n")
        )
        return {(m.date() if isinstance(m, datetime.datetime) else m): n for m, n in rows}

    found, closed = per_month("found_on"), per_month("closed_on")
    result, month = [], start.replace(day=1)
    while month <= end:
        result.append(MonthProblems(month, found.get(month, 0), closed.get(month, 0)))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return result
