"""Reads of the work log shared by pages, the dashboard and the progress report. Each takes a scope
(a node or a user) and runs a fixed number of queries whatever the data size.

The report's figures: ``worklog_figures`` (section 一) and ``service_centre_figures`` (section 三's
service centres). ``None`` marks a gap: nothing of that kind was ever recorded for the node, so the
report shows 【暂无数据】 instead of a silent zero. A count of 0 means records are kept and none fell
in the period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.urls import reverse

from core.figures import Shortfall, names_and_count
from core.history import as_of_rows, end_of_day, history_scope
from core.queries import subquery_aggregate
from places.choices import AreaKind
from places.models import Area
from township import selectors as township_selectors
from worklog.choices import OPEN_TASK, WEEKLY_LABEL, CentreStatus, MeetingKind, VisitKind
from worklog.models import KeyTask, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training

SITE_SEPARATORS = "，,；;\n"
# A built centre below this floor area (平方米) is listed as too small in the report's 存在问题:
# the usual provincial standard for a village's 党群服务中心 is at least 200 m².
CENTRE_STANDARD_AREA = Decimal("200")


def _township(node):
    return node if node.kind == AreaKind.TOWNSHIP else node.township_node


def split_list(text: str) -> list[str]:
    """Names as an office writes them in one cell: 顿号, commas or semicolons between them."""
    for sep in SITE_SEPARATORS:
        text = text.replace(sep, "、")
    return [part.strip() for part in text.split("、") if part.strip()]


@dataclass
class WorklogFigures:
    """Section (一) for a township and a period."""

    party_meetings: int | None
    progress_meetings: int | None
    dispatch_meetings: int | None
    research_visits: int | None
    research_person_times: int | None
    guidance_visits: int | None
    guidance_person_times: int | None
    trainings: int | None
    training_attendance: int | None
    tour_date: datetime.date | None
    tour_people: str | None
    tour_sites: list[str] | None = field(default=None)


def _sub(queryset, aggregate=None):
    return subquery_aggregate(queryset.filter(township=OuterRef("pk")), "township", aggregate)


def worklog_figures(node, start: datetime.date, end: datetime.date) -> WorklogFigures:
    """Every figure of (一) for ``node`` (a township) from ``start`` to ``end``, both included:
    meetings by kind, research and guidance visits in person-times (人次: one per member per visit),
    trainings, and the period's latest study tour. One query (correlated subqueries on the township).
    The 周例会 are the weekly reviews kept in township/ (``weekly_meetings``), never copied here."""
    township = _township(node)
    meetings = Meeting.objects.all()
    held = meetings.filter(held_on__gte=start, held_on__lte=end)
    visits = ResearchVisit.objects.all()
    if node.kind == AreaKind.VILLAGE:
        visits = visits.filter(village=node)
    visited = visits.filter(visited_on__gte=start, visited_on__lte=end)
    research = visited.filter(kind=VisitKind.RESEARCH)
    guidance = visited.filter(kind=VisitKind.GUIDANCE)
    trainings = Training.objects.all()
    trained = trainings.filter(held_on__gte=start, held_on__lte=end)
    tours = StudyTour.objects.filter(township=OuterRef("pk"), toured_on__gte=start, toured_on__lte=end)
    latest = tours.order_by("-toured_on", "-pk")
    row = (
        Area.objects.filter(pk=township.pk)
        .annotate(
            meetings_kept=_sub(meetings),
            party=_sub(held.filter(kind=MeetingKind.PARTY)),
            progress=_sub(held.filter(kind=MeetingKind.PROGRESS)),
            dispatch=_sub(held.filter(kind=MeetingKind.DISPATCH)),
            visits_kept=_sub(visits),
            research=_sub(research),
            research_times=_sub(research, Sum("person_times")),
            guidance=_sub(guidance),
            guidance_times=_sub(guidance, Sum("person_times")),
            trainings_kept=_sub(trainings),
            trained=_sub(trained),
            trained_people=_sub(trained, Sum("attendee_count")),
            tour_date=Subquery(latest.values("toured_on")[:1]),
            tour_people=Subquery(latest.values("participants")[:1]),
            tour_sites=Subquery(latest.values("sites")[:1]),
        )
        .values()
        .get()
    )

    def kept(flag, key):
        return row[key] if row[flag] else None

    return WorklogFigures(
        party_meetings=kept("meetings_kept", "party"),
        progress_meetings=kept("meetings_kept", "progress"),
        dispatch_meetings=kept("meetings_kept", "dispatch"),
        research_visits=kept("visits_kept", "research"),
        research_person_times=kept("visits_kept", "research_times"),
        guidance_visits=kept("visits_kept", "guidance"),
        guidance_person_times=kept("visits_kept", "guidance_times"),
        trainings=kept("trainings_kept", "trained"),
        training_attendance=kept("trainings_kept", "trained_people"),
        tour_date=row["tour_date"],
        tour_people=row["tour_people"].strip() if row["tour_people"] else None,
        tour_sites=split_list(row["tour_sites"]) if row["tour_sites"] else None,
    )


def weekly_meetings(node, start: datetime.date, end: datetime.date) -> int:
    """The township's weekly meetings (周例会) in the period: the risk reviews kept in township/."""
    return township_selectors.weekly_reviews(_township(node), start, end).count()


