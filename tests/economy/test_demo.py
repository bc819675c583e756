"""seed_demo's four key points: every village has a year of income; 苇水, 九光 and 上郊 lead."""

import datetime
import random

import pytest

from core.demo import DemoContext
from economy import services
from economy.models import CollectiveIncome

TODAY = datetime.date(2026, 9, 15)


@pytest.fixture
def demo(db):
    from accounts import demo as accounts_demo
    from economy import demo as economy_demo
    from grids import demo as grids_demo

    ctx = DemoContext(rng=random.Random(7), scale="small", today=TODAY)
    grids_demo.seed(ctx)
    accounts_demo.seed(ctx)
    economy_demo.seed(ctx)
    return ctx


def test_every_village_has_a_years_income_that_obeys_the_rules(demo):
    villages = demo.data["villages"]
    rows = list(CollectiveIncome.objects.select_related("village"))
    assert {r.village_id for r in rows} == {v.pk for v in villages}
    assert {r.year for r in rows} == {TODAY.year}
    for row in rows:
        assert services.income_errors(row) == {}, row
    models = [r.village.name for r in rows if r.model_village]
    expected = [v.name for v in villages if v.name.startswith(("苇水", "九光", "上郊"))]
    expected = expected or [v.name for v in villages[:3]]
    assert sorted(models) == sorted(expected)
