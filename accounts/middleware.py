"""Session lifetime: besides the idle timeout (SESSION_COOKIE_AGE, renewed on every request), a
session ends SESSION_ABSOLUTE_SECONDS after login however busy it is, so a stolen or forgotten
session cookie cannot be kept alive for ever."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver

LOGIN_AT = "login_at"
# When core.middleware.SessionRenewalMiddleware last renewed the session's idle timeout.
RENEWED_AT = "_renewed_at"
SESSION_ENDED = "登录已超过 {hours} 小时，为安全起见请重新登录"


@receiver(user_logged_in)
def _stamp_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        # Login has just saved the session: the first page after it need not save it again.
        request.session[RENEWED_AT] = now


class AbsoluteSessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            limit = settings.SESSION_ABSOLUTE_SECONDS
            if started is None:
                # A session from before this rule (or force_login): its lifetime starts now.
                request.session[LOGIN_AT] = int(time.time())
            elif time.time() - started > limit:
                logout(request)
                messages.info(request, SESSION_ENDED.format(hours=round(limit / 3600)))
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
