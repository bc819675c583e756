"""Spreadsheet imports: every rejection is named in Chinese and leaves the database unchanged."""

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from core import imports
from core.registers import get_register
from core.xlsx import write_dataset
from grids.models import CentralHouseholdLink, GridStaff, Household, Member
from tests.factories import make_id

HOUSEHOLD_HEADERS = [
    "户号",
    "户主姓名",
    "户主身份证号",
    "联系电话",
    "住址",
    "家庭人口",
    "户类别",
    "所属网格编码",
    "网格党小组编码",
    "备注",
]


def sheet(headers, rows) -> bytes:
    import tablib

    return write_dataset(tablib.Dataset(*rows, headers=headers))


def household_row(number="N1", name="周明", id_number=None, grid="T1V1G1", population=3, **extra):
    row = [number, name, id_number or make_id(), "13800000000", "苇水村东街1号", population, "一般户", grid, "", ""]
    return row


def snapshot():
    return (
        Household.objects.count(),
        Member.objects.count(),
        Household.history.count(),
        sorted(Household.objects.values_list("number", "name")),
    )


def run(data, user, township, register="households", dry_run=False, filename="upload.xlsx"):
    return imports.run_import(get_register(register), data, filename, user=user, township=township, dry_run=dry_run)


def messages(report):
    return [str(p) for p in report.problems]


def has_problem(report, expected):
    return any(expected in m for m in messages(report))


def test_a_good_file_previews_then_applies(world, personas):
    data = sheet(HOUSEHOLD_HEADERS, [household_row("N1"), household_row("N2", grid="T1V2G1")])
    before = snapshot()
    preview = run(data, personas.office, world.t1, dry_run=True)
    assert preview.ok and preview.new == 2 and not preview.applied
    assert snapshot() == before
    applied = run(data, personas.office, world.t1)
    assert applied.applied and applied.new == 2
    household = Household.objects.get(number="N2")
    assert household.village == world.v2 and household.township == world.t1
    assert household.name_initials == "zm"
    assert household.history.count() == 1


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (HOUSEHOLD_HEADERS[:-2], "缺少列：网格党小组编码、备注"),
        (HOUSEHOLD_HEADERS + ["籍贯"], "无法识别的列：籍贯"),
    ],
)
def test_a_missing_or_unknown_header_rejects_the_file(headers, expected, world, personas):
    rows = [household_row()[: len(headers)] + [""] * max(0, len(headers) - 10)]
    before = snapshot()
    report = run(sheet(headers, rows), personas.office, world.t1)
    assert not report.applied and any(expected in m for m in messages(report))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (household_row(id_number="110101199001011235"), "第2行“户主身份证号”列：校验位应为 7"),
        (household_row(grid="NOPE"), "第2行“所属网格编码”列：找不到编码为“NOPE”的网格"),
        (household_row(grid="T2V1G1"), "第2行“所属网格编码”列：找不到编码为“T2V1G1”的网格"),
        (household_row(population="三"), "第2行“家庭人口”列：家庭人口应为正整数"),
        (household_row(name=""), "第2行“户主姓名”列：必填项不能为空"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_saved(row, expected, world, personas):
    good = household_row("OK1")
    before = snapshot()
    report = run(sheet(HOUSEHOLD_HEADERS, [row, good]), personas.office, world.t1)
    assert not report.applied
    assert has_problem(report, expected), messages(report)
    assert snapshot() == before


def test_the_same_key_twice_in_one_file_is_refused(world, personas):
    report = run(sheet(HOUSEHOLD_HEADERS, [household_row("D1"), household_row("D1")]), personas.office, world.t1)
    assert has_problem(report, "第3行“户号”列：与第2行的户号重复")
    assert not Household.objects.filter(number="D1").exists()


def test_an_id_number_that_heads_another_household_is_refused(world, personas):
    report = run(
        sheet(HOUSEHOLD_HEADERS, [household_row("NEW", id_number=world.h1.id_number)]), personas.office, world.t1
    )
    assert has_problem(report, "第2行“户主身份证号”列：该身份证号已是户号“H1”的户主")


def test_a_village_secretary_cannot_import_rows_of_another_village(world, personas):
    before = snapshot()
    report = run(sheet(HOUSEHOLD_HEADERS, [household_row(grid="T1V2G1")]), personas.secretary, world.t1)
    assert has_problem(report, "第2行“所属网格编码”列：“T1V2G1”不在您的管辖范围内")
    report = run(sheet(HOUSEHOLD_HEADERS, [household_row("H4", grid="T1V1G1")]), personas.secretary, world.t1)
    assert has_problem(report, "第2行“户号”列：该记录属于其他单位，不在您的管辖范围内")
    assert snapshot() == before


def test_an_empty_file_and_a_file_with_only_headers_are_refused(world, personas):
    assert "文件为空" in messages(run(b"", personas.office, world.t1))[0]
    assert "表格中没有数据行" in messages(run(sheet(HOUSEHOLD_HEADERS, []), personas.office, world.t1))[0]


def test_a_file_that_is_not_xlsx_is_refused(world, personas):
    before = snapshot()
    assert "只能导入 .xlsx" in messages(run(b"a,b\n1,2", personas.office, world.t1, filename="x.csv"))[0]
    assert "不是有效的 .xlsx" in messages(run(b"%PDF-1.4 fake", personas.office, world.t1))[0]
    assert snapshot() == before


def test_a_file_over_the_size_limit_is_refused(world, personas, settings):
    settings.XLSX_MAX_BYTES = 1000
    report = run(b"PK\x03\x04" + b"0" * 2000, personas.office, world.t1)
    assert has_problem(report, "文件过大")


def test_a_zip_bomb_is_refused_before_it_is_opened(world, personas):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 50_000_000)
    report = run(buffer.getvalue(), personas.office, world.t1)
    assert has_problem(report, "压缩比异常") or has_problem(report, "解压后过大")


