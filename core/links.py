"""Whether a link opens for a user, asked before the link is shown (issue 11: a role is not shown
what it may not follow).

``opens(user, url)`` reads what the URL's view needs from the access layer, without a query:

- a register's page (``/r/<register>/…``): ``Register.allows`` for the page's action (list, detail,
  print, export and template read the register; new adds; edit changes; import imports);
- a view declared with ``@accounts.access.requires(action, Model)``: ``can(user, action, Model)``;
- any other page: True (it makes its own checks; declare it with ``requires`` to have its links
  checked here).

For a link whose URL is data (a report figure's ``entry_url``) or built in a template:
``{% url "x" as href %}{% if user|opens:href %}<a href="{{ href }}">…</a>{% endif %}``. Links to
one object (a detail page) still answer 404 outside scope: show those only for rows the user's
queryset (``for_user``) gave.
"""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from accounts.access import can, role_of
from core.registers import get_register

# A register page's URL name (``households_create``) → the action its view asks ``Register.allows``.
REGISTER_PAGES = {"list": "view", "detail": "view", "create": "add", "edit": "change"}


def opens(user, url) -> bool:
    """Whether following ``url`` (a path, with or without a query) is open to ``user``'s role."""
    if not url or role_of(user) is None:
        return False
    try:
        match = resolve(urlsplit(str(url)).path)
    except Resolver404:
        return False
    name = match.kwargs.get("register_name")
    if name:
        page = (match.url_name or "").removeprefix(f"{name}_")
        return get_register(name).allows(user, REGISTER_PAGES.get(page, page))
    needs = getattr(match.func, "access_requires", None)
    if needs:
        action, model = needs
        return can(user, action, model)
    return True