def task_figures(node, end: datetime.date) -> dict:
    """The key-task list at the end of a day: tasks assigned by then, done by then, overdue then."""
    not_done_by_end = Q(done_on__isnull=True) | Q(done_on__gt=end)
    return (
        KeyTask.objects.within(_township(node))
        .filter(assigned_on__lte=end)
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=~not_done_by_end),
            overdue=Count("pk", filter=Q(deadline__lt=end) & not_done_by_end),
        )
    )


@dataclass
class CentreFigures:
    """Section (三)'s service centres under a node, as they stood at the period's end."""

    centres: int | None  # villages with a centre recorded (any status)
    built: list[str] | None  # names of the built centres' villages, by village code
    high_standard: list[str] | None  # high-standard centres of the period's year
    building: int | None
    planned: int | None


def service_centre_figures(node, start: datetime.date, end: datetime.date) -> CentreFigures:
    """The centres under ``node`` (a township or a village) as they stood at the end of ``end``
    (``core.history``: a centre built later in the year does not count for March): the built
    ones' names (建成, the year built not after the period's), and the high-standard ones of the
    period's year (今年重点打造). One query (the current rows and the history records as one UNION)."""
    rows = _centres_as_of(node, end)
    if not rows:
        return CentreFigures(None, None, None, None, None)
    built, high, building, planned = [], [], 0, 0
    for _code, village_name, name, status, high_standard, year, _area in rows:
        label = name or village_name
        if _built_by(status, year, end):
            built.append(label)
        elif status == CentreStatus.BUILDING:
            building += 1
        else:
            planned += 1
        if high_standard and year == end.year:
            high.append(label)
    return CentreFigures(len(rows), built, high, building, planned)


def _centres_as_of(node, end: datetime.date) -> list[tuple]:
    """(village code, village name, name, status, high standard, year, floor area) of every centre
    under ``node`` as it stood at the end of ``end``, by village code. One query."""
    found = as_of_rows(
        ServiceCentre,
        end_of_day(end),
        current=ServiceCentre.objects.within(node),
        recorded=history_scope(ServiceCentre, node),
    )
    columns = ("village__code", "village__name", "name", "status", "high_standard", "year", "floor_area")
    return sorted(found.values_union(*columns), key=lambda row: row[0])


def _built_by(status: str, year: int, end: datetime.date) -> bool:
    return status == CentreStatus.BUILT and year <= end.year