def test_too_many_entries_are_refused(world, personas, settings):
    settings.XLSX_MAX_ENTRIES = 5
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(10):
            archive.writestr(f"xl/f{i}.xml", "x")
    assert "条目过多" in messages(run(buffer.getvalue(), personas.office, world.t1))[0]


def test_reimporting_updates_instead_of_duplicating(world, personas):
    data = sheet(HOUSEHOLD_HEADERS, [household_row("H1", name="张三丰", id_number=world.h1.id_number, grid="T1V1G1")])
    report = run(data, personas.office, world.t1)
    assert report.applied and report.updated == 1 and report.new == 0
    world.h1.refresh_from_db()
    assert world.h1.name == "张三丰"
    assert Household.objects.filter(number="H1").count() == 1
    assert world.h1.history.first().history_change_reason == "Excel导入"


@pytest.mark.parametrize(
    "name", ["villages", "grids", "party_groups", "households", "members", "grid_staff", "central_households"]
)
def test_a_revealed_export_reimports_unchanged(name, world, personas):
    from tests.factories import CentralHouseholdFactory, GridStaffFactory, link

    world.v1.secretary = world.m1
    world.v1.save()
    GridStaffFactory(grid=world.g1, name="刘洋", id_number=world.m1.id_number, role="leader", source="secretary")
    central = CentralHouseholdFactory(member=world.m1)
    link(central, world.h1)
    register = get_register(name)
    queryset = register.model.objects.within(world.t1)
    if hasattr(register, "kind") and register.kind:
        queryset = queryset.filter(kind=register.kind)
    exported = imports.export_bytes(register, queryset, reveal=True, user=personas.office)
    rows = list(openpyxl.load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert len(rows) == queryset.count() + 1
    history = register.model.history.count()
    report = imports.run_import(register, exported, "x.xlsx", user=personas.office, township=world.t1, dry_run=False)
    assert report.ok, messages(report)
    assert report.new == 0 and report.updated == 0 and report.unchanged == queryset.count()
    assert register.model.history.count() == history
    again = imports.export_bytes(register, queryset, reveal=True, user=personas.office)
    assert list(openpyxl.load_workbook(io.BytesIO(again)).active.iter_rows(values_only=True)) == rows


def test_a_masked_export_does_not_leak_id_numbers(world, personas):
    exported = imports.export_bytes(get_register("members"), Member.objects.within(world.t1), user=personas.office)
    text = " ".join(
        str(c) for row in openpyxl.load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True) for c in row
    )
    assert world.m1.id_number not in text and world.m1.id_masked in text


