"""The leadership's charts on the home page (reports.leadership, core.charts): each follows the
user's scope, reads its owning app's selector, has a table of the same figures beside it, runs a
fixed number of queries whatever the data size, and carries no inline script or style."""

import datetime
import json
import re

import pytest
from django.apps import apps
from django.urls import reverse

from core.dashboard import render_panels
from issues import selectors as issue_selectors
from issues.choices import Level, Status
from points import selectors as point_selectors
from reports import leadership
from tests import factories as f
from tests.issues.factories import ProblemFactory as _ProblemFactory
from tests.points.conftest import give, make_book
from tests.visits.helpers import assign, visit
from township import selectors as township_selectors
from township.models import VillageColour

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 18)  # a Wednesday
KEYS = [c.key for c in leadership.CHARTS]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from reports import dashboard, views

    monkeypatch.setattr(views.timezone, "localdate", lambda: TODAY)
    monkeypatch.setattr(dashboard.timezone, "localdate", lambda: TODAY)


def ProblemFactory(**kwargs):  # noqa: N802 - reads as the factory it wraps
    kwargs.setdefault("deadline", kwargs["found_on"] + datetime.timedelta(days=90))
    if kwargs.get("closed_on"):
        kwargs.setdefault("status", Status.DONE)
    return _ProblemFactory(**kwargs)


def colour(village, value, day):
    VillageColour.objects.create(
        township=village.parent, village=village, colour=value, effective_from=day, reason="周例会研判"
    )


def fill(world, personas, n=1):
    """``n`` rounds of every kind of row the charts read, in both townships."""
    rules = make_book(world.t1, year=2026, pilots=[world.v1, world.v2]) if n else None
    for i in range(n):
        day = TODAY - datetime.timedelta(days=7 * i)
        for village in (world.v1, world.v2, world.v3):
            VillageColour.objects.get_or_create(
                village=village,
                effective_from=day - datetime.timedelta(days=100),
                defaults={"township": village.parent, "colour": "yellow", "reason": "研判"},
            )
        household = f.HouseholdFactory(grid=(world.g1, world.g4)[i % 2], number=f"F{i:03d}")
        assign(personas.grid, household=household)
        visit(personas.grid, household, day)
        ProblemFactory(village=household.village, level=Level.VILLAGE, found_on=day)
        ProblemFactory(township=world.t1, found_on=day, status=Status.DONE, closed_on=day)
        member = f.MemberFactory(grid=household.grid)
        give(member, rules.meeting, 2, day=day)


def chart(client, key, **params):
    response = client.get(reverse("reports:chart", args=[key]), params, HTTP_HX_REQUEST="true")
    assert response.status_code == 200, (key, response.status_code)
    html = response.content.decode()
    data = re.search(r'<script id="chart-[\w-]+-data" type="application/json">(.*?)</script>', html, re.S)
    option = json.loads(data.group(1)) if data else None
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    rows = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return html, option, rows


# --- selectors --------------------------------------------------------------------------------


def test_colour_weeks_gives_each_village_its_colour_on_each_day(world, count_queries):
    colour(world.v1, "red", datetime.date(2026, 3, 2))
    colour(world.v1, "green", datetime.date(2026, 3, 16))
    colour(world.v3, "red", datetime.date(2026, 1, 1))  # another township
    days = [datetime.date(2026, 3, 1), datetime.date(2026, 3, 8), datetime.date(2026, 3, 18)]
    with count_queries() as q:
        rows = township_selectors.colour_weeks(world.t1, days)
    assert len(q) == 1
    assert rows == [("苇水村", [None, "red", "green"]), ("九光村", [None, None, None])]


def test_problems_by_month_counts_found_and_rectified_in_their_own_months(world, count_queries):
    ProblemFactory(township=world.t1, found_on=datetime.date(2026, 1, 5), closed_on=datetime.date(2026, 3, 2))
    ProblemFactory(village=world.v1, level=Level.VILLAGE, found_on=datetime.date(2026, 3, 1))
    ProblemFactory(village=world.v3, level=Level.VILLAGE, found_on=datetime.date(2026, 3, 1))
    with count_queries() as q:
        rows = issue_selectors.problems_by_month(world.t1, datetime.date(2026, 1, 1), TODAY)
    assert len(q) == 2
    assert [(r.month.month, r.found, r.rectified) for r in rows] == [(1, 1, 0), (2, 0, 0), (3, 1, 1)]
    village = issue_selectors.problems_by_month(world.v1, datetime.date(2026, 1, 1), TODAY)
    assert [(r.found, r.rectified) for r in village] == [(0, 0), (0, 0), (1, 0)]


