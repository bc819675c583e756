"""Read queries of three-colour management and the risk ledger, shared by pages, the dashboard
and the progress report. Every function takes a scope node (or a user) and runs a fixed number
of queries whatever the data size."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse

from core.dashboard import VILLAGE_COUNTS
from core.figures import Shortfall, names_and_count
from core.queries import subquery_aggregate
from places.models import Area
from township.choices import COLOUR_MEANING, COLOUR_ORDER, Colour, RiskStatus
from township.models import ReviewFinding, Risk, RiskReview, VillageColour


def colour_at(village_ref: str, day) -> Subquery:
    """SQL: the colour of the village ``village_ref`` (an OuterRef path) on ``day`` (a date or an F/OuterRef).

    The same rule as ``township.rules.colour_on``: the latest entry on or before the day.
    """
    return Subquery(
        VillageColour.objects.filter(village=OuterRef(village_ref), effective_from__lte=day)
        .order_by("-effective_from")
        .values("colour")[:1]
    )


def _since_at(village_ref: str, day) -> Subquery:
    return Subquery(
        VillageColour.objects.filter(village=OuterRef(village_ref), effective_from__lte=day)
        .order_by("-effective_from")
        .values("effective_from")[:1]
    )


def villages_with_colour(node, day: datetime.date):
    """Villages under ``node`` with their colour and its start on ``day``, open and overdue risks, and
    the per-village figures other apps add to the board (``core.dashboard.village_count``: the
    contact system adds open demands). One query."""
    return (
        Area.objects.within(node)
        .villages()
        .annotate(
            colour=colour_at("pk", day),
            colour_since=_since_at("pk", day),
            open_risks=subquery_aggregate(
                Risk.objects.filter(village=OuterRef("pk"), status=RiskStatus.OPEN), "village"
            ),
            overdue_risks=subquery_aggregate(
                Risk.objects.filter(village=OuterRef("pk"), status=RiskStatus.OPEN, deadline__lt=day), "village"
            ),
            **{count.key: count.func(day) for count in VILLAGE_COUNTS},
        )
        .order_by("code")
    )


def board_counts() -> list[tuple[str, str]]:
    """(key, label) of the per-village figures other apps add to the board, in order."""
    return [(count.key, count.label) for count in VILLAGE_COUNTS]


@dataclass
class BoardColumn:
    colour: str | None
    label: str
    meaning: str
    service: str
    villages: list = field(default_factory=list)


def board(node, day: datetime.date) -> list[BoardColumn]:
    """The three-colour board: red, yellow, green, then villages not yet rated. One query."""
    columns = {c: BoardColumn(c, Colour(c).label, *COLOUR_MEANING[c]) for c in COLOUR_ORDER}
    columns[None] = BoardColumn(None, "未评定", "尚未研判", "")
    for village in villages_with_colour(node, day):
        columns.get(village.colour, columns[None]).villages.append(village)
    return [columns[c] for c in (*COLOUR_ORDER, None)]


def colour_history(village) -> list[VillageColour]:
    """A village's colour entries, newest first, with the review each came from."""
    return list(
        VillageColour.objects.filter(village=village)
        .select_related("finding__review", "decided_by")
        .order_by("-effective_from")
    )


