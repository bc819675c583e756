"""The URL × persona table run: every row of tests/test_access_table.py, each persona, GET and POST.

Slow (a dozen requests per URL), so it runs with the whole suite (``make test``) and with the
access tests, not in the landing gate, which checks the table is complete. After adding rows, run
``pytest tests/accounts/test_access_matrix.py -k "yourapp"``.
"""

import re

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import resolve

from core.params import MAX_INT
from core.registers import get_register
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


# Each table's ids start in a range of their own, so no id of one table is also an id of another.
ID_RANGE = 100_000


def spread_ids():
    """Move every table's id sequence into its own range (the n-th table from n × ID_RANGE on).

    PostgreSQL's sequences are outside the transaction a test rolls back: in a fresh database every
    table's ids start at 1, after other tests each table's have moved on by a different amount. A
    row whose URL takes the id of the wrong scene object (``/r/branch_ratings/<BranchRating id>/``,
    a register of CriterionMark rows) then found a CriterionMark with that id when the module ran
    alone and answered 404 to everyone in the whole suite. Spread apart, such a row fails always.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()")
        sequences = sorted(cursor.fetchall())
        assert len(sequences) * ID_RANGE < MAX_INT, "too many tables for the id ranges"
        for n, (name, last) in enumerate(sequences, start=1):
            if (last or 0) < n * ID_RANGE:
                cursor.execute("SELECT setval(%s, %s, false)", [name, n * ID_RANGE])


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, media_root):
    """Built once per module (and worker) inside a transaction rolled back at the end."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media_root)
    with django_db_blocker.unblock(), fast:
        spread_ids()
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


@pytest.mark.django_db
def test_each_register_row_names_an_object_of_its_register(scene):
    """A register URL's ``<pk>`` must be a row of that register's model (see ``spread_ids``)."""
    wrong = []
    for row in ROWS:
        if not row.obj:
            continue
        match = resolve(row.url(scene))
        name = match.kwargs.get("register_name")
        if name and "pk" in match.kwargs and not isinstance(scene.objs[row.obj], get_register(name).model):
            model = get_register(name).model.__name__
            wrong.append(f"{row.name}: obj={row.obj!r} is a {type(scene.objs[row.obj]).__name__}, not a {model}")
    assert not wrong, "\n".join(wrong)


def test_the_scene_ids_of_different_tables_differ(scene):
    tables = {}
    for obj in scene.objs.values():
        root = ([type(obj), *obj._meta.get_parent_list()])[-1]  # a child table shares its parent's ids
        tables.setdefault(obj.pk, set()).add(root._meta.db_table)
    assert not {pk: names for pk, names in tables.items() if len(names) > 1}


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
