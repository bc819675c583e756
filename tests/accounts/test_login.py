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
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_a_role_needs_a_scope_of_the_right_kind(world):
    from django.core.exceptions import ValidationError

    user = User(username="x", role="secretary", scope_node=world.g1)
    with pytest.raises(ValidationError, match="村书记的管辖范围必须是一个行政村/社区"):
        user.clean()
