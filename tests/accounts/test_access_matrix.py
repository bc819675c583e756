"""The URL × persona table run: every row of tests/test_access_table.py, each persona, GET and POST.

Slow (a dozen requests per URL), so it runs with the whole suite (``make test``) and with the
access tests, not in the landing gate, which checks the table is complete. After adding rows, run
``pytest tests/accounts/test_access_matrix.py -k "yourapp"``.
"""

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from tests.access_scene import build_scene
from tests.test_access_table import ROWS

CJK = re.compile(r"[\u4e00-\u9fff]")
DENIED_BOX = re.compile(r'<div class="alert alert-warning">\s*([^<]*)</div>')


# --- the machinery ------------------------------------------------------------------------------


class StubHTML:
    """WeasyPrint's HTML, minus the layout: the template is still rendered (by render_to_string)."""

    def __init__(self, *args, **kwargs):
        pass

    def write_pdf(self, *args, **kwargs):
        return b"%PDF-1.7\n% stub\n"


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("access_media")


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, media_root):
    """Built once per module (and worker) inside a transaction rolled back at the end."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media_root)
    with django_db_blocker.unblock(), fast:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_scene()
            built.clients, built.sessions = {}, {}
            for persona, user in built.users.items():
                built.clients[persona] = Client()
                if user is not None:
                    built.clients[persona].force_login(user)
                    built.sessions[persona] = built.clients[persona].cookies[settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _table_settings(settings, media_root, monkeypatch):
    settings.MEDIA_ROOT = media_root
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", StubHTML)


def answer(scene, row, persona, method):
    """What the URL answers ``persona``: a cell code (200, 302, L, 403, …) and the response."""
    client = scene.clients[persona]
    # Each cell starts from the persona's own session: a logout or a password change in an earlier
    # cell (rolled back in the database) must not leave the client signed out or with old messages.
    client.cookies.clear()
    if persona in scene.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = scene.sessions[persona]
    url = row.url(scene)
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, row.data)
        transaction.set_rollback(True)
    code = str(response.status_code)
    if response.status_code in (301, 302, 303):
        location = response.get("Location", "")
        code = "L" if location.startswith("/login/") else "302"
    return code, response


def mismatches(scene, row, method):
    wrong = []
    for persona, expected in row.cells(method).items():
        code, response = answer(scene, row, persona, method)
        if code != expected:
            wrong.append(f"{persona}: {code} (expected {expected})")
        elif code == "403":
            found = DENIED_BOX.search(response.content.decode())
            if not (found and CJK.search(found.group(1))):
                wrong.append(f"{persona}: 403 without a Chinese message (PermissionDenied needs one)")
    return wrong


def _params():
    for row in ROWS:
        for method in ("GET", "POST"):
            if method == "POST" and row.post is None:
                continue
            marks = [pytest.mark.xfail(reason=row.leak, strict=True)] if row.leak else []
            if row.todo:
                marks = [pytest.mark.skip(reason=row.todo)]
            yield pytest.param(row, method, id=f"{row.name}-{method}", marks=marks)


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "method"), list(_params()))
def test_each_url_answers_each_persona_as_the_table_says(scene, row, method):
    wrong = mismatches(scene, row, method)
    assert not wrong, f"{method} {row.url(scene)}:\n" + "\n".join(wrong)


# --- Django admin: for the system administrator only ------------------------------------------------


def admin_list_urls():
    from django.contrib import admin
    from django.urls import reverse

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    return urls


@pytest.mark.django_db
def test_the_admin_site_is_for_the_administrator_only(scene):
    wrong = []
    for url in admin_list_urls():
        for persona in ("admin", "anon", "office", "member"):
            client = scene.clients[persona]
            with transaction.atomic():
                response = client.get(url)
                transaction.set_rollback(True)
            if persona == "admin":
                ok = response.status_code == 200
            else:
                ok = response.status_code == 302 and response["Location"].startswith("/admin/login/")
            if not ok:
                wrong.append(f"{persona} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
