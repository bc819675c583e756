"""The daily flags job through a real Celery worker on Redis (not eager)."""

import datetime

import pytest

from tests import factories as f
from visits.choices import FlagKind
from visits.models import Flag
from visits.tasks import refresh_flags

from .helpers import assign, risk, visit


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_daily_flags_run_on_a_real_worker_and_are_idempotent(real_worker):
    from tests.conftest import build_world

    world = build_world()
    cadre = f.UserFactory(username="cadre", full_name="慢干部", role="grid", scope_node=world.g1)
    assign(cadre, household=world.h1)
    visit(cadre, world.h1, datetime.date(2024, 4, 2))
    risk(world.v1, found_on=datetime.date(2024, 3, 1), deadline=datetime.date(2024, 4, 1), title="河堤渗水")

    day = "2024-04-16"
    assert refresh_flags.delay(day).get(timeout=60) == 2
    kinds = sorted(Flag.objects.filter(day=day).values_list("kind", flat=True))
    assert kinds == sorted([FlagKind.QUOTA_BEHIND, FlagKind.RISK_OVERDUE])
    assert refresh_flags.delay(day).get(timeout=60) == 2
    assert Flag.objects.filter(day=day).count() == 2
