"""Read queries of the contact system shared by pages, the dashboard and the progress report.

Each function takes a scope node (an Area) or a user and runs a fixed number of queries.
Period logic takes dates as arguments (``today``, ``start``, ``end``), never the clock.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Max, OuterRef, Q, Value, When
from django.db.models.functions import ExtractMonth, TruncMonth
from django.urls import reverse
from django.utils import timezone

from accounts.access import users_within
from accounts.roles import Role
from core.figures import Shortfall
from core.history import end_of_day
from core.queries import subquery_aggregate
from grids.selectors import household_count_per_village, households_for_user
from places.choices import AreaKind
from places.models import Area
from places.selectors import township_of
from township.choices import Colour
from township.selectors import colour_at
from visits import rules
from visits.choices import AssignmentKind, DemandKind, DemandStatus, FlagKind
from visits.models import Assignment, Demand, Flag, QuotaSetting, Visit
from visits.services import quota_for

User = get_user_model()
HOUSEHOLD_PICK_LIMIT = 30


# --- scope helpers -----------------------------------------------------------------------------


def cadres_for(user):
    """Users a user may assign as contact cadres: any role but 党员, working in the user's township."""
    if user.sees_everything:
        qs = users_within(None)
    elif user.township is None:
        return User.objects.none()
    else:
        qs = users_within(user.township) | User.objects.filter(pk=user.pk, is_active=True)
    return qs.exclude(role=Role.MEMBER).order_by("username")


def cadre_in_scope(viewer, cadre) -> bool:
    """May ``viewer`` open ``cadre``'s page: themselves, or a cadre working within the viewer's scope."""
    if viewer.pk == cadre.pk or viewer.sees_everything:
        return True
    if not viewer.can_read_registers:
        return False
    return Assignment.objects.for_user(viewer).filter(cadre=cadre).exists()


# --- the visit form ----------------------------------------------------------------------------


def households_for_visit(user, query: str = "", today: datetime.date | None = None, limit=HOUSEHOLD_PICK_LIMIT):
    """Households the user may visit: their own assigned households first, then the rest by pinyin.

    ``query`` matches the head's name, its pinyin or initials, or the household number. Two queries,
    each an indexed ``ORDER BY name_pinyin LIMIT`` (no sort of the whole township).
    """
    qs = households_for_user(user).select_related("village", "grid")
    query = (query or "").strip()
    if query:
        lower = query.lower()
        qs = qs.filter(
            Q(name__contains=query)
            | Q(name_initials__startswith=lower)
            | Q(name_pinyin__startswith=lower)
            | Q(number__contains=query)
        )
    assigned = Assignment.objects.filter(cadre=user, household__isnull=False)
    if today is not None:
        assigned = assigned.active_on(today)
    assigned = assigned.values("household_id")
    mine = list(qs.filter(pk__in=assigned).order_by("name_pinyin", "number")[:limit])
    rest = list(qs.exclude(pk__in=assigned).order_by("name_pinyin", "number")[:limit])
    for household in mine:
        household.mine = True
    return (mine + rest)[:limit]


# --- "this month" ------------------------------------------------------------------------------


@dataclass
class MonthFrame:
    """The month being looked at and the day it is measured at."""

    first: datetime.date
    last: datetime.date
    measured: datetime.date
    quota: QuotaSetting
    targets: rules.Targets

    @property
    def previous(self) -> datetime.date:
        return rules.previous_month(self.first)

    @property
    def next(self) -> datetime.date:
        return rules.next_month(self.first)


def month_frame(township, month_first: datetime.date, today: datetime.date) -> MonthFrame:
    first, last = rules.month_bounds(month_first)
    measured = rules.as_of(first, today)
    quota = quota_for(township)
    return MonthFrame(
        first, last, measured, quota, rules.month_targets(quota.visits_per_month, quota.days_per_week, measured)
    )