def test_points_by_village_sums_each_village_in_the_period(world, count_queries):
    rules = make_book(world.t1, year=2026, pilots=[world.v1])
    give(world.m1, rules.meeting, 2, day=datetime.date(2026, 2, 1), times=3)
    give(world.m1, rules.absence, -2, day=datetime.date(2026, 2, 2))
    give(world.m2, rules.meeting, 2, day=datetime.date(2025, 12, 31))  # before the period
    with count_queries() as q:
        rows = point_selectors.points_by_village(world.t1, datetime.date(2026, 1, 1), TODAY)
    assert len(q) == 2
    assert [(r.village, r.total, r.members) for r in rows] == [("苇水村", 4, 1), ("九光村", 0, 0)]


# --- pages --------------------------------------------------------------------------------------


def test_the_leaders_home_page_lists_every_chart_and_runs_no_chart_query(personas, login):
    html = login(personas.leader).get(reverse("dashboard")).content.decode()
    for key in KEYS:
        assert reverse("reports:chart", args=[key]) in html
    assert "echarts.min.js" in html and "charts.js" in html


@pytest.mark.parametrize("who", ["grid", "member"])
def test_field_staff_and_members_get_no_charts(personas, rf, who):
    request = rf.get("/")
    request.user = getattr(personas, who)
    assert not any("leadership-charts" in html for html in render_panels(request))


