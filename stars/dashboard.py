"""The home page's star-ratings panel: the latest round's step and, for a secretary, their own village."""

from django.utils import timezone

from accounts.access import can
from core.dashboard import panel
from stars import selectors
from stars.models import RatingRound


@panel(order=60)
def star_panel(request):
    user = request.user
    if not can(user, "view", RatingRound):
        return None
    found = selectors.rounds_for(user).first()
    if found is None:
        return None
    today = timezone.localdate()
    own = None
    if user.scope_node_id and user.scope_node.kind == "village":
        own = selectors.rating_of_village(found, user.scope_node_id, user)
    return "stars/_dashboard.html", {"round": found, "status": found.status_label_on(today), "own": own}
