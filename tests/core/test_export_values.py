"""Big exports read plain values (``RegisterResource.export_values``, issue 10: 100,000 rows in
<= 5 s). For every register whose layout does, the cells are exactly those of the instance path
(``export_field``, the library's per-field steps), masked and revealed; the file ``core.xlsx``
writes reads back as those cells; and the export takes the same queries for 1 row and for all."""

import datetime
import decimal
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import exports
from core.registers import REGISTRY
from core.xlsx import write_rows
from points.models import PointEntry
from tests.points.conftest import give, points  # noqa: F401 (points: the rule book fixture)
from visits.models import Visit

PLANNED = sorted(
    name for name, register in REGISTRY.items() if register.exportable and register.resource_class().export_values()
)


@pytest.fixture
def rows_everywhere(points, world, personas):  # noqa: F811
    """A few rows in each planned register, with the awkward values: empty notes, negative points,
    formula-like text, a household without a party group, visits with and without tags."""
    give(world.m1, points.meeting, 2, times=3)
    give(world.m2, points.absence, -2)
    PointEntry.objects.bulk_create([
        PointEntry(township_id=world.m1.township_id, village_id=world.m1.village_id, member=world.m1,
                   item=points.patrol, occurred_on=datetime.date(2025, 3, 11), points=3, note="=SUM(A1)说明 & <备注>")
    ])  # fmt: skip
    world.h2.notes = "+备注"
    world.h2.save()
    for household, visitor, tags in ((world.h1, personas.grid, "risk,urgent"), (world.h2, personas.office, "")):
        Visit.objects.create(
            household=household, visitor=visitor, visited_on=datetime.date(2025, 3, 2), findings="=走访情况",
            tags=tags, township_id=household.township_id, village_id=household.village_id, grid_id=household.grid_id,
        )  # fmt: skip
    return world


def instance_rows(register, queryset, user, reveal, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(register.resource_class, "export_values", lambda self: None)
        headers, rows = exports.export_rows(register, queryset, user=user, reveal=reveal)
        return headers, list(rows)


def test_the_big_registers_are_read_as_plain_values():
    assert {"point_entries", "visits", "households"} <= set(PLANNED)


@pytest.mark.parametrize("name", PLANNED)
@pytest.mark.parametrize("reveal", [False, True])
def test_plain_values_give_the_cells_of_the_instance_path(name, reveal, rows_everywhere, personas, monkeypatch):
    register = REGISTRY[name]
    queryset = register.get_queryset(personas.office).order_by(*register.default_ordering)
    assert queryset.exists(), f"{name}: no rows to compare"
    headers, rows = exports.export_rows(register, queryset, user=personas.office, reveal=reveal)
    rows = list(rows)
    assert (headers, rows) == instance_rows(register, queryset, personas.office, reveal, monkeypatch)
    assert [type(c) for c in rows[0]] == [type(c) for c in instance_rows(register, queryset, personas.office,
                                                                            reveal, monkeypatch)[1][0]]  # fmt: skip


@pytest.mark.parametrize("name", PLANNED)
def test_a_planned_export_takes_the_same_queries_for_one_row_and_all(name, rows_everywhere, personas):
    register = REGISTRY[name]
    queryset = register.get_queryset(personas.office).order_by(*register.default_ordering)
    counts = []
    for rows in (queryset[:1], queryset):
        with CaptureQueriesContext(connection) as queries:
            exports.export_bytes(register, rows, user=personas.office)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 2, counts


def read_back(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))  # the full reader, styles included
    sheet = book.active
    return sheet.title, [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def test_the_writer_gives_back_text_numbers_and_dates():
    day = datetime.date(2026, 3, 9)
    moment = datetime.datetime(2026, 3, 9, 14, 30, 5)
    rows = [
        ["甲", 7, -2.5, decimal.Decimal("12.50"), day, moment, None, "", True],
        ["=1+1", "+86", "-3", "@x", " 前后空格 ", "a&b<c>\"d'", "tab\tin", "\x01控制_x0041_", 0],
        [datetime.date(1900, 1, 1), datetime.date(1900, 2, 28), datetime.date(1900, 3, 1), "x" * 40000],
    ]
    out = io.BytesIO()
    write_rows(out, ["列1", "列2", "列3", "列4", "列5", "列6", "列7", "列8", "列9"], rows, title="积分记录:2026/1")
    title, cells, sheet = read_back(out.getvalue())
    assert title == "积分记录_2026_1"
    assert cells[0] == ["列1", "列2", "列3", "列4", "列5", "列6", "列7", "列8", "列9"]
    assert cells[1] == ["甲", 7, -2.5, 12.5, datetime.datetime(2026, 3, 9), moment, None, None, "True"]
    assert sheet["E2"].number_format == "yyyy-mm-dd" and sheet["F2"].number_format == "yyyy-mm-dd hh:mm:ss"
    # formula-like text neutralised (core.xlsx._cell strips the apostrophe again on import)
    assert cells[2][:4] == ["'=1+1", "'+86", "'-3", "'@x"]
    # characters XML cannot hold are written as Excel's _xHHHH_ escapes (Excel shows the character;
    # openpyxl gives the escape), and a literal _xHHHH_ is escaped so Excel shows it as written
    assert cells[2][4:8] == [" 前后空格 ", "a&b<c>\"d'", "tab\tin", "_x0001_控制_x005F_x0041_"]
    assert cells[2][8] == 0 and sheet["I3"].data_type == "n"
    # Excel's serial days around its 29 February 1900
    assert cells[3][:3] == [
        datetime.datetime(1900, 1, 1),
        datetime.datetime(1900, 2, 28),
        datetime.datetime(1900, 3, 1),
    ]
    assert len(cells[3][3]) == 32767  # Excel's limit for one cell
    assert sheet.max_row == 4 and sheet.max_column == 9


def test_the_writer_streams_a_sheet_with_its_dimension():
    out = io.BytesIO()
    write_rows(out, ["编号", "分值"], ([f"JF{i:08d}", i] for i in range(5000)))
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()), read_only=True)
    sheet = book.worksheets[0]
    assert sheet.calculate_dimension() == "A1:B5001"
    assert list(sheet.iter_rows(min_row=5001, values_only=True)) == [("JF00004999", 4999)]