def month_cadres(node, frame: MonthFrame):
    """Cadres with a contact assignment under ``node`` in the month, with their month's figures, behind ones first.

    A queryset (paginate it): ``n_visits``, ``n_households`` (distinct households visited),
    ``n_days`` (distinct days with a visit), ``n_contacts`` (households assigned), ``behind`` (0 = behind).
    Visits count wherever they were made: the quota is the person's.
    """
    start, end = frame.first, frame.measured
    # Leadership members' 定向包联 of villages carries no visit quota; their contact assignments do.
    cadre_ids = (
        Assignment.objects.within(node)
        .filter(kind=AssignmentKind.CONTACT)
        .active_during(frame.first, frame.last)
        .values("cadre_id")
    )
    # Correlated subqueries on the (visitor, visited_on) index: only the month's visits are read.
    visits = Visit.objects.filter(visitor=OuterRef("pk"), visited_on__range=(start, end))
    contacts = Assignment.objects.filter(cadre=OuterRef("pk"), household__isnull=False).active_on(frame.measured)
    t = frame.targets
    return (
        User.objects.filter(pk__in=cadre_ids, is_active=True)
        .exclude(role=Role.MEMBER)
        .select_related("scope_node")
        .annotate(
            n_visits=subquery_aggregate(visits, "visitor", Count("pk")),
            n_households=subquery_aggregate(visits, "visitor", Count("household", distinct=True)),
            n_days=subquery_aggregate(visits, "visitor", Count("visited_on", distinct=True)),
            n_contacts=subquery_aggregate(contacts, "cadre", Count("pk")),
        )
        .annotate(behind=Case(When(Q(n_visits__lt=t.visits) | Q(n_days__lt=t.days), then=Value(0)), default=Value(1)))
        .order_by("behind", "n_visits", "n_days", "full_name", "username")
    )


@dataclass
class CadreRow:
    """One row of the month table, with what the rules say about it."""

    cadre: object
    visits: int
    households: int
    days: int
    contacts: int
    behind: bool
    visits_percent: int
    contacts_short: bool


def cadre_rows(cadres, frame: MonthFrame) -> list[CadreRow]:
    t = frame.targets
    return [
        CadreRow(
            cadre=c,
            visits=c.n_visits,
            households=c.n_households,
            days=c.n_days,
            contacts=c.n_contacts,
            behind=rules.is_behind(c.n_visits, c.n_days, t),
            visits_percent=rules.progress_percent(c.n_visits, t.month_visits),
            contacts_short=c.n_contacts < frame.quota.households_each,
        )
        for c in cadres
    ]


@dataclass
class VillageRow:
    village: Area
    cadres: int
    visits: int
    households: int
    households_total: int
    days: int
    expected_visits: int
    expected_days: int
    behind: bool


