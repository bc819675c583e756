"""Pages of the grid domain beyond the registers: the tree and the flags."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.access import get_for_user_or_404, require, requires
from grids import selectors
from grids.models import Household
from places.models import Area


@login_required
@requires("view", Household)  # the tree and its counts: whoever reads the registers
def tree(request, pk=None):
    """Browse township → village → grid → party group with counts at each level."""
    areas = Area.objects.for_user(request.user)
    if pk is None:
        if not request.user.sees_everything:
            node = request.user.scope_node
        else:
            roots = list(areas.townships().order_by("code"))
            if len(roots) != 1:
                return render(request, "grids/tree_roots.html", {"roots": roots})
            node = roots[0]
    else:
        node = get_for_user_or_404(Area, request.user, "view", pk=pk)
    context = {
        "node": node,
        "ancestors": node.get_ancestors().filter(pk__in=areas.values("pk")),
        "children": selectors.tree_children(node),
        "figures": selectors.grid_figures(node=node),
    }
    return render(request, "grids/tree.html", context)


@login_required
def flags(request):
    """Grids whose 网格长 is not the branch secretary, grids without a party group, idle central households."""
    require(request.user, "view", Household)
    return render(request, "grids/flags.html", selectors.grid_flags(request.user))
