"""seed_demo's ledger is realistic and obeys every rule of the ledger."""

import datetime
import random

import pytest

from core.demo import DemoContext
from issues import rules
from issues.choices import Level, Status
from issues.models import Problem, ProblemEvidence
from issues.selectors import problem_figures

TODAY = datetime.date(2025, 7, 15)


@pytest.fixture
def demo(db, settings, tmp_path):
    from accounts import demo as accounts_demo
    from grids import demo as grids_demo
    from issues import demo as issues_demo

    ctx = DemoContext(rng=random.Random(7), scale="small", today=TODAY)
    grids_demo.seed(ctx)
    accounts_demo.seed(ctx)
    issues_demo.seed(ctx)
    return ctx


def test_the_demo_ledger_has_the_reports_shape(demo):
    township = demo.townships[0]
    figures = problem_figures(node=township)
    assert figures.committee.categories == 10 and 28 <= figures.committee.problems <= 32
    assert figures.leadership.categories == 8 and 23 <= figures.leadership.problems <= 27
    assert figures.village.organisations == len(figures.villages) == 3
    for row in figures.villages:
        assert row.categories == 5 and 10 <= row.problems <= 20
    assert 0 < figures.overdue < figures.open < figures.rectified


def test_the_demo_ledger_obeys_the_rules(demo):
    problems = list(Problem.objects.all())
    assert len({(p.township_id, p.code) for p in problems}) == len(problems)
    for p in problems:
        assert rules.placement_errors(p.level, p.village_id is not None) == {}
        assert rules.deadline_errors(p.status, p.found_on, p.deadline) == {}
        assert rules.status_errors(p.status, result=p.result, verified_by=p.verified_by, measures=p.measures) == {}
        assert rules.closed_on_errors(p.closed_on, p.found_on, TODAY) == {}
        assert p.overdue == rules.is_overdue(p.status, p.deadline, TODAY)
    statuses = {p.status for p in problems}
    assert statuses == set(Status.values)
    spot = [p for p in problems if p.fixed_on_spot]
    assert spot and all(p.status == Status.DONE for p in spot)
    assert ProblemEvidence.objects.filter(problem__in=spot).count() == len(spot)
    assert Problem.history.count() == len(problems)


def test_the_demo_logins_have_tasks(demo):
    users = demo.data["users"]
    for name in ("office", "secretary", "grid"):
        assert Problem.objects.filter(responsible_user=users[name]).exists(), name
    secretary = users["secretary"]
    assert set(Problem.objects.for_user(secretary).values_list("level", flat=True)) == {Level.VILLAGE}
