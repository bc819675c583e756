from core.dashboard import panel
from grids import selectors


@panel(order=10)
def grid_figures(request):
    """Section (二) of the report: the grid team and the four-level model."""
    if not request.user.can_read_registers:
        return None
    return "grids/_dashboard.html", {"figures": selectors.grid_figures(user=request.user)}
