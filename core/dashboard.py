"""Panels: each app contributes its own part of a shared page from its ``dashboard.py``.

    @panel(order=10)
    def grid_figures(request):
        return "grids/_dashboard.html", {"figures": ...}   # or None to show nothing

A panel takes the request (for the user and their scope) and the page's own objects, and returns a
template and its context; the app renders it with its own template, so a shared page never knows
the features that fill it. It must run a fixed number of queries whatever the data size.

Slots (the pages that show panels):
- ``"dashboard"`` — the home page (``core.views.dashboard``); a panel is called as ``func(request)``.
- ``"actions"`` — the top of the home page, before every panel: each role's main action (登记走访
  and one's own households for grid staff and contact cadres; rank and points for a party member),
  large enough to tap on a phone; ``func(request)``.
- ``detail_slot(register_name)`` — a register's detail page (``core.views.register_detail``), after
  its fields: what other apps hold about the record (a household's visits, demands and risks; a
  member's points); ``func(request, obj)``.
- ``"village"`` — a village's three-colour page (``township.views.village``); ``func(request, village)``.

``village_count`` adds a per-village figure to the three-colour board (each village card shows it):
the function returns a SQL expression counted for ``OuterRef("pk")`` (a village), e.g. the open
demands of the village, so the board stays one query however many figures apps add.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

DASHBOARD = "dashboard"
ACTIONS = "actions"
VILLAGE = "village"

PANELS: dict[str, list["Panel"]] = {}
VILLAGE_COUNTS: list["VillageCount"] = []


@dataclass
class Panel:
    order: int
    func: Callable


@dataclass
class VillageCount:
    """A per-village figure on the three-colour board: ``func(day)`` → an expression for OuterRef("pk")."""

    key: str
    label: str
    order: int
    func: Callable


def panel(order=100, slot=DASHBOARD):
    def decorator(func):
        panels = PANELS.setdefault(slot, [])
        panels.append(Panel(order, func))
        panels.sort(key=lambda p: p.order)
        return func

    return decorator


VERSION_KEY = "dashboard:version"


def figures_changed() -> None:
    """Any write to the township's data: the cached home pages, list counts and list drop-downs are
    recomputed on their next view (their cache keys hold the version this sets)."""
    from django.core.cache import cache

    cache.set(VERSION_KEY, time.time_ns(), None)


def version():
    """The version of the data the cached pieces were computed from (``figures_changed``)."""
    from django.core.cache import cache

    return cache.get(VERSION_KEY, 0)


def _watched(model) -> bool:
    """A model whose writes change what pages show: a scoped row, or a node of the area tree (the
    villages and grids of every figure and drop-down)."""
    meta = model._meta
    return bool(getattr(model, "scope_fields", None)) and meta.app_label != "core" or meta.label == "places.Area"


def _on_write(sender, **kwargs):
    if _watched(sender):
        figures_changed()


def connect_signals():
    """Every save or delete of a scoped row or an area (signals; bulk writes call ``figures_changed``)."""
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_on_write, dispatch_uid="dashboard-figures-changed")
    post_delete.connect(_on_write, dispatch_uid="dashboard-figures-deleted")


def cached_panels(request, slot=DASHBOARD) -> list[str]:
    """The home page's panels of ``slot`` (the figures, or the role's main actions above them) for
    this user, each from the cache when computed less than ``DASHBOARD_CACHE_SECONDS`` (60) ago and
    nothing was written since (``figures_changed``: a save or delete of any scoped row or area, and
    every applied import). Keyed by user, since panels show the user's own flags and households; a
    panel holding a form (a CSRF token) is rendered every time. Without Redis: computed each time."""
    from django.conf import settings
    from django.core.cache import cache

    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return render_panels(request, slot)
    key = f"dashboard:{slot}:{request.user.pk}:{version()}"
    items = PANELS.get(slot, [])
    cached = cache.get(key)
    if cached is None or len(cached) != len(items):
        cached = [_render(request, item) for item in items]
        cache.set(key, [None if "csrfmiddlewaretoken" in (h or "") else h for h in cached], seconds)
    else:
        cached = [h if h is not None else _render(request, item) for h, item in zip(cached, items, strict=True)]
    return [h for h in cached if h]


def _render(request, item, **objects) -> str:
    from django.template.loader import render_to_string

    result = item.func(request, **objects)
    if not result:
        return ""
    template, context = result
    return render_to_string(template, context, request=request)


def render_panels(request, slot=DASHBOARD, **objects) -> list[str]:
    """The HTML of every panel of ``slot`` that has something to show, in order."""
    from django.template.loader import render_to_string

    html = []
    for item in PANELS.get(slot, []):
        result = item.func(request, **objects)
        if result:
            template, context = result
            html.append(render_to_string(template, context, request=request))
    return html


def detail_slot(register_name: str) -> str:
    """The slot of a register's detail page (see the module docstring)."""
    return f"detail:{register_name}"


def village_count(key, label, order=100):
    """Register a per-village board figure (see the module docstring)."""

    def decorator(func):
        VILLAGE_COUNTS.append(VillageCount(key, label, order, func))
        VILLAGE_COUNTS.sort(key=lambda c: c.order)
        return func

    return decorator
