"""Dashboard panels of the contact system and of three-colour management (fixed query counts)."""

from django.utils import timezone

from core.dashboard import panel
from grids.choices import AreaKind
from township import selectors as colour_selectors
from visits import selectors


def _node(request):
    from visits.views import scope_node

    return scope_node(request)


@panel(order=30)
def contact_month(request):
    """(三) 包联制度: this month's visits, cadres behind, and the latest daily flags."""
    if not request.user.can_read_registers:
        return None
    node = _node(request)
    if node is None:
        return None
    today = timezone.localdate()
    frame = selectors.month_frame(selectors.township_of(node), today.replace(day=1), today)
    day, flag_groups = selectors.flags_for_user(request.user)
    return "visits/_dashboard.html", {
        "node": node,
        "frame": frame,
        "summary": selectors.month_summary(node, frame),
        "flag_day": day,
        "flag_groups": flag_groups,
        "own_flags": selectors.own_flags(request.user),
    }


@panel(order=40)
def three_colours(request):
    """(四) 三色管理: villages by colour today, open and overdue risks."""
    if not request.user.can_read_registers:
        return None
    node = _node(request)
    if node is None or node.kind == AreaKind.GRID:
        return None
    today = timezone.localdate()
    figures = colour_selectors.three_colour_figures(node, today.replace(day=1), today)
    return "township/_colour_panel.html", {"figures": figures, "node": node}