@pytest.mark.parametrize("who", ["grid", "member"])
def test_a_role_that_may_not_read_the_figures_is_refused(personas, login, who):
    response = login(getattr(personas, who)).get(reverse("reports:chart", args=["colours"]))
    assert response.status_code == 403
    assert "无权" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("reports:chart", args=["colours"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_unknown_chart_is_not_found(personas, login):
    assert login(personas.leader).get(reverse("reports:chart", args=["nope"])).status_code == 404


def test_the_colour_board_shows_the_users_villages_by_week_with_words_in_the_table(world, personas, login):
    colour(world.v1, "red", datetime.date(2026, 3, 2))
    colour(world.v1, "green", datetime.date(2026, 3, 16))
    colour(world.v3, "red", datetime.date(2026, 1, 1))
    html, option, rows = chart(login(personas.leader), "colours")
    assert option["yAxis"]["data"] == ["苇水村", "九光村"]
    assert len(option["xAxis"]["data"]) == leadership.WEEKS and option["xAxis"]["data"][-1] == "3月18日"
    assert rows[0][0] == "苇水村" and rows[0][-4:] == ["未评定", "红色", "红色", "绿色"]
    assert rows[1][1:] == ["未评定"] * leadership.WEEKS
    assert "本周红色0个、黄色0个、绿色1个、未评定1个" in html
    assert "上郊村" not in html


def test_a_secretary_sees_only_their_village(world, personas, login):
    fill(world, personas, n=2)
    client = login(personas.secretary)
    _, option, rows = chart(client, "colours")
    assert option["yAxis"]["data"] == ["苇水村"]
    _, option, rows = chart(client, "visits_villages")
    assert [r[0] for r in rows] == ["苇水村"]
    _, _, rows = chart(client, "points_villages")
    assert [r[0] for r in rows] == ["苇水村"]


def test_another_township_sees_its_own_villages_only(world, personas, login):
    fill(world, personas, n=2)
    _, option, _ = chart(login(personas.office2), "colours")
    assert option["yAxis"]["data"] == ["上郊村"]


def test_the_county_chooses_a_township(world, personas, login):
    _, option, _ = chart(login(personas.county), "colours", township=world.t2.pk)
    assert option["yAxis"]["data"] == ["上郊村"]


def test_each_chart_and_its_table_hold_the_same_figures(world, personas, login):
    fill(world, personas, n=3)
    client = login(personas.leader)
    for key in KEYS:
        html, option, rows = chart(client, key)
        if key == "colours" or option is None:
            continue
        horizontal = option["yAxis"]["type"] == "category"
        categories = option["yAxis" if horizontal else "xAxis"]["data"]
        assert [r[0] for r in rows] == categories, key
        for n, series in enumerate(option["series"], start=1):
            shown = ["—" if v is None else str(v) for v in series["data"]]
            assert shown == [r[n] for r in rows], (key, series["name"])


def test_the_figures_are_right(world, personas, login):
    fill(world, personas, n=3)  # on 18, 11 and 4 March: a visit, a village problem, a committee problem each
    client = login(personas.leader)
    _, option, rows = chart(client, "visits_months")
    assert rows[-1][:2] == ["3月", "3"] and len(rows) == leadership.MONTHS
    _, _, rows = chart(client, "problems_months")
    assert rows[-1] == ["3月", "6", "3"]
    _, _, rows = chart(client, "problems_levels")
    assert dict((r[0], r[1:]) for r in rows)["党委"] == ["3", "3"]
    _, _, rows = chart(client, "points_villages")
    assert dict((r[0], r[1:]) for r in rows) == {"苇水村": ["4", "2"], "九光村": ["2", "1"]}


def test_a_chart_without_data_says_so(personas, login):
    html, option, _ = chart(login(personas.leader), "problems_levels")
    assert option is None and "暂无数据" in html


def test_no_inline_script_or_style(world, personas, login):
    fill(world, personas, n=1)
    client = login(personas.leader)
    pages = [chart(client, key)[0] for key in KEYS]
    pages.append(client.get(reverse("reports:chart", args=["colours"])).content.decode())  # its own page
    pages.append(client.get(reverse("dashboard")).content.decode())
    for html in pages:
        assert "<style" not in html and " style=" not in html
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert all('type="application/json"' in attrs for attrs in scripts), scripts


@pytest.mark.parametrize("key", KEYS)
def test_each_chart_runs_a_fixed_number_of_queries(world, personas, login, count_queries, key):
    client = login(personas.leader)
    fill(world, personas, n=1)
    chart(client, key)
    with count_queries() as small:
        chart(client, key)
    fill(world, personas, n=0)
    for i in range(12):
        extra = f.VillageFactory(name=f"新村{i}", code=f"T1V{10 + i}", parent=world.t1)
        grid = f.GridFactory(name=f"新村{i}第1网格", code=f"T1V{10 + i}G1", parent=extra)
        household = f.HouseholdFactory(grid=grid, number=f"N{i:03d}")
        assign(personas.grid, household=household)
        visit(personas.grid, household, TODAY - datetime.timedelta(days=i))
        colour(extra, ("red", "yellow", "green")[i % 3], TODAY - datetime.timedelta(days=7 * i))
        ProblemFactory(village=extra, level=Level.VILLAGE, found_on=TODAY - datetime.timedelta(days=20 * i))
    with count_queries() as large:
        html, _, rows = chart(client, key)
    assert len(rows) >= 12 or key in ("problems_levels", "income")
    assert len(large) == len(small) <= 12, [q["sql"] for q in large.captured_queries]


@pytest.mark.skipif(not apps.is_installed("economy"), reason="the economy app (issue 14) has not landed")
def test_collective_income_against_target_by_village(world, personas, login):
    from decimal import Decimal

    from economy.models import CollectiveIncome

    CollectiveIncome.objects.create(
        township=world.t1, village=world.v1, year=TODAY.year, target=Decimal("20.00"), actual=Decimal("23.50")
    )
    CollectiveIncome.objects.create(township=world.t1, village=world.v2, year=TODAY.year, target=Decimal("15.00"))
    CollectiveIncome.objects.create(
        township=world.t2, village=world.v3, year=TODAY.year, target=Decimal("9.00"), actual=Decimal("1.00")
    )
    html, option, rows = chart(login(personas.leader), "income")
    assert rows == [["苇水村", "20.00", "23.50"], ["九光村", "15.00", "—"]]
    assert "2个村定了目标，1个村已统计实际收入，其中1个达到目标" in html
    _, _, rows = chart(login(personas.secretary), "income")
    assert [r[0] for r in rows] == ["苇水村"]
