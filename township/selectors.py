"""Read queries of three-colour management and the risk ledger, shared by pages, the dashboard
and the progress report. Every function takes a scope node (or a user) and runs a fixed number
of queries whatever the data size."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from grids.models import Area
from township.choices import COLOUR_MEANING, COLOUR_ORDER, Colour, RiskStatus
from township.models import ReviewFinding, Risk, RiskReview, VillageColour
from visits.choices import DemandKind, DemandStatus
from visits.models import Demand


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


def _count(queryset, ref="pk") -> Coalesce:
    """A correlated COUNT subquery (avoids multiplying joins when several counts annotate one row)."""
    counted = queryset.order_by().values(ref).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def villages_with_colour(node, day: datetime.date):
    """Villages under ``node`` with their colour and its start on ``day``, open risks and open demands."""
    return (
        Area.objects.within(node)
        .villages()
        .annotate(
            colour=colour_at("pk", day),
            colour_since=_since_at("pk", day),
            open_risks=_count(Risk.objects.filter(village=OuterRef("pk"), status=RiskStatus.OPEN), "village"),
            overdue_risks=_count(
                Risk.objects.filter(village=OuterRef("pk"), status=RiskStatus.OPEN, due_on__lt=day), "village"
            ),
            open_demands=_count(
                Demand.objects.filter(village=OuterRef("pk")).exclude(status=DemandStatus.RESOLVED), "village"
            ),
        )
        .order_by("code")
    )


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


def village_findings(village, limit=20) -> list[ReviewFinding]:
    return list(
        ReviewFinding.objects.filter(village=village).select_related("review").order_by("-review__held_on")[:limit]
    )


def reviews_for_user(user):
    """Weekly reviews the user may see, newest first, with their counts."""
    return (
        RiskReview.objects.for_user(user)
        .select_related("village", "recorded_by")
        .annotate(
            finding_count=Count("findings", distinct=True),
            decision_count=Count("findings", filter=~Q(findings__colour=""), distinct=True),
        )
        .order_by("-held_on", "-pk")
    )


# --- figures for the progress report, section (四) ---------------------------------------------


@dataclass
class ThreeColourFigures:
    """Section (四): villages, their ledgers and colours, and what was solved per colour."""

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
    demands_resolved_green: int
    problems_found_yellow: int
    problems_resolved_yellow: int


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


def demand_colour_figures(node, start: datetime.date, end: datetime.date) -> dict:
    """Demands resolved in green villages and problems found (and resolved) in yellow villages.

    The colour counted is the village's colour on the day the demand was resolved (or the problem
    found), so a village that changed colour during the period counts under each colour in turn.
    """
    demands = Demand.objects.within(node)
    green = (
        demands.filter(kind=DemandKind.DEMAND, resolved_on__range=(start, end))
        .annotate(colour=colour_at("village", OuterRef("resolved_on")))
        .filter(colour=Colour.GREEN)
        .count()
    )
    yellow = (
        demands.filter(kind=DemandKind.PROBLEM, raised_on__range=(start, end))
        .annotate(colour=colour_at("village", OuterRef("raised_on")))
        .filter(colour=Colour.YELLOW)
        .aggregate(found=Count("pk"), resolved=Count("pk", filter=Q(resolved_on__isnull=False, resolved_on__lte=end)))
    )
    return {
        "demands_resolved_green": green,
        "problems_found_yellow": yellow["found"],
        "problems_resolved_yellow": yellow["resolved"],
    }


def three_colour_figures(node, start: datetime.date, end: datetime.date) -> ThreeColourFigures:
    """All of section (四) for the scope ``node`` and the period ``start``..``end``. Seven queries."""
    colours = colour_counts(node, end)
    risks = Risk.objects.within(node).aggregate(
        found=Count("pk", filter=Q(found_on__range=(start, end))),
        closed=Count("pk", filter=Q(closed_on__range=(start, end))),
        open=Count("pk", filter=Q(found_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))),
        overdue=Count("pk", filter=Q(status=RiskStatus.OPEN, due_on__lt=end)),
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
        **demand_colour_figures(node, start, end),
    )
