from django.utils import timezone

from accounts.roles import STATS_ROLES, Role
from core.dashboard import panel
from points import selectors


@panel(order=70)
def points_figures(request):
    """Section (七): points this month, claims waiting for approval, rankings waiting to be published."""
    user = request.user
    today = timezone.localdate()
    if user.role == Role.MEMBER and user.member is not None:
        return "points/_dashboard_member.html", {"summary": selectors.member_summary(user.member, today)}
    if not user.has_role(STATS_ROLES):
        return None
    return "points/_dashboard.html", {"figures": selectors.dashboard_figures(user, today)}
