"""Panels of the contact system (fixed query counts): the home page's month, a village's demands and
leadership contacts on its three-colour page, and the open demands on the board."""

from django.utils import timezone

from core.dashboard import ACTIONS, VILLAGE, detail_slot, panel, village_count
from places.choices import AreaKind
from places.selectors import scope_node, township_of
from visits import selectors


@panel(order=30)
def contact_month(request):
    """(三) 包联制度: this month's visits, cadres behind, the latest daily flags, and what green and
    yellow villages solved this month."""
    if not request.user.can_read_registers:
        return None
    node = scope_node(request)
    if node is None:
        return None
    today = timezone.localdate()
    first = today.replace(day=1)
    frame = selectors.month_frame(township_of(node), first, today)
    day, flag_groups = selectors.flags_for_user(request.user)
    by_colour = selectors.demand_colour_figures(node, first, today) if node.kind != AreaKind.GRID else None
    return "visits/_dashboard.html", {
        "node": node,
        "frame": frame,
        "summary": selectors.month_summary(node, frame),
        "by_colour": by_colour,
        "flag_day": day,
        "flag_groups": flag_groups,
        "own_flags": selectors.own_flags(request.user),
    }


@panel(order=10, slot=VILLAGE)
def village_contacts(request, village):
    """A village's open demands and its leadership contacts, on the village's three-colour page."""
    return "visits/_village_panel.html", selectors.village_contacts(village, timezone.localdate())


village_count("open_demands", "未解决诉求")(selectors.open_demands_count)


@panel(order=20, slot=ACTIONS)
def log_visit_first(request):
    """Grid staff and contact cadres: 登记走访 first, then their own households, on the first screen."""
    today = timezone.localdate()
    if not selectors.visits_first(request.user, today):
        return None
    return "visits/_actions.html", {"households": selectors.own_households(request.user, today)}


@panel(order=10, slot=detail_slot("households"))
def household_visits(request, obj):
    """A household's page: its visits, demands and problems, newest first."""
    return "visits/_household_record.html", {"household": obj, **selectors.household_record(request.user, obj)}
