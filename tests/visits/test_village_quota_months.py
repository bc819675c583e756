"""visits.selectors.village_quota_months: the months of a year a village met its visit quota."""

import datetime

import pytest

from tests import factories as f
from tests.visits.helpers import assign, visit
from visits.models import QuotaSetting
from visits.selectors import QuotaMonths, village_quota_months

pytestmark = pytest.mark.django_db


def test_months_met_by_the_villages_share_of_its_cadres_quota(world, personas, count_queries):
    w = world
    QuotaSetting.objects.create(township=w.t1, households_each=2, visits_per_month=2, days_per_week=1)
    cadre = f.UserFactory(username="cadre", role=personas.grid.role, scope_node=w.g1)
    assign(cadre, household=w.h1, start_on=datetime.date(2024, 1, 1))
    assign(cadre, household=w.h2, start_on=datetime.date(2024, 1, 1))
    # Two visits a month owed to v1 (both households are there), on at least 4 days (1 a week):
    # January: 4 visits on 4 days (met); February: 2 visits on 2 days (days short); March: none.
    for day in (3, 10, 17, 24):
        visit(cadre, w.h1 if day % 2 else w.h2, datetime.date(2025, 1, day))
    for day in (5, 12):
        visit(cadre, w.h1, datetime.date(2025, 2, day))
    today = datetime.date(2025, 4, 2)  # January to March are over
    with count_queries() as q:
        months = village_quota_months(w.t1, 2025, today)
    assert len(q) <= 4
    assert (months[w.v1.pk].met, months[w.v1.pk].measured) == (1, 3)
    # v2 has no contact households: no visits are owed, but someone should still be there weekly.
    assert months[w.v2.pk] == QuotaMonths(0, 3)
    assert village_quota_months(w.t1, 2026, today) == {w.v1.pk: QuotaMonths(0, 0), w.v2.pk: QuotaMonths(0, 0)}
