"""Logging in: Chinese pages, a lock on one username from one address, idle sessions expire."""

import pytest
from django.urls import reverse

from accounts.models import User


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client, username, password, ip):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_chinese_and_logs_in(client, personas):
    response = client.get(reverse("login"))
    assert "工作平台登录" in response.content.decode()
    response = attempt(client, "office", "pw-test-123", "10.0.0.1")
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_username_is_locked_from_one_address_but_not_from_others(client, personas, axes_on):
    for _ in range(3):
        attempt(client, "office", "wrong", "10.0.0.1")
    locked = attempt(client, "office", "pw-test-123", "10.0.0.1")
    assert locked.status_code == 429
    # The same office's colleague behind the same public address still gets in.
    assert attempt(client, "leader", "pw-test-123", "10.0.0.1").status_code == 302
    client.logout()
    # And the locked user from another address.
    assert attempt(client, "office", "pw-test-123", "10.0.0.2").status_code == 302


def test_sessions_expire_when_idle(settings):
    # renewed at most once a minute, not written on every request (tests/core/test_page_cost.py)
    assert "core.middleware.SessionRenewalMiddleware" in settings.MIDDLEWARE
    assert 0 < settings.SESSION_RENEW_SECONDS <= 60
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_a_role_needs_a_scope_of_the_right_kind(world):
    from django.core.exceptions import ValidationError

    user = User(username="x", role="secretary", scope_node=world.g1)
    with pytest.raises(ValidationError, match="村书记的管辖范围必须是一个行政村/社区"):
        user.clean()


# --- behind the reverse proxy (docs/operations.md): the client comes from X-Forwarded-For -------

NGINX = "127.0.0.1"  # every request reaches gunicorn from the proxy


def attempt_via_proxy(client, username, password, forwarded_for):
    """A login as nginx passes it on: REMOTE_ADDR is nginx, which appended the client's address."""
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=NGINX,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def behind_proxy(settings, axes_on):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 5


def test_behind_the_proxy_five_bad_passwords_lock_office_for_that_client_only(client, personas, behind_proxy):
    statuses = [attempt_via_proxy(client, "office", "wrong", "203.0.113.10").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth bad password locks
    locked = attempt_via_proxy(client, "office", "pw-test-123", "203.0.113.10")
    assert locked.status_code == 429
    assert "账号已暂时锁定" in locked.content.decode() and "60 分钟后自动解锁" in locked.content.decode()
    # The same username from another client of the same proxy still logs in.
    assert attempt_via_proxy(client, "office", "pw-test-123", "203.0.113.20").status_code == 302


def test_behind_the_proxy_a_forged_header_does_not_escape_the_lock(client, personas, behind_proxy):
    for _ in range(5):
        attempt_via_proxy(client, "office", "wrong", "203.0.113.10")
    # The client sends its own X-Forwarded-For; nginx appends the address it really saw.
    forged = attempt_via_proxy(client, "office", "pw-test-123", "198.51.100.99, 203.0.113.10")
    assert forged.status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(client, personas, settings, axes_on):
    settings.TRUSTED_PROXY_COUNT = 0
    for _ in range(3):
        attempt(client, "office", "wrong", "10.0.0.1")
    spoofed = client.post(
        reverse("login"),
        {"username": "office", "password": "pw-test-123"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert spoofed.status_code == 429
    assert attempt(client, "office", "pw-test-123", "10.0.0.2").status_code == 302


def test_the_client_address_is_counted_from_the_right(rf, settings):
    from accounts.security import client_ip

    settings.TRUSTED_PROXY_COUNT = 2  # e.g. a county gateway in front of the township's nginx
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 10.1.1.1")
    assert client_ip(request) == "203.0.113.5"
    short = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_ip(short) == "127.0.0.1"  # did not pass both proxies: the header is not trusted
    garbage = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="x, y")
    assert client_ip(garbage) == "127.0.0.1"
