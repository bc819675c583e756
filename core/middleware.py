"""Responses to a signed-in user hold personal data (names, addresses, ID numbers, exports):
no browser or proxy may keep a copy (``Cache-Control: no-store``). Sessions are renewed at most
once a minute (``SessionRenewalMiddleware``)."""

import time

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from accounts.middleware import RENEWED_AT


class NoStoreForSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # max-age=0, no-cache, no-store, must-revalidate, private (and an Expires in the past)
            add_never_cache_headers(response)
        return response


class SessionRenewalMiddleware:
    """The idle timeout (``SESSION_COOKIE_AGE``) renewed at most once every
    ``SESSION_RENEW_SECONDS`` (60) per session, not written to the database on every request.

    With ``SESSION_SAVE_EVERY_REQUEST`` every page cost an UPDATE and a commit of its session row;
    here a session is saved (and its cookie sent again) when its data changed or when it was last
    renewed a minute or more ago, so a session idle for ``SESSION_COOKIE_AGE`` still ends, at most
    a minute early. Listed just after SessionMiddleware, so it runs before the session is saved."""

    RENEWED = RENEWED_AT

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.RENEWED, 0) >= settings.SESSION_RENEW_SECONDS:
                session[self.RENEWED] = now  # modified: SessionMiddleware saves it with a new expiry
        return response
