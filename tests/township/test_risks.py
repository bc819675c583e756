"""The risk ledger (风险隐患村情台账): form rules, numbering, scope, Excel round trip."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from core import imports, ledgers
from core.registers import get_register
from township import services
from township.models import Risk

D = datetime.date


def form(world, **changes):
    data = {
        "village": world.v1.pk,
        "grid": "",
        "household_number": "",
        "title": "后山地质灾害隐患点",
        "category": "disaster",
        "level": "medium",
        "description": "",
        "found_by": "张三",
        "found_on": "2024-03-01",
        "measures": "专人盯守",
        "responsible": "李四",
        "deadline": "2024-04-01",
        "status": "open",
        "closed_on": "",
    }
    data.update(changes)
    return data


def test_secretary_records_a_risk_and_it_is_numbered_per_year(personas, login, world):
    client = login(personas.secretary)
    assert client.post(reverse("risks_create"), form(world)).status_code == 302
    assert client.post(reverse("risks_create"), form(world, household_number="H1")).status_code == 302
    first, second = Risk.objects.order_by("pk")
    assert (first.number, second.number) == ("FX2024-00001", "FX2024-00002")
    assert (second.household, second.grid, second.township, second.reported_by) == (
        world.h1,
        world.g1,
        world.t1,
        personas.secretary,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "closed"}, services.RISK_CLOSED_NEEDS_DATE),
        ({"closed_on": "2024-03-05"}, services.RISK_OPEN_WITH_CLOSED_DATE),
        ({"status": "closed", "closed_on": "2024-02-01"}, services.RISK_CLOSED_BEFORE_FOUND),
        ({"deadline": "2024-02-01"}, ledgers.DEADLINE_BEFORE_DATE.format(deadline="整改期限", date="发现日期")),
        ({"found_on": "2099-01-01", "deadline": ""}, ledgers.DATE_IN_FUTURE.format(date="发现日期")),
        ({"household_number": "H4"}, ledgers.HOUSEHOLD_OUTSIDE),
        ({"household_number": "H3"}, "找不到户号“H3”，或该户不在您的管辖范围内"),
        ({"grid": "g4"}, ledgers.GRID_OUTSIDE),
        ({"title": ""}, "这个字段是必填项"),
    ],
)
def test_a_bad_risk_shows_a_chinese_message_and_saves_nothing(changes, message, personas, login, world):
    if changes.get("grid") == "g4":
        changes["grid"] = world.g4.pk
    response = login(personas.office).post(reverse("risks_create"), form(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Risk.objects.count() == 0


def test_secretary_cannot_record_a_risk_in_another_village(personas, login, world):
    response = login(personas.secretary).post(reverse("risks_create"), form(world, village=world.v2.pk))
    assert response.status_code == 200 and Risk.objects.count() == 0


def test_grid_member_reads_their_grids_risks_but_cannot_edit(personas, login, world):
    from tests.visits.helpers import risk

    r = risk(world.v1, found_on=D(2024, 3, 1))
    r.grid = world.g1
    r.save()
    other = risk(world.v1, found_on=D(2024, 3, 1), title="别的网格")
    client = login(personas.grid)
    body = client.get(reverse("risks_list")).content.decode()
    assert r.number in body and other.number not in body
    assert client.get(reverse("risks_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("risks_edit", args=[r.pk])).status_code == 403


def test_overdue_filter(personas, login, world):
    from tests.visits.helpers import risk

    late = risk(world.v1, found_on=D(2024, 3, 1), deadline=D(2024, 3, 10), title="逾期隐患")
    risk(world.v1, found_on=D(2024, 3, 1), title="无期限隐患")
    body = login(personas.office).get(reverse("risks_list"), {"overdue": "1"}).content.decode()
    assert late.number in body and "无期限隐患" not in body and "逾期未销号" in body


def test_export_reimports_unchanged_and_a_bad_row_changes_nothing(personas, login, world):
    from tests.visits.helpers import risk

    risk(world.v1, found_on=D(2024, 3, 1), deadline=D(2024, 4, 1), title="=危房")
    risk(world.v2, found_on=D(2024, 3, 2), status="closed", closed_on=D(2024, 3, 20))
    response = login(personas.office).get(reverse("risks_export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in book.iter_rows(values_only=True)]
    assert rows[0][:4] == ["编号", "村编码", "村名称", "网格编码"] and len(rows) == 3
    before = list(Risk.objects.order_by("pk").values())
    register = get_register("risks")
    report = imports.run_import(
        register, response.content, "r.xlsx", user=personas.office, township=world.t1, dry_run=False
    )
    assert report.ok and report.updated == 2, report.problems
    assert list(Risk.objects.order_by("pk").values()) == before

    bad = dict(zip(rows[0], rows[1], strict=True))
    bad.update({"编号": "NEW-1", "状态": "已销号", "销号日期": None})
    out = io.BytesIO()
    sheet_book = openpyxl.Workbook()
    sheet_book.active.append(rows[0])
    sheet_book.active.append(list(bad.values()))
    sheet_book.save(out)
    report = imports.run_import(
        register, out.getvalue(), "r.xlsx", user=personas.office, township=world.t1, dry_run=False
    )
    assert [(p.row, p.column, p.message) for p in report.problems] == [(2, "销号日期", services.RISK_CLOSED_NEEDS_DATE)]
    assert list(Risk.objects.order_by("pk").values()) == before


def test_risk_pages_query_count_is_fixed(personas, login, world, count_queries):
    from tests.visits.helpers import risk

    client = login(personas.office)
    first = risk(world.v1, found_on=D(2024, 3, 1))
    url = reverse("risks_detail", args=[first.pk])
    client.get(url)
    with count_queries() as small:
        client.get(url)
    for i in range(5):
        risk(world.v1, found_on=D(2024, 3, 2), title=f"隐患{i}")
    with count_queries() as large:
        client.get(url)
    assert len(small) == len(large) <= 25