def village_risks(village):
    """A village's risk ledger: open risks first, then newest found first (paginate it)."""
    return (
        Risk.objects.filter(village=village)
        .annotate(
            open_first=Case(When(status=RiskStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("open_first", "-found_on", "-pk")
    )


def village_findings(village, limit=20) -> list[ReviewFinding]:
    return list(
        ReviewFinding.objects.filter(village=village).select_related("review").order_by("-review__held_on")[:limit]
    )


def reviews_for_user(user):
    """Weekly reviews the user may see, newest first, with the counts of the findings they may see
    (a secretary reading a township-level review counts their own village's finding only)."""
    findings = findings_for_user(user).filter(review=OuterRef("pk"))
    return (
        RiskReview.objects.for_user(user)
        .select_related("village", "recorded_by")
        .annotate(
            finding_count=subquery_aggregate(findings, "review"),
            decision_count=subquery_aggregate(findings.exclude(colour=""), "review"),
        )
        .order_by("-held_on", "-pk")
    )


def findings_for_user(user, review=None):
    """The per-village findings the user may see (of one review), in village order: a township-level
    review is read by the township's villages, each seeing its own finding."""
    findings = ReviewFinding.objects.for_user(user).select_related("village", "colour_entry")
    if review is not None:
        findings = findings.filter(review=review)
    return findings.order_by("village__code")


def weekly_reviews(node, start: datetime.date, end: datetime.date, *, township_level: bool = True):
    """The weekly reviews (周例会) under ``node`` held from ``start`` to ``end``, oldest first. The work
    log (``worklog``) counts and lists these as its 周例会: they are kept once, here."""
    reviews = RiskReview.objects.within(node).filter(held_on__gte=start, held_on__lte=end)
    if township_level:
        reviews = reviews.filter(village__isnull=True)
    return reviews.order_by("held_on", "pk")


# --- figures for the progress report, section (四) ---------------------------------------------


@dataclass
class ThreeColourFigures:
    """Section (四): villages, their ledgers and colours, reviews and risks. What was solved per colour
    (demands in green villages, problems in yellow ones) is the contact system's figure:
    ``visits.selectors.demand_colour_figures``."""

    villages: int
    villages_with_ledger: int
    green: int
    yellow: int
    red: int
    unrated: int
    reviews: int
    risks_found: int
    risks_closed: int
    risks_open: int
    risks_overdue: int


def villages_with_risk_ledger(node, end: datetime.date) -> int:
    """Villages under ``node`` whose risk ledger has at least one row found on or before ``end``."""
    return (
        Risk.objects.within(node).filter(found_on__lte=end).values("village").distinct().count()
        if node is not None
        else 0
    )


def colour_counts(node, day: datetime.date) -> dict:
    """How many villages under ``node`` are red, yellow, green and unrated on ``day``. One query."""
    rows = Area.objects.within(node).villages().annotate(colour=colour_at("pk", day)).values("colour")
    counts = rows.order_by().values("colour").annotate(n=Count("pk"))
    result = {"green": 0, "yellow": 0, "red": 0, "unrated": 0}
    for row in counts:
        result[row["colour"] or "unrated"] += row["n"]
    return result


def three_colour_figures(node, start: datetime.date, end: datetime.date) -> ThreeColourFigures:
    """Section (四) for the scope ``node`` and the period ``start``..``end``. Four queries."""
    colours = colour_counts(node, end)
    risks = Risk.objects.within(node).aggregate(
        found=Count("pk", filter=Q(found_on__range=(start, end))),
        closed=Count("pk", filter=Q(closed_on__range=(start, end))),
        open=Count("pk", filter=Q(found_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))),
        # Open at the period's end and past its deadline then (not: open today), so a past report keeps its figure.
        overdue=Count(
            "pk",
            filter=Q(found_on__lte=end, deadline__lt=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        ),
    )
    return ThreeColourFigures(
        villages=sum(colours.values()),
        villages_with_ledger=villages_with_risk_ledger(node, end),
        **colours,
        reviews=RiskReview.objects.within(node).filter(held_on__range=(start, end)).count(),
        risks_found=risks["found"],
        risks_closed=risks["closed"],
        risks_open=risks["open"],
        risks_overdue=risks["overdue"],
    )


def colours_on(node, day: datetime.date) -> dict[int, str | None]:
    """The colour of every village under ``node`` on ``day`` (village pk → colour, None when not yet
    rated), by the rule of ``colour_at``. One query."""
    rows = Area.objects.within(node).villages().annotate(colour=colour_at("pk", day)).values_list("pk", "colour")
    return dict(rows)


def three_colour_shortfalls(node, start: datetime.date, end: datetime.date) -> list[Shortfall]:
    """Villages without a risk ledger, red villages and risks open past their deadline at ``end``. Three queries."""
    villages = list(
        Area.objects.within(node)
        .villages()
        .annotate(
            colour=colour_at("pk", end),
            ledger=Exists(Risk.objects.filter(village=OuterRef("pk"), found_on__lte=end)),
        )
        .order_by("code")
        .values_list("name", "colour", "ledger")
    )
    result = []
    without = [name for name, _, ledger in villages if not ledger]
    if without:
        result.append(
            Shortfall(
                topic="三色管理",
                text=f"{names_and_count(without, shown=3, unit='个村')}尚未建立风险隐患村情台账",
                figures={"villages": without},
                url=reverse("township:board"),
            )
        )
    red = [name for name, colour, _ in villages if colour == Colour.RED]
    if red:
        result.append(
            Shortfall(
                topic="三色管理",
                text=f"{names_and_count(red, shown=3, unit='个村')}仍为红色管理村，需保持“热线服务”、加快化解",
                figures={"villages": red},
                url=reverse("township:board"),
            )
        )
    overdue = (
        Risk.objects.within(node)
        .filter(Q(found_on__lte=end, deadline__lt=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end)))
        .count()
    )
    if overdue:
        result.append(
            Shortfall(
                topic="三色管理",
                text=f"{overdue}条风险隐患超过整改期限仍未销号",
                figures={"risks": overdue},
                url=reverse("risks_list") + "?overdue=1",
            )
        )
    return result


def household_risks(user, household, limit=20) -> list[Risk]:
    """The risks (风险隐患) recorded about a household, newest first, within the user's scope. One query."""
    return list(Risk.objects.for_user(user).filter(household=household).order_by("-found_on", "-pk")[:limit])


def colour_weeks(node, days: list[datetime.date]) -> list[tuple[str, list[str | None]]]:
    """Each village under ``node`` (by code) with its colour on each of ``days`` (None: not yet
    rated), by the rule of ``colour_at``: the leadership's board of colours by week. One query."""
    names = [f"colour_{n}" for n in range(len(days))]
    rows = (
        Area.objects.within(node)
        .villages()
        .order_by("code")
        .annotate(**{name: colour_at("pk", day) for name, day in zip(names, days, strict=True)})
        .values_list("name", *names)
    )
    return [(row[0], list(row[1:])) for row in rows]
