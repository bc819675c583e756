"""The report's figures, its page and the county summary run a fixed number of queries, whatever the
data size and however many townships there are."""

import re

from django.urls import reverse

from grids.choices import StaffRole
from issues.choices import Level
from reports import sections, services
from reports.models import FigureSet
from tests import factories as f
from tests.issues.factories import ProblemFactory
from tests.reports.conftest import D
from tests.reports.test_figures import october
from tests.visits.helpers import visit

# The figures: every selector's own fixed queries (about thirty for a past month: positions are read
# from history; (八)'s key points add a few). Only the writes that compute them (generate, refresh,
# confirm, issue, render) run these.
FIGURES_CEILING = 45
# A page reads the stored figure set instead (DESIGN.md: a page's ceiling is 25).
PAGE_CEILING = 25


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


def text_of(response) -> str:
    return "\n".join(response.context["doc"].lines())


def page_queries(client, url, count_queries):
    with count_queries() as q:
        response = client.get(url)
    assert response.status_code == 200
    return len(q), response


def test_the_report_page_runs_a_fixed_number_of_queries(township, personas, login, count_queries):
    client = login(personas.office)
    generate = {"place": township.world.t1.pk, "period_kind": "month", "date": "2026-10-31"}
    response = client.post(reverse("reports:index"), generate)
    url = response.url
    small, page = page_queries(client, url, count_queries)
    assert "2个村级党组织共梳理2类问题3条" in text_of(page)
    grow(township)
    client.post(reverse("reports:index"), generate)  # 按最新数据刷新: the same form, posted again
    large, page = page_queries(client, url, count_queries)
    assert re.search(r"5个村级党组织共梳理\d+类问题6条", text_of(page))  # refreshed: three more problems
    assert small == large <= PAGE_CEILING


def _townships(n):
    """``n`` more townships, each with a village, a grid and a few rows."""
    made = []
    for i in range(n):
        township = f.TownshipFactory(name=f"南{i}镇", code=f"T{i + 3}")
        village = f.VillageFactory(name=f"南{i}村", code=f"T{i + 3}V", parent=township)
        grid = f.GridFactory(name=f"南{i}网格", code=f"T{i + 3}G", parent=village)
        f.GridStaffFactory(grid=grid, role=StaffRole.MEMBER)
        ProblemFactory(village=village, level=Level.VILLAGE, found_on=D(2026, 10, 4), deadline=D(2026, 10, 10))
        made.append(township)
    return made


def county_queries(client, count_queries, django_capture_on_commit_callbacks):
    url = reverse("reports:county")
    params = {"period_kind": "month", "date": "2026-10-31"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, params).status_code == 302  # recomputed by the (eager) task
    with count_queries() as q:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(q), response.context["summary"]


def test_the_county_summary_runs_a_fixed_number_of_queries_for_any_number_of_townships(
    township, personas, login, count_queries, django_capture_on_commit_callbacks
):
    client = login(personas.county)
    two, summary = county_queries(client, count_queries, django_capture_on_commit_callbacks)
    assert [t.name for t in summary["townships"]] == ["东城镇", "西河镇"] and not summary["missing"]
    _townships(2)
    four, summary = county_queries(client, count_queries, django_capture_on_commit_callbacks)
    assert len(summary["townships"]) == 4 and not summary["missing"]
    problems = next(r for r in summary["rows"] if r.key == "village_problems")
    assert problems.values == [3, None, 1, 1] and problems.total == 5  # 西河镇 keeps no ledger: a gap
    assert two == four <= PAGE_CEILING
    assert FigureSet.objects.filter(village__isnull=True, period_start=D(2026, 10, 1)).count() == 4