def test_formula_like_text_is_neutralised_on_export_and_restored_on_import(world, personas):
    world.h1.address = '=HYPERLINK("http://x")'
    world.h1.save()
    exported = imports.export_bytes(get_register("households"), Household.objects.filter(pk=world.h1.pk), reveal=True)
    cell = openpyxl.load_workbook(io.BytesIO(exported)).active["E2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")
    report = imports.run_import(
        get_register("households"), exported, "x.xlsx", user=None, township=world.t1, dry_run=False
    )
    assert report.ok
    world.h1.refresh_from_db()
    assert world.h1.address == '=HYPERLINK("http://x")'


def test_central_household_links_are_imported_and_a_taken_household_is_refused(world, personas):
    headers = ["中心户党员身份证号", "党员姓名", "包联户号", "备注"]
    report = run(
        sheet(headers, [[world.m1.id_number, "", "H1、H2", ""]]), personas.office, world.t1, "central_households"
    )
    assert report.applied, messages(report)
    assert set(CentralHouseholdLink.objects.values_list("household__number", flat=True)) == {"H1", "H2"}
    report = run(sheet(headers, [[world.m2.id_number, "", "H1", ""]]), personas.office, world.t1, "central_households")
    assert has_problem(report, "第2行“包联户号”列：这些户已由其他中心户包联：H1")
    assert CentralHouseholdLink.objects.count() == 2


def test_grid_staff_are_matched_to_party_members_by_id(world, personas):
    headers = ["身份证号", "姓名", "网格职务", "人员来源", "联系电话", "所属网格编码"]
    rows = [
        [world.m1.id_number, "刘洋", "网格长", "支部书记", "", "T1V1G1"],
        [world.m1.id_number, "刘洋", "网格长", "支部书记", "", "T1V1G2"],
    ]
    report = run(sheet(headers, rows), personas.office, world.t1, "grid_staff")
    assert report.applied, messages(report)
    assert GridStaff.objects.filter(member=world.m1).count() == 2
    bad = run(
        sheet(headers, [[make_id(), "某某", "队长", "支部书记", "", "T1V1G1"]]), personas.office, world.t1, "grid_staff"
    )
    assert any("“队长”不是有效选项" in m for m in messages(bad))


def test_import_page_previews_then_applies_and_shows_problems(world, personas, login):
    client = login(personas.office)
    url = reverse("households_import")
    data = sheet(HOUSEHOLD_HEADERS, [household_row("WEB1")])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("h.xlsx", data)})
    assert "预览通过" in response.content.decode()
    assert not Household.objects.filter(number="WEB1").exists()
    token = response.context["token"]
    response = client.post(url, {"confirm": "1", "token": token}, follow=True)
    assert "导入完成：新增 1 条" in response.content.decode()
    assert Household.objects.filter(number="WEB1").exists()

    bad = sheet(HOUSEHOLD_HEADERS, [household_row("WEB2", grid="NOPE")])
    response = client.post(url, {"file": SimpleUploadedFile("h.xlsx", bad)})
    assert "找不到编码为“NOPE”的网格" in response.content.decode()
    assert not Household.objects.filter(number="WEB2").exists()


def test_only_roles_allowed_to_import_may_import(world, personas, login):
    for role in ("leader", "grid", "member"):
        assert login(getattr(personas, role)).get(reverse("households_import")).status_code == 403
    assert login(personas.secretary).get(reverse("villages_import")).status_code == 403


def test_the_template_has_the_import_headers(world, personas, login):
    response = login(personas.office).get(reverse("households_template"))
    headers = next(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(headers) == HOUSEHOLD_HEADERS
