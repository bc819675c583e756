"""The leadership's charts on the home page (``reports.leadership``), for those who read the
progress report: each chart is a card the page loads from its own URL, so the home page itself
runs no chart query."""

from django.urls import reverse
from django.utils import timezone

from accounts.access import can
from core.dashboard import panel
from places.selectors import scope_node
from reports import leadership
from reports.models import Report


@panel(order=80)
def leadership_charts(request):
    user = request.user
    if not can(user, "report", Report):
        return None
    node = scope_node(request)
    if node is None:
        return None
    suffix = f"?township={node.pk}" if user.sees_everything else ""
    charts = [
        {"key": c.key, "title": c.title, "url": reverse("reports:chart", args=[c.key]) + suffix}
        for c in leadership.CHARTS
    ]
    return "reports/_charts.html", {"charts": charts, "node": node, "today": timezone.localdate()}
