"""The home page's three-colour panel (fixed query count)."""

from django.utils import timezone

from core.dashboard import detail_slot, panel
from places.choices import AreaKind
from places.selectors import scope_node
from township import selectors


@panel(order=40)
def three_colours(request):
    """(四) 三色管理: villages by colour today, open and overdue risks."""
    if not request.user.can_read_registers:
        return None
    node = scope_node(request)
    if node is None or node.kind == AreaKind.GRID:
        return None
    today = timezone.localdate()
    figures = selectors.three_colour_figures(node, today.replace(day=1), today)
    return "township/_colour_panel.html", {"figures": figures, "node": node}


@panel(order=20, slot=detail_slot("households"))
def household_risks(request, obj):
    """A household's page: the risks recorded about it, newest first."""
    return "township/_household_risks.html", {"risks": selectors.household_risks(request.user, obj)}
