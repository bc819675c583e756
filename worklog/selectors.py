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

from django.db.models import Count, Q, Sum

from core.history import as_of_rows, end_of_day
from places.choices import AreaKind
from places.models import Area
from township import selectors as township_selectors
from worklog.choices import OPEN_TASK, CentreStatus, MeetingKind, VisitKind
from worklog.models import KeyTask, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training

SITE_SEPARATORS = "，,；;\n"


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
    weekly_meetings: int | None  # the weekly risk reviews, kept in township/ (周例会)
    research_visits: int | None
    research_person_times: int | None
    guidance_visits: int | None
    guidance_person_times: int | None
    trainings: int | None
    training_attendance: int | None
    tour_date: datetime.date | None
    tour_people: str | None
    tour_sites: list[str] | None = field(default=None)
    tasks: int | None = None
    tasks_done: int | None = None
    tasks_overdue: int | None = None


def worklog_figures(node, start: datetime.date, end: datetime.date) -> WorklogFigures:
    """Every figure of (一) for ``node`` (a township) from ``start`` to ``end``, both included:
    meetings by kind, research and guidance visits in person-times (人次), trainings, the period's
    latest study tour, and the key-task list at the period's end. Six queries."""
    township = _township(node)
    in_period = Q(held_on__gte=start, held_on__lte=end)
    meetings = Meeting.objects.within(township).aggregate(
        any=Count("pk"),
        party=Count("pk", filter=in_period & Q(kind=MeetingKind.PARTY)),
        progress=Count("pk", filter=in_period & Q(kind=MeetingKind.PROGRESS)),
        dispatch=Count("pk", filter=in_period & Q(kind=MeetingKind.DISPATCH)),
    )
    kept_meetings = meetings["any"] > 0
    weekly = township_selectors.weekly_reviews(township, start, end).count()

    visits_in = Q(visited_on__gte=start, visited_on__lte=end)
    research = visits_in & Q(kind=VisitKind.RESEARCH)
    guidance = visits_in & Q(kind=VisitKind.GUIDANCE)
    visits = ResearchVisit.objects.within(node).aggregate(
        any=Count("pk"),
        research=Count("pk", filter=research),
        research_times=Sum("person_times", filter=research, default=0),
        guidance=Count("pk", filter=guidance),
        guidance_times=Sum("person_times", filter=guidance, default=0),
    )
    kept_visits = visits["any"] > 0

    trainings = Training.objects.within(township).aggregate(
        any=Count("pk"),
        count=Count("pk", filter=in_period),
        people=Sum("attendee_count", filter=in_period, default=0),
    )
    kept_trainings = trainings["any"] > 0

    tour = (
        StudyTour.objects.within(township)
        .filter(toured_on__gte=start, toured_on__lte=end)
        .order_by("-toured_on", "-pk")
        .first()
    )
    not_done_by_end = Q(done_on__isnull=True) | Q(done_on__gt=end)
    tasks = (
        KeyTask.objects.within(township)
        .filter(assigned_on__lte=end)
        .aggregate(
            count=Count("pk"),
            done=Count("pk", filter=~not_done_by_end),
            overdue=Count("pk", filter=Q(deadline__lt=end) & not_done_by_end),
        )
    )

    def kept(flag, value):
        return value if flag else None

    return WorklogFigures(
        party_meetings=kept(kept_meetings, meetings["party"]),
        progress_meetings=kept(kept_meetings, meetings["progress"]),
        dispatch_meetings=kept(kept_meetings, meetings["dispatch"]),
        weekly_meetings=weekly,
        research_visits=kept(kept_visits, visits["research"]),
        research_person_times=kept(kept_visits, visits["research_times"]),
        guidance_visits=kept(kept_visits, visits["guidance"]),
        guidance_person_times=kept(kept_visits, visits["guidance_times"]),
        trainings=kept(kept_trainings, trainings["count"]),
        training_attendance=kept(kept_trainings, trainings["people"]),
        tour_date=tour.toured_on if tour else None,
        tour_people=tour.participants.strip() if tour else None,
        tour_sites=split_list(tour.sites) if tour else None,
        tasks=tasks["count"] if tasks["count"] else None,
        tasks_done=tasks["done"] if tasks["count"] else None,
        tasks_overdue=tasks["overdue"] if tasks["count"] else None,
    )


@dataclass
class CentreFigures:
    """Section (三)'s service centres under a node, as they stood at the period's end."""

    centres: int | None  # villages with a centre recorded (any status)
    built: list[str] | None  # names of the built centres' villages, by village code
    high_standard: list[str] | None  # high-standard centres of the period's year
    building: int | None
    planned: int | None
    villages: int = 0


def _centre_name(village_name: str, name: str) -> str:
    return name or village_name


def service_centre_figures(node, start: datetime.date, end: datetime.date) -> CentreFigures:
    """The centres under ``node`` (a township or a village) as they stood at the end of ``end``
    (``core.history``: a centre built later in the year does not count for March): the built
    ones' names (建成, the year built not after the period's), and the high-standard ones of the
    period's year (今年重点打造). Four queries at most."""
    moment = end_of_day(end)
    scope = Q(village_id=node.pk) if node.kind == AreaKind.VILLAGE else Q(township_id=node.pk)
    rows = as_of_rows(ServiceCentre, moment, current=ServiceCentre.objects.within(node), recorded=scope).values_list(
        "village_id", "name", "status", "high_standard", "year"
    )
    villages = {
        v.pk: (v.code, v.name)
        for v in Area.objects.filter(kind=AreaKind.VILLAGE).filter(
            Q(pk=node.pk) if node.kind == AreaKind.VILLAGE else Q(parent_id=node.pk)
        )
    }
    if not rows:
        return CentreFigures(None, None, None, None, None, villages=len(villages))
    rows = sorted((villages.get(r[0], ("", ""))[0], r) for r in rows)
    built, high, building, planned = [], [], 0, 0
    for _code, (village_id, name, status, high_standard, year) in rows:
        label = _centre_name(villages.get(village_id, ("", ""))[1], name)
        if status == CentreStatus.BUILT and year <= end.year:
            built.append(label)
        elif status == CentreStatus.BUILDING:
            building += 1
        else:
            planned += 1
        if high_standard and year == end.year:
            high.append(label)
    return CentreFigures(len(rows), built, high, building, planned, villages=len(villages))


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
