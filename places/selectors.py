"""Reads of the area tree shared by every layer above: the township of a node, the node a page
looks at, the townships a user may choose between."""

from django.shortcuts import get_object_or_404

from places.choices import AreaKind
from places.models import Area


def township_of(node) -> Area | None:
    """The township a node belongs to (itself for a township; None for None)."""
    if node is None:
        return None
    return node if node.kind == AreaKind.TOWNSHIP else node.get_root()


def townships_for(user) -> list[Area]:
    """The townships a system administrator chooses between on township pages ([] for everyone else)."""
    return list(Area.objects.townships().order_by("code")) if user.sees_everything else []


def scope_node(request) -> Area | None:
    """The node a page looks at: the user's scope, or for an administrator the chosen township
    (``?township=<pk>``, else the first one); 404 for an unknown township."""
    user = request.user
    if not user.sees_everything:
        return user.scope_node
    townships = Area.objects.townships().order_by("code")
    chosen = request.GET.get("township")
    if chosen:
        return get_object_or_404(townships, pk=chosen) if chosen.isdigit() else None
    return townships.first()


def area_by_pk(pk) -> Area:
    """A node by its key, for code that already holds a trusted key (a row's township_id)."""
    return Area.objects.get(pk=pk)


def kind_label(kind: str) -> str:
    return AreaKind(kind).label