def month_villages(node, frame: MonthFrame) -> list[VillageRow]:
    """Villages under ``node`` (a township or a village) with the month's visits, behind ones first.

    A village's quota is its share of its cadres' quotas (``rules.village_month_quota``: each
    cadre's M visits spread over their contact households), paced through the month; it should see
    a cadre on W days a week. Three queries.
    """
    if node.kind not in (AreaKind.TOWNSHIP, AreaKind.VILLAGE):
        return []
    start, end = frame.first, frame.measured
    visits = Visit.objects.filter(village=OuterRef("pk"), visited_on__range=(start, end))
    villages = list(
        Area.objects.within(node)
        .villages()
        .annotate(
            n_visits=subquery_aggregate(visits, "village", Count("pk")),
            n_households=subquery_aggregate(visits, "village", Count("household", distinct=True)),
            n_days=subquery_aggregate(visits, "village", Count("visited_on", distinct=True)),
            n_total=household_count_per_village(),
        )
        .order_by("code")
    )
    contacts = Assignment.objects.filter(kind=AssignmentKind.CONTACT, household__isnull=False).active_on(frame.measured)
    here = list(
        contacts.filter(village__in=[v.pk for v in villages])
        .values("cadre_id", "village_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    everywhere = dict(
        contacts.filter(cadre_id__in={r["cadre_id"] for r in here})
        .values("cadre_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("cadre_id", "n")
    )
    shares, cadres = {}, {}
    for r in here:
        shares.setdefault(r["village_id"], []).append((r["n"], everywhere.get(r["cadre_id"], r["n"])))
        cadres[r["village_id"]] = cadres.get(r["village_id"], 0) + 1
    rows = []
    for v in villages:
        month_quota = rules.village_month_quota(shares.get(v.pk, []), frame.quota.visits_per_month)
        expected = rules.expected_visits(month_quota, frame.measured)
        targets = rules.Targets(expected, frame.targets.days, month_quota, frame.targets.month_days)
        rows.append(
            VillageRow(
                village=v,
                cadres=cadres.get(v.pk, 0),
                visits=v.n_visits,
                households=v.n_households,
                households_total=v.n_total,
                days=v.n_days,
                expected_visits=expected,
                expected_days=frame.targets.days,
                behind=rules.is_behind(v.n_visits, v.n_days, targets),
            )
        )
    rows.sort(key=lambda r: (not r.behind, r.visits - r.expected_visits, r.village.code))
    return rows


@dataclass
class CadreMonth:
    visits: int
    households: int
    days: int
    contacts: int
    behind: bool


def _seen_by(model, viewer):
    """The rows of ``model`` a viewer of someone else's page may see (None: one's own page, all)."""
    return model.objects.all() if viewer is None else model.objects.for_user(viewer)


def cadre_month(cadre, frame: MonthFrame, viewer=None) -> CadreMonth:
    """One cadre's month, counted within ``viewer``'s scope (None: the cadre's own page): two queries."""
    visits = _seen_by(Visit, viewer).filter(visitor=cadre, visited_on__range=(frame.first, frame.measured))
    figures = visits.aggregate(
        visits=Count("pk"),
        households=Count("household", distinct=True),
        days=Count("visited_on", distinct=True),
    )
    contacts = (
        _seen_by(Assignment, viewer).filter(cadre=cadre, household__isnull=False).active_on(frame.measured).count()
    )
    return CadreMonth(
        **figures, contacts=contacts, behind=rules.is_behind(figures["visits"], figures["days"], frame.targets)
    )


def cadre_assignments(cadre, day: datetime.date, viewer=None):
    """The cadre's assignments on ``day`` that ``viewer`` may see (None: the cadre's own page, all)."""
    return list(
        _seen_by(Assignment, viewer)
        .filter(cadre=cadre)
        .active_on(day)
        .select_related("village", "grid", "household", "household__village")
        .order_by("kind", "village__code", "grid__code", "household__number")
    )


def latest_flag_day(queryset) -> datetime.date | None:
    return queryset.order_by("-day").values_list("day", flat=True).first()


def flags_for_user(user, per_kind=5):
    """The latest day's flags in the user's scope: (day, [(kind label, count, first flags)]). Four queries."""
    scoped = Flag.objects.for_user(user)
    day = latest_flag_day(scoped)
    if day is None:
        return None, []
    of_day = scoped.filter(day=day)
    counts = dict(of_day.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    groups = []
    for kind, label in FlagKind.choices:
        rows = list(of_day.filter(kind=kind).select_related("village").order_by("village__code", "pk")[:per_kind])
        groups.append((kind, str(label), counts.get(kind, 0), rows))
    return day, groups


def own_flags(user, viewer=None):
    """Flags about this person (behind quota, risks they reported that are overdue) of the latest day,
    those inside ``viewer``'s scope (None: the person's own page, all)."""
    mine = _seen_by(Flag, viewer).filter(user=user)
    day = latest_flag_day(mine)
    if day is None:
        return []
    return list(mine.filter(day=day).select_related("risk").order_by("kind", "pk"))


def recent_visits(user, cadre=None, limit=20):
    qs = Visit.objects.for_user(user).select_related("household", "village", "visitor")
    if cadre is not None:
        qs = qs.filter(visitor=cadre)
    return list(qs.order_by("-visited_on", "-pk")[:limit])


# --- figures for the progress report, section (三) ---------------------------------------------


@dataclass
class ContactFigures:
    """Section (三): the contact system's quotas and what was done in the period."""

    households_each: int
    visits_per_month: int
    days_per_week: int
    cadres: int
    leadership_members: int
    leadership_villages: int
    contact_households: int
    visits: int
    households_visited: int
    contact_households_visited: int


def quota_as_of(township, day: datetime.date) -> QuotaSetting:
    """The township's quotas as they stood at the end of ``day`` (the settings' history), else as
    they are now (the defaults until the office changes them). One query, two for a past day."""
    moment = end_of_day(day)
    if moment <= timezone.now():
        record = (
            QuotaSetting.history.filter(township=township, history_date__lt=moment)
            .exclude(history_type="-")
            .order_by("-history_date", "-history_id")
            .first()
        )
        if record is not None:
            return QuotaSetting(
                township=township,
                households_each=record.households_each,
                visits_per_month=record.visits_per_month,
                days_per_week=record.days_per_week,
            )
    return quota_for(township)


def contact_figures(node, start: datetime.date, end: datetime.date) -> ContactFigures:
    """Quotas (as they stood at ``end``), cadres and visits under ``node`` in ``start``..``end``. Five queries.

    ``households_visited`` counts distinct households visited in the period (the report's
    “现已走访包联户*户” uses ``contact_households_visited``: assigned households that were visited).
    """
    quota = quota_as_of(township_of(node), end)
    assignments = Assignment.objects.within(node).active_during(start, end)
    a = assignments.aggregate(
        cadres=Count("cadre", filter=Q(kind=AssignmentKind.CONTACT), distinct=True),
        leadership_members=Count("cadre", filter=Q(kind=AssignmentKind.LEADERSHIP), distinct=True),
        leadership_villages=Count("village", filter=Q(kind=AssignmentKind.LEADERSHIP), distinct=True),
        contact_households=Count("household", distinct=True),
    )
    visits = Visit.objects.within(node).filter(visited_on__range=(start, end))
    v = visits.aggregate(visits=Count("pk"), households_visited=Count("household", distinct=True))
    contact_visited = (
        visits.filter(household__in=assignments.filter(household__isnull=False).values("household"))
        .values("household")
        .distinct()
        .count()
    )
    return ContactFigures(
        households_each=quota.households_each,
        visits_per_month=quota.visits_per_month,
        days_per_week=quota.days_per_week,
        **a,
        **v,
        contact_households_visited=contact_visited,
    )


@dataclass
class MonthSummary:
    visits: int
    households: int
    cadres: int
    behind: int
    open_demands: int


def month_summary(node, frame: MonthFrame) -> MonthSummary:
    """The dashboard's figures for the month in ``node``. Four queries."""
    v = (
        Visit.objects.within(node)
        .filter(visited_on__range=(frame.first, frame.measured))
        .aggregate(visits=Count("pk"), households=Count("household", distinct=True))
    )
    cadres = month_cadres(node, frame)
    open_demands = Demand.objects.within(node).exclude(status=DemandStatus.RESOLVED).count()
    return MonthSummary(**v, cadres=cadres.count(), behind=cadres.filter(behind=0).count(), open_demands=open_demands)


# --- figures by village colour (the progress report's section (四), with township's) -----------


def demand_colour_figures(node, start: datetime.date, end: datetime.date) -> dict:
    """Demands resolved in green villages and problems found (and resolved) in yellow villages. Two queries.

    The colour counted is the village's colour on the day the demand was resolved (or the problem
    found), so a village that changed colour during the period counts under each colour in turn.
    Computed here, where demands live, from township's colour rule (``colour_at``).
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


def open_demands_count(day) -> object:
    """SQL: the open demands of the village ``OuterRef("pk")`` (a figure on the three-colour board)."""
    return subquery_aggregate(
        Demand.objects.filter(village=OuterRef("pk")).exclude(status=DemandStatus.RESOLVED), "village"
    )


def village_contacts(village, today: datetime.date, limit=20) -> dict:
    """What the contact system knows of a village for its three-colour page: open demands (oldest
    first, at most ``limit``) and the leadership members assigned to it today. Two queries."""
    demands = list(
        Demand.objects.filter(village=village)
        .exclude(status=DemandStatus.RESOLVED)
        .select_related("responsible_user", "household")
        .order_by("raised_on", "pk")[:limit]
    )
    leaders = list(
        Assignment.objects.filter(village=village, kind=AssignmentKind.LEADERSHIP)
        .active_on(today)
        .select_related("cadre")
        .order_by("start_on")
    )
    return {"demands": demands, "leaders": leaders}


@dataclass
class QuotaMonths:
    """How many of a year's elapsed months a village met its home-visit quota in."""

    met: int
    measured: int


def village_quota_months(node, year: int, today: datetime.date) -> dict[int, QuotaMonths]:
    """Per village under ``node``: the months of ``year`` (those already over on ``today``) in which it
    met its quota, by the rule of ``month_villages`` measured on the month's last day (its cadres' share
    of visits, and W days a week in the village). For the star ratings. Four queries."""
    months = [m for m in range(1, 13) if rules.month_bounds(datetime.date(year, m, 1))[1] < today]
    villages = list(Area.objects.within(node).villages().values_list("pk", flat=True))
    if not months or not villages:
        return {v: QuotaMonths(0, 0) for v in villages}
    quota = quota_for(township_of(node))
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    contacts = Assignment.objects.filter(kind=AssignmentKind.CONTACT, household__isnull=False).active_during(start, end)
    cadres = contacts.filter(village_id__in=villages).values("cadre_id")
    rows = list(contacts.filter(cadre_id__in=cadres).values_list("cadre_id", "village_id", "start_on", "end_on"))
    done = {
        (r["village"], r["month"]): (r["n"], r["days"])
        for r in Visit.objects.within(node)
        .filter(visited_on__range=(start, end))
        .annotate(month=ExtractMonth("visited_on"))
        .values("village", "month")
        .annotate(n=Count("pk"), days=Count("visited_on", distinct=True))
        .order_by()
    }
    met = dict.fromkeys(villages, 0)
    for month in months:
        last = rules.month_bounds(datetime.date(year, month, 1))[1]
        here, everywhere = {}, {}
        for cadre, village, since, until in rows:
            if since <= last and (until is None or until >= last):
                here[(cadre, village)] = here.get((cadre, village), 0) + 1
                everywhere[cadre] = everywhere.get(cadre, 0) + 1
        shares = {}
        for (cadre, village), n in here.items():
            shares.setdefault(village, []).append((n, everywhere[cadre]))
        days = rules.expected_village_days(quota.days_per_week, last)
        for village in villages:
            target = rules.village_month_quota(shares.get(village, []), quota.visits_per_month)
            visits, village_days = done.get((village, month), (0, 0))
            if not rules.is_behind(visits, village_days, rules.Targets(target, days, target, days)):
                met[village] += 1
    return {v: QuotaMonths(met[v], len(months)) for v in villages}


# --- the progress report: visits against quota by month, and facts for section 二 ----------------


@dataclass
class MonthVisits:
    month: datetime.date
    visits: int
    expected: int  # contact cadres in force that month × the monthly visit quota


def visits_by_month(node, start: datetime.date, end: datetime.date) -> list[MonthVisits]:
    """Each month of ``start``..``end``: visits made under ``node`` and what the quota asked
    (contact cadres assigned under ``node`` during the month × 每月至少入户次数). Three queries."""
    quota = quota_as_of(township_of(node), end)
    counts = dict(
        Visit.objects.within(node)
        .filter(visited_on__range=(start, end))
        .annotate(month=TruncMonth("visited_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    counts = {(m.date() if isinstance(m, datetime.datetime) else m): n for m, n in counts.items()}
    spans = list(
        Assignment.objects.within(node)
        .filter(kind=AssignmentKind.CONTACT)
        .active_during(start, end)
        .values_list("cadre_id", "start_on", "end_on")
    )
    result = []
    month = start.replace(day=1)
    while month <= end:
        first, last = rules.month_bounds(month)
        cadres = {c for c, s, e in spans if s <= last and (e is None or e >= first)}
        result.append(MonthVisits(month, counts.get(month, 0), len(cadres) * quota.visits_per_month))
        month = rules.next_month(month)
    return result


def contact_shortfalls(node, start: datetime.date, end: datetime.date) -> list[Shortfall]:
    """Contact cadres behind their visit quota in the period's last month. Two queries."""
    frame = month_frame(township_of(node), end.replace(day=1), end)
    cadres = month_cadres(node, frame)
    behind = cadres.filter(behind=0).count()
    if not behind:
        return []
    return [
        Shortfall(
            topic="包联走访",
            text=(
                f"{frame.first.month}月有{behind}名包联干部未达到入户走访进度"
                f"（每月至少入户{frame.quota.visits_per_month}次、每周到村{frame.quota.days_per_week}天）"
            ),
            figures={"behind": behind, "visits_per_month": frame.quota.visits_per_month},
            url=reverse("visits:month") + f"?month={frame.first:%Y-%m}",
        )
    ]


# --- the home page's first screen and a household's page ----------------------------------------

OWN_HOUSEHOLDS_SHOWN = 8


def visits_first(user, today: datetime.date) -> bool:
    """Whether the home page starts with 登记走访: grid staff, and every cadre with a contact
    assignment in force (包联干部). One query (none for a grid member)."""
    from visits.services import is_cadre

    if not is_cadre(user):
        return False
    if user.role == Role.GRID:
        return True
    return Assignment.objects.filter(cadre=user, kind=AssignmentKind.CONTACT).active_on(today).exists()


def own_households(user, today: datetime.date, limit=OWN_HOUSEHOLDS_SHOWN) -> list:
    """The households a cadre looks after first (their assigned households, then the rest of their
    scope by pinyin), each with ``last_visit``: the day it was last visited. Three queries."""
    households = households_for_visit(user, today=today, limit=limit)
    last = dict(
        Visit.objects.filter(household__in=[h.pk for h in households])
        .order_by()
        .values("household_id")
        .annotate(last=Max("visited_on"))
        .values_list("household_id", "last")
    )
    for household in households:
        household.last_visit = last.get(household.pk)
    return households


def household_record(user, household, limit=20) -> dict:
    """A household's visits, demands (合理诉求) and problems (急难愁盼), newest first, as far as the
    user's scope reaches. Four queries whatever the household's history."""
    visits = Visit.objects.for_user(user).filter(household=household)
    demands = list(
        Demand.objects.for_user(user)
        .filter(household=household)
        .select_related("responsible_user")
        .order_by("-raised_on", "-pk")[: 2 * limit]
    )
    return {
        "visits": list(visits.select_related("visitor").order_by("-visited_on", "-pk")[:limit]),
        "visit_count": visits.count(),
        "demands": [d for d in demands if d.kind == DemandKind.DEMAND][:limit],
        "problems": [d for d in demands if d.kind == DemandKind.PROBLEM][:limit],
        "limit": limit,
    }
