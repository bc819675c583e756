"""Every register list has a print view (core register kit): A4 landscape, the township's name and
the date in the header, the filters applied, page numbers, and the same rows as the screen."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from core import views
from core.registers import REGISTRY
from issues.choices import Level
from tests import factories as f
from tests.issues.factories import ProblemFactory
from tests.visits.helpers import visit

pytestmark = pytest.mark.django_db

PRINT_CSS = Path(settings.BASE_DIR, "static", "css", "print.css").read_text()


def _cells(html: str) -> list[list[str]]:
    """The body rows of the first table: each row's cell texts."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def _numbers_on_screen(client, params):
    response = client.get(reverse("households_list"), params)
    assert response.status_code == 200
    return [row[0] for row in _cells(response.content.decode())]


def _numbers_printed(client, params):
    response = client.get(reverse("households_print"), params)
    assert response.status_code == 200
    return [row[1] for row in _cells(response.content.decode())]


def test_every_register_has_a_print_view_that_the_office_can_open(personas, login):
    client = login(personas.office)
    for name in REGISTRY:
        response = client.get(reverse(f"{name}_print"))
        assert response.status_code == 200, name
        assert "print.css" in response.content.decode()


def test_the_list_links_to_its_print_view_with_the_filters_and_sort_kept(personas, login, world):
    client = login(personas.office)
    html = client.get(reverse("households_list"), {"village": world.v1.pk, "sort": "-number"}).content.decode()
    link = re.search(r'href="([^"]*/households/print/[^"]*)"', html).group(1)
    assert f"village={world.v1.pk}" in link and "sort=-number" in link


def test_the_print_view_has_the_same_rows_as_the_screen_with_the_same_filters(personas, login, world):
    for n in range(5):
        f.HouseholdFactory(grid=world.g2, name=f"户主{n}", number=f"H2{n}")
    client = login(personas.office)
    for params in ({}, {"village": world.v1.pk}, {"grid": world.g2.pk, "sort": "-number"}, {"q": "H2"}):
        assert _numbers_printed(client, params) == _numbers_on_screen(client, params), params
    assert _numbers_printed(client, {"village": world.v2.pk}) == ["H4"]


def test_the_print_view_prints_every_page_of_the_list(personas, login, world, monkeypatch):
    for n in range(7):
        f.HouseholdFactory(grid=world.g1, number=f"P{n:02d}")
    monkeypatch.setattr(REGISTRY["households"], "paginate_by", 3, raising=False)
    client = login(personas.office)
    screen = _numbers_on_screen(client, {}) + _numbers_on_screen(client, {"page": 2})
    screen += _numbers_on_screen(client, {"page": 3})
    assert len(_numbers_printed(client, {})) == 10
    assert _numbers_printed(client, {})[:9] == screen


def test_the_header_names_the_township_the_date_and_the_filters(personas, login, world, monkeypatch):
    monkeypatch.setattr(views.timezone, "localdate", lambda: datetime.date(2026, 11, 27))
    client = login(personas.office)
    html = client.get(reverse("households_print"), {"village": world.v1.pk, "q": "张", "sort": "number"})
    html = html.content.decode()
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert "东城镇 · 户" in head
    assert "2026年11月27日" in head
    assert "行政村：苇水村" in head and "搜索：张" in head and "排序：户号" in head
    assert "共 1 条" in head


def test_unfiltered_print_says_it_holds_every_row(personas, login):
    html = login(personas.office).get(reverse("households_print")).content.decode()
    assert "未筛选（全部记录）" in html


def test_the_period_filter_is_named_in_the_header(personas, login):
    period_registers = [r for r in REGISTRY.values() if r.period_field]
    assert period_registers
    reg = period_registers[0]
    html = login(personas.office).get(reverse(f"{reg.name}_print"), {"from": "2026-01-01", "to": "2026-03-31"})
    assert f"{reg.period_label}：2026年1月1日 至 2026年3月31日" in html.content.decode()


def test_the_page_is_a4_landscape_with_page_numbers_and_a_running_head():
    assert "size: A4 landscape" in PRINT_CSS
    assert "counter(page)" in PRINT_CSS and "counter(pages)" in PRINT_CSS
    assert "table-header-group" in PRINT_CSS  # the head rows repeat on every printed page


def test_the_print_view_has_no_inline_script_or_style(personas, login):
    html = login(personas.office).get(reverse("households_print")).content.decode()
    assert "<style" not in html and "style=" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert "onclick" not in html


def test_a_secretary_prints_only_their_village(personas, login):
    numbers = _numbers_printed(login(personas.secretary), {})
    assert sorted(numbers) == ["H1", "H2"]


def test_another_township_is_never_printed(personas, login):
    assert _numbers_printed(login(personas.office2), {}) == ["H3"]


def test_a_member_may_not_print_a_register(personas, login):
    response = login(personas.member).get(reverse("households_print"))
    assert response.status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("households_print"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_too_many_rows_ask_for_a_narrower_filter(personas, login, monkeypatch):
    monkeypatch.setattr(views, "PRINT_MAX_ROWS", 2)
    html = login(personas.office).get(reverse("households_print")).content.decode()
    assert "超过打印视图一次最多 2 条" in html and "<tbody>" not in html


@pytest.mark.parametrize("name", ["households", "members", "visits", "problems"])
def test_the_print_view_runs_a_fixed_number_of_queries(personas, login, world, count_queries, name):
    client = login(personas.office)
    client.get(reverse(f"{name}_print"))  # warm the session
    with count_queries() as small:
        assert client.get(reverse(f"{name}_print")).status_code == 200
    for n in range(30):
        grid = (world.g1, world.g2, world.g4)[n % 3]
        household = f.HouseholdFactory(grid=grid, number=f"Q{n:02d}")
        f.MemberFactory(grid=grid, name=f"党员{n}")
        _more_rows(name, household, personas.grid)
    with count_queries() as large:
        assert client.get(reverse(f"{name}_print")).status_code == 200
    assert len(large) == len(small) <= 25, [q["sql"] for q in large.captured_queries]


def _more_rows(name, household, visitor):
    """Rows of the register under test (households and members are made for every register)."""
    if name == "visits":
        visit(visitor, household, datetime.date(2025, 3, 1))
    elif name == "problems":
        ProblemFactory(village=household.village, level=Level.VILLAGE)
