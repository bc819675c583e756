"""Login security: the client's address behind the reverse proxy, and django-axes' app config.

django-axes locks a username from one client address (``AXES_LOCKOUT_PARAMETERS``). Behind a
reverse proxy every request's ``REMOTE_ADDR`` is the proxy, so the address must come from the
``X-Forwarded-For`` header the proxy appends to. Only the entries our own proxies wrote can be
trusted: a client may send any header it likes, and each proxy appends the address it saw, so the
client is the ``TRUSTED_PROXY_COUNT``-th entry from the right. With fewer entries than that (a
request that did not pass every proxy) or ``TRUSTED_PROXY_COUNT = 0`` the header is ignored.

django-ipware is not installed: ``AXES_CLIENT_IP_CALLABLE`` is django-axes' documented hook for
resolving the address without it.
"""

import ipaddress

from axes.apps import AppConfig as AxesAppConfig
from django.conf import settings


def client_ip(request) -> str | None:
    """The address of the client that sent ``request``, as our trusted proxies saw it."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class AxesConfig(AxesAppConfig):
    """django-axes with a Chinese name in the admin."""

    verbose_name = "登录安全"
