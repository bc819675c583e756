"""Township-level pages: the dashboard."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render

from core.dashboard import render_panels


@login_required
def dashboard(request):
    """The home page: each app's panel for the user's scope."""
    return render(
        request,
        "township/dashboard.html",
        {"panels": render_panels(request), "heartbeat": cache.get("celery-heartbeat")},
    )
