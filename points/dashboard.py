from django.utils import timezone

from accounts.access import can
from accounts.roles import Role
from core.dashboard import ACTIONS, detail_slot, panel
from points import selectors
from points.models import PointClaim, PointEntry, RankingSnapshot


@panel(order=10, slot=ACTIONS)
def member_points(request):
    """A party member's home starts with their points: this month and year, their rank in the
    township, village and tier for the latest published month, quarter and year, and what their
    totals qualify them for."""
    user = request.user
    if user.role != Role.MEMBER or user.member is None:
        return None
    return "points/_dashboard_member.html", {
        "summary": selectors.member_summary(user.member, timezone.localdate()),
        "standing": selectors.member_standing(user.member),
    }


@panel(order=30, slot=ACTIONS)
def points_to_do(request):
    """The office and village secretaries: claims to approve and rankings to publish, first on the
    home page when there are some."""
    user = request.user
    if not can(user, "decide", PointClaim):
        return None
    waiting = selectors.points_waiting(user, periods=can(user, "publish", RankingSnapshot))
    if not waiting["claims"] and not waiting["draft_periods"]:
        return None
    return "points/_actions.html", {"waiting": waiting}


@panel(order=70)
def points_figures(request):
    """Section (七): points this month, claims waiting for approval, rankings waiting to be published."""
    user = request.user
    today = timezone.localdate()
    if not can(user, "view", RankingSnapshot):  # not a member's: their own panel is member_points
        return None
    return "points/_dashboard.html", {"figures": selectors.dashboard_figures(user, today)}


@panel(order=10, slot=detail_slot("members"))
def member_page_points(request, obj):
    """A member's page: their points this month and year, and where they stand in the latest
    published rankings (the handbook linked for those who may open it)."""
    return "points/_member_page.html", {
        "member": obj,
        "summary": selectors.member_summary(obj, timezone.localdate()),
        "standing": selectors.member_standing(obj),
        "can_open_handbook": can(request.user, "view", PointEntry),  # what the handbook view asks
    }
