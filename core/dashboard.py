"""Dashboard panels: each app contributes its own from its dashboard.py.

    @panel(order=10)
    def grid_figures(request):
        return "grids/_dashboard.html", {"figures": ...}   # or None to show nothing

A panel takes the request (for the user and their scope) and returns a template and its
context. It must run a fixed number of queries whatever the data size.
"""

from collections.abc import Callable
from dataclasses import dataclass

PANELS: list["Panel"] = []


@dataclass
class Panel:
    order: int
    func: Callable


def panel(order=100):
    def decorator(func):
        PANELS.append(Panel(order, func))
        PANELS.sort(key=lambda p: p.order)
        return func

    return decorator


def render_panels(request):
    from django.template.loader import render_to_string

    html = []
    for item in PANELS:
        result = item.func(request)
        if result:
            template, context = result
            html.append(render_to_string(template, context, request=request))
    return html
