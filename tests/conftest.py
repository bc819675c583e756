"""Shared fixtures: a small two-township world and one persona per role.

world.t1 ── v1 ── g1 ── pg1      world.t2 ── v3 ── g3
         │     └─ g2                         (another township)
         └─ v2 ── g4
"""

from types import SimpleNamespace

import pytest
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from tests import factories as f

PASSWORD = "pw-test-123"


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


def build_world():
    t1 = f.TownshipFactory(name="东城镇", code="T1")
    v1 = f.VillageFactory(name="苇水村", code="T1V1", parent=t1)
    v2 = f.VillageFactory(name="九光村", code="T1V2", parent=t1)
    g1 = f.GridFactory(name="苇水村第1网格", code="T1V1G1", parent=v1)
    g2 = f.GridFactory(name="苇水村第2网格", code="T1V1G2", parent=v1)
    g4 = f.GridFactory(name="九光村第1网格", code="T1V2G1", parent=v2)
    pg1 = f.PartyGroupFactory(name="第1网格党小组", code="T1V1G1P1", parent=g1)
    t2 = f.TownshipFactory(name="西河镇", code="T2")
    v3 = f.VillageFactory(name="上郊村", code="T2V1", parent=t2)
    g3 = f.GridFactory(name="上郊村第1网格", code="T2V1G1", parent=v3)
    for node in (t1, v1, v2, g1, g2, g4, pg1, t2, v3, g3):
        node.refresh_from_db()
    h1 = f.HouseholdFactory(grid=g1, name="张三", number="H1", party_group=pg1)
    h2 = f.HouseholdFactory(grid=g2, name="李四", number="H2")
    h4 = f.HouseholdFactory(grid=g4, name="王五", number="H4")
    h3 = f.HouseholdFactory(grid=g3, name="赵六", number="H3")
    m1 = f.MemberFactory(grid=g1, name="刘洋")
    m2 = f.MemberFactory(grid=g4, name="陈静")
    m3 = f.MemberFactory(grid=g3, name="孙杰")
    return SimpleNamespace(**locals())


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def personas(world):
    """One login per role, scoped as DESIGN.md says; office2 works in the other township."""
    w = world
    return SimpleNamespace(
        admin=f.UserFactory(username="admin", role=Role.ADMIN, is_superuser=True, is_staff=True),
        office=f.UserFactory(username="office", role=Role.OFFICE, scope_node=w.t1),
        leader=f.UserFactory(username="leader", role=Role.LEADER, scope_node=w.t1),
        secretary=f.UserFactory(username="secretary", role=Role.SECRETARY, scope_node=w.v1),
        grid=f.UserFactory(username="grid", role=Role.GRID, scope_node=w.g1),
        member=f.UserFactory(username="member", role=Role.MEMBER, scope_node=w.v1, member=w.m1),
        office2=f.UserFactory(username="office2", role=Role.OFFICE, scope_node=w.t2),
        county=f.UserFactory(username="county", role=Role.COUNTY),
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def count_queries(django_db_blocker):
    """``with count_queries() as q: ...; len(q)`` — the number of SQL queries run."""
    from django.db import connection

    def _ctx():
        return CaptureQueriesContext(connection)

    return _ctx


@pytest.fixture
def real_worker(settings):
    """A real Celery worker (in a thread) consuming from the real Redis broker.

    Use with ``@pytest.mark.django_db(transaction=True)`` so the worker's own database
    connection sees the rows the test committed. Tasks are sent with ``.delay()`` and the test
    waits on ``.get(timeout=...)``: nothing runs eagerly.
    """
    import os

    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL is not set: the real-worker test needs Redis (CI sets it)")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(
        broker_url=redis_url,
        result_backend=redis_url,
        task_always_eager=False,
        broker_connection_retry_on_startup=True,
    )
    # Each xdist worker gets its own queue so parallel runs do not steal each other's tasks.
    queue = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    app.conf.task_default_queue = queue
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10) as worker:
        yield worker
    app.conf.task_default_queue = "celery"
    app.conf.task_always_eager = True
