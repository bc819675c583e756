"""Sessions end when idle and at an absolute lifetime; users change their own password;
signed-in responses are never stored by a browser or proxy."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.middleware import LOGIN_AT
from tests.conftest import PASSWORD


def test_a_session_ends_at_its_absolute_lifetime_however_busy(client, personas, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session[LOGIN_AT] = int(time.time()) - 12 * 60 * 60 - 5  # logged in 12 hours and 5 seconds ago
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"])
    assert "登录已超过 12 小时，为安全起见请重新登录" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_session_within_its_lifetime_goes_on(client, personas):
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    session = client.session
    session[LOGIN_AT] = int(time.time()) - 11 * 60 * 60
    session.save()
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_idle_timeout_is_renewed_at_least_once_a_minute(settings):
    # not written on every request: tests/core/test_page_cost.py shows the renewal itself
    assert "core.middleware.SessionRenewalMiddleware" in settings.MIDDLEWARE
    assert 0 < settings.SESSION_RENEW_SECONDS <= 60
    assert 0 < settings.SESSION_COOKIE_AGE < settings.SESSION_ABSOLUTE_SECONDS


def test_the_first_page_after_login_does_not_write_the_session_again(client, personas, count_queries):
    client.force_login(personas.office)
    with count_queries() as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "django_session"')]


def test_the_login_stamps_are_connected_before_any_request_loads_middleware():
    # A worker's or a test's first login can come before the first request: the receiver must be
    # connected by the app registry, not by importing the middleware.
    code = (
        "import django; django.setup(); import sys; "
        "from django.contrib.auth.signals import user_logged_in; "
        "sys.exit(0 if any('_stamp_login' in repr(r[1]) for r in user_logged_in.receivers) else 1)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    assert subprocess.run([sys.executable, "-c", code], env=env, cwd=django_settings.BASE_DIR).returncode == 0


def test_a_user_changes_their_own_password_from_the_menu(client, personas):
    client.force_login(personas.grid)
    page = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("password_change")}"' in page and "修改密码" in page
    form = client.get(reverse("password_change")).content.decode()
    assert "旧密码" in form and "新密码" in form
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Wangge-2026-qiu", "new_password2": "Wangge-2026-qiu"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert "密码已修改" in client.get(reverse("password_change_done")).content.decode()
    personas.grid.refresh_from_db()
    assert personas.grid.check_password("Wangge-2026-qiu")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"old_password": "wrong", "new_password1": "Wangge-2026-qiu", "new_password2": "Wangge-2026-qiu"}, "旧密码"),
        ({"old_password": PASSWORD, "new_password1": "Wangge-2026-qiu", "new_password2": "other-2026-qiu"}, "不一致"),
        ({"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}, "太常见"),
    ],
)
def test_a_rejected_password_change_says_why_and_keeps_the_old_password(client, personas, data, message):
    client.force_login(personas.grid)
    response = client.post(reverse("password_change"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    personas.grid.refresh_from_db()
    assert personas.grid.check_password(PASSWORD)


def test_the_password_pages_need_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_signed_in_pages_and_downloads_are_not_stored(client, personas, world):
    client.force_login(personas.office)
    for url in (reverse("dashboard"), "/r/households/", "/r/households/export/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
