from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

from accounts.access import role_of
from core.registers import menu_for

#: the menu's HTML per (role, URL prefix): ``menu_for`` depends on the role only, and the entries
#: are declared once at start-up, so each process renders a role's menu once (no ``{% url %}`` for
#: ~90 entries on every page). tests/core/test_page_cost.py checks it against a fresh rendering.
_MENUS: dict[tuple, str] = {}


def menu_html(user) -> str:
    key = (role_of(user), get_script_prefix())
    html = _MENUS.get(key)
    if html is None:
        html = _MENUS[key] = render_to_string("core/_menu.html", {"nav_sections": menu_for(user)})
    return mark_safe(html)  # noqa: S308 (rendered by the template engine, escaped there)


def navigation(request):
    """The menu, grouped by section, showing only what the user's role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": ""}
    return {"nav_menu": menu_html(user)}
