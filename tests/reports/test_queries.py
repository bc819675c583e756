"""The report's figures and pages run a fixed number of queries, whatever the data size."""

from django.urls import reverse

from grids.choices import StaffRole
from issues.choices import Level
from reports import sections, services
from tests import factories as f
from tests.issues.factories import ProblemFactory
from tests.reports.conftest import D
from tests.reports.test_figures import october
from tests.visits.helpers import visit

# The figures: every selector's own fixed queries (28 for a past month: positions read from history).
FIGURES_CEILING = 30
# The page: the figures, the appendix's five, and the report, its versions, jobs and history.
PAGE_CEILING = 46  # 45, plus one when sections 一 and 三 (worklog) landed: one query each, past-period figures at 30


def grow(township, n=3):
    """More villages, grids, staff, households, visits and problems."""
    w = township.world
    for i in range(n):
        village = f.VillageFactory(name=f"新村{i}", code=f"T1N{i}", parent=w.t1)
        grid = f.GridFactory(name=f"新村{i}网格", code=f"T1N{i}G", parent=village)
        f.PartyGroupFactory(name=f"新村{i}党小组", code=f"T1N{i}P", parent=grid)
        f.GridStaffFactory(grid=grid, role=StaffRole.MEMBER)
        household = f.HouseholdFactory(grid=grid)
        visit(township.cadre, household, D(2026, 10, 3))
        ProblemFactory(village=village, level=Level.VILLAGE, found_on=D(2026, 10, 4), deadline=D(2026, 10, 10))


def figure_queries(township, count_queries):
    report = october(township)
    report.township.refresh_from_db()
    with count_queries() as q:
        figures = sections.collect(services.context_for(report))
    return len(q), figures


def test_the_figures_run_a_fixed_number_of_queries(township, count_queries):
    small, figures = figure_queries(township, count_queries)
    grow(township)
    large, grown = figure_queries(township, count_queries)
    assert grown["villages"].value == figures["villages"].value  # positions as of October: grown today
    assert grown["village_problems"].value == figures["village_problems"].value + 3
    assert small == large <= FIGURES_CEILING


def test_the_report_page_runs_a_fixed_number_of_queries(township, personas, login, count_queries):
    report = october(township)
    client = login(personas.office)
    url = reverse("reports:detail", args=[report.pk])
    client.get(url)
    with count_queries() as q:
        assert client.get(url).status_code == 200
    small = len(q)
    grow(township)
    with count_queries() as q:
        client.get(url)
    assert small == len(q) <= PAGE_CEILING
