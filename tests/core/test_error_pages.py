"""Chinese error pages: 400, 403 (and the CSRF failure), 404 and 500 from Django; the static page
the reverse proxy shows when the application does not answer; Chinese names in the admin."""

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.template import loader
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_404_is_chinese(client, personas):
    client.force_login(personas.office)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "找不到这个页面或记录" in response.content.decode()


def test_404_for_a_row_outside_scope_is_the_same_chinese_page(client, personas, world):
    client.force_login(personas.office)
    response = client.get(f"/r/households/{world.h3.pk}/")  # a household of the other township
    assert response.status_code == 404
    assert "不在您的管辖范围内" in response.content.decode()


def test_403_is_chinese_and_says_why(client, personas):
    client.force_login(personas.member)
    response = client.get(reverse("points:rulebooks"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "没有权限进行这项操作" in page


def test_400_is_chinese(client):
    response = client.get("/login/", HTTP_HOST="evil.example.com")  # not in ALLOWED_HOSTS
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_a_csrf_failure_is_chinese(db):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


@pytest.mark.urls("tests.core.urls_broken")
def test_500_is_chinese(client, personas):
    client.raise_request_exception = False
    client.force_login(personas.office)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错了" in page and "boom" not in page


def test_the_500_page_renders_without_a_request_or_the_database():
    # No db fixture: pytest-django makes any database access here an error.
    page = loader.get_template("500.html").render()
    assert "系统出错了" in page and "返回首页" in page


def test_the_proxy_has_a_self_contained_chinese_page_for_when_the_app_is_down():
    page = (ROOT / "static" / "errors" / "50x.html").read_text("utf-8")
    assert "系统暂时无法访问" in page
    assert not re.search(r'(src|href)="/static', page)  # nothing behind the proxy may be up
    operations = (ROOT / "docs" / "operations.md").read_text("utf-8")
    assert "error_page 500 502 503 504 /50x.html;" in operations
    assert "proxy_intercept_errors on;" in operations


@pytest.mark.django_db
def test_every_app_and_model_in_the_admin_has_a_chinese_name(client, personas):
    for model in admin.site._registry:
        meta = model._meta
        for name in (meta.app_config.verbose_name, meta.verbose_name, meta.verbose_name_plural):
            assert CJK.search(str(name)), f"{meta.label}: {name}"
    client.force_login(personas.admin)
    index = client.get(reverse("admin:index")).content.decode()
    for name in ("基层治理 · 系统管理", "登录安全", "登录失败计数", "问题整改", "账号与权限", "网格治理"):
        assert name in index