def centre_shortfalls(node, start: datetime.date, end: datetime.date) -> list[Shortfall]:
    """Facts for the drafted "二、存在问题及下步计划" (阵地建设): villages whose centre is not built by
    the period's end (none recorded, planned or being built), and built centres smaller than
    ``CENTRE_STANDARD_AREA``. Nothing when no centre was ever recorded under the node (the (三)
    figures are a gap then). Two queries."""
    rows = _centres_as_of(node, end)
    if not rows:
        return []
    built = {code for code, _v, _n, status, _h, year, _a in rows if _built_by(status, year, end)}
    villages = Area.objects.within(node).villages().order_by("code").values_list("code", "name")
    not_built = [name for code, name in villages if code not in built]
    small = [
        name or village
        for code, village, name, status, _h, year, area in rows
        if code in built and area is not None and area < CENTRE_STANDARD_AREA
    ]
    url = reverse("service_centres_list")
    result = []
    if not_built:
        result.append(
            Shortfall(
                "阵地建设",
                f"{names_and_count(not_built, unit='个村')}党群服务中心尚未建成。",
                {"villages_without_centre": len(not_built)},
                url,
            )
        )
    if small:
        result.append(
            Shortfall(
                "阵地建设",
                f"{names_and_count(small)}党群服务中心面积不足{CENTRE_STANDARD_AREA:f}平方米，服务功能有待完善。",
                {"small_centres": len(small), "standard_area": str(CENTRE_STANDARD_AREA)},
                url,
            )
        )
    return result


# --- pages: the dashboard and the calendar -------------------------------------------------------


def overdue_tasks(user, limit: int = 10):
    """Open key tasks past their deadline that the user sees, most overdue first."""
    return (
        KeyTask.objects.for_user(user)
        .open()
        .filter(overdue=True)
        .select_related("village")
        .order_by("deadline", "number")[:limit]
    )


def my_tasks(user):
    """The key tasks the user is the responsible person of, open first and overdue first."""
    return (
        KeyTask.objects.filter(responsible_user=user)
        .select_related("village")
        .order_by("done_on", "-overdue", "deadline", "number")
    )


def task_counts(user) -> dict:
    """How many key tasks the user sees: all, open, overdue (one query)."""
    return KeyTask.objects.for_user(user).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_TASK)),
        overdue=Count("pk", filter=Q(overdue=True)),
    )


@dataclass
class Event:
    """One entry of the timeline: a day, what kind, a title, where it links."""

    day: datetime.date
    kind: str
    title: str
    url: str


def timeline(user, start: datetime.date, end: datetime.date, limit: int = 300) -> list[Event]:
    """The period's meetings (the weekly reviews kept in township/ among them, as 周例会), visits,
    trainings and study tours the user sees, by day. Five queries."""
    from django.urls import reverse

    events = []
    for m in Meeting.objects.for_user(user).filter(held_on__gte=start, held_on__lte=end)[:limit]:
        events.append(
            Event(m.held_on, m.get_kind_display(), m.title or m.topics[:40], reverse("meetings_detail", args=[m.pk]))
        )
    node = user.scope_node if not user.sees_everything else None
    if node is not None:
        reviews = township_selectors.weekly_reviews(_township(node), start, end)[:limit]
        for r in reviews:
            events.append(Event(r.held_on, WEEKLY_LABEL, "周例会风险隐患分析研判", reverse("township:reviews")))
    visits = ResearchVisit.objects.for_user(user).filter(visited_on__gte=start, visited_on__lte=end)
    for v in visits.select_related("village")[:limit]:
        title = f"{v.village.name}：{v.purpose}（{v.person_times}人次）"
        events.append(Event(v.visited_on, v.get_kind_display(), title, reverse("research_visits_detail", args=[v.pk])))
    for t in Training.objects.for_user(user).filter(held_on__gte=start, held_on__lte=end)[:limit]:
        events.append(Event(t.held_on, "培训", t.topic, reverse("trainings_detail", args=[t.pk])))
    for t in StudyTour.objects.for_user(user).filter(toured_on__gte=start, toured_on__lte=end)[:limit]:
        events.append(Event(t.toured_on, "观摩学习", t.sites[:60], reverse("study_tours_detail", args=[t.pk])))
    return sorted(events, key=lambda e: (e.day, e.kind))
