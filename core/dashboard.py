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
