"""seed_demo's four key points: every village has a year of income; 苇水, 九光 and 上郊 lead."""

import datetime
import random

import pytest
from django.db.models import Sum

from core.demo import DemoContext
from economy import services
from economy.models import Asset, ClaimDebt, ClaimEntry, CollectiveIncome, Contract, EconomicOrganisation

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
    assert {r.year for r in rows} == {TODAY.year - 1, TODAY.year}  # last year's too, closed
    assert all(r.actual is not None for r in rows if r.year == TODAY.year - 1)
    for row in rows:
        assert services.income_errors(row) == {}, row
    models = [r.village.name for r in rows if r.model_village and r.year == TODAY.year]
    expected = [v.name for v in villages if v.name.startswith(("苇水", "九光", "上郊"))]
    expected = expected or [v.name for v in villages[:3]]
    assert sorted(models) == sorted(expected)


def test_every_village_has_organisations_with_ledgers_that_obey_the_rules(demo):
    orgs = list(EconomicOrganisation.objects.all())
    assert {o.village_id for o in orgs} == {v.pk for v in demo.data["villages"]}
    for org in orgs:
        assert services.organisation_errors(org, today=TODAY) == {}, org
        assert 20 <= org.contracts.count() <= 35 and 6 <= org.claims.count() <= 12 and 8 <= org.assets.count() <= 15
    for contract in Contract.objects.select_related("organisation", "village"):
        assert services.contract_errors(contract, today=TODAY) == {}, contract
        assert contract.starts_on <= contract.deadline
    for claim in ClaimDebt.objects.annotate(total=Sum("entries__amount")):
        assert claim.settled == (claim.total or 0) <= claim.amount
        assert all(e.entry_on >= claim.arose_on for e in claim.entries.all())
    assert ClaimEntry.objects.exists() and Asset.objects.exists()


def test_systems_duty_lists_and_rules_obey_the_rules(demo):
    from economy.models import DutyItem, SystemKind, VillageRule, VillageSystem

    villages = {v.pk for v in demo.data["villages"]}
    assert SystemKind.objects.count() == len(demo.townships) * 7
    for row in VillageSystem.objects.select_related("village", "system"):
        assert services.village_system_errors(row, today=TODAY) == {}, row
        assert row.adopted_on <= demo.year_ago
    items = list(DutyItem.objects.select_related("village"))
    for item in items:
        assert services.duty_errors(item, today=TODAY) == {}, item
        assert item.issued_on <= demo.year_ago
    personalised = {i.village_id for i in items if i.kind == "personalised"}
    assert personalised == villages  # every village has its 差异化个性清单
    assert {i.kind for i in items if i.village_id is None} == {"duties", "tasks", "posts", "negative"}
    rules = list(VillageRule.objects.select_related("village"))
    for rule in rules:
        assert services.rule_errors(rule, today=TODAY) == {}, rule
    with_rules = {r.village_id for r in rules}
    assert len(with_rules) >= 0.8 * len(villages)
    assert len(rules) > len(with_rules)  # some villages keep an earlier version


def test_the_reports_key_point_figures_have_no_gap_on_the_demo(demo):
    from economy import selectors

    start = TODAY.replace(day=1)
    for township in demo.townships:
        figures = selectors.key_point_figures(township, start, TODAY)
        assert figures.notes == {}, (township.name, figures.notes)
        values = {k: v for k, v in vars(figures).items() if k != "notes"}
        assert None not in values.values(), values
        assert figures.personalised_items > 0 and figures.villages_with_rules > 0 and figures.rule_articles > 0
        assert len(figures.systems) == 7
