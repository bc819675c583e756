"""ID numbers in imported sheets: real numbers pass, masked exports re-import unchanged, the
number answers gender and birth date, and the preview shows what will change."""

import datetime

import pytest
import tablib

from core import imports
from core.registers import get_register
from core.xlsx import write_dataset
from grids.models import Area, CentralHousehold, CentralHouseholdLink, GridStaff, Household, Member
from tests.factories import CentralHouseholdFactory, GridStaffFactory, link, make_id

MEMBER_HEADERS = ["身份证号", "姓名", "性别", "联系电话", "入党日期", "党员类别", "积分分层", "所属网格编码"]
MEMBER_HEADERS += ["网格党小组编码", "户号", "备注"]
MODELS = (Area, Household, Member, GridStaff, CentralHousehold, CentralHouseholdLink)


def sheet(headers, rows) -> bytes:
    return write_dataset(tablib.Dataset(*rows, headers=headers))


def run(register, data, user, township, dry_run=False):
    return imports.run_import(get_register(register), data, "x.xlsx", user=user, township=township, dry_run=dry_run)


def database_state():
    """Every row of the grid tables, field by field, and every history row count."""
    rows = {model.__name__: sorted(map(repr, model.objects.order_by("pk").values())) for model in MODELS}
    history = {model.__name__: model.history.count() for model in MODELS}
    return rows, history


def member_row(id_number, name="周红", gender="女", grid="T1V1G1"):
    return [id_number, name, gender, "13800001111", "2001-07-01", "正式党员", "普通农村党员", grid, "", "", ""]


@pytest.fixture
def full_world(world):
    world.v1.secretary = world.m1
    world.v1.save()
    GridStaffFactory(grid=world.g1, name="刘洋", id_number=world.m1.id_number, role="leader", source="secretary")
    link(CentralHouseholdFactory(member=world.m1), world.h1)
    world.pg1.leader = world.m1
    world.pg1.save()
    return world


@pytest.mark.parametrize(
    "name", ["villages", "grids", "party_groups", "households", "members", "grid_staff", "central_households"]
)
def test_a_masked_export_reimports_and_changes_nothing(name, full_world, personas):
    world = full_world
    register = get_register(name)
    queryset = register.scope_for_export(register.model.objects.within(world.t1))
    exported = imports.export_bytes(register, queryset, user=personas.leader)
    assert world.m1.id_number.encode() not in exported
    before = database_state()
    report = imports.run_import(register, exported, "x.xlsx", user=personas.office, township=world.t1, dry_run=False)
    assert report.ok, [str(p) for p in report.problems]
    assert report.applied and report.new == 0 and report.updated == 0
    assert report.unchanged == queryset.count() > 0
    assert database_state() == before


def test_a_masked_number_that_matches_no_record_asks_for_the_full_number(world, personas):
    masked = "140522********1228"
    data = sheet(MEMBER_HEADERS, [member_row(masked)])
    before = database_state()
    report = run("members", data, personas.office, world.t1)
    assert [str(p) for p in report.problems] == [
        f"第2行“身份证号”列：身份证号 {masked} 已打码，且不是该行已有记录的号码：新增或修改号码时请填写完整的18位号码"
    ]
    assert database_state() == before


def test_a_masked_number_with_another_name_is_not_taken_for_the_existing_member(world, personas):
    data = sheet(MEMBER_HEADERS, [member_row(world.m1.id_masked, name="别人")])
    report = run("members", data, personas.office, world.t1)
    assert any("已打码" in str(p) for p in report.problems)
    assert not report.applied


def test_the_issues_number_is_accepted_and_gender_and_birth_date_come_from_it(world, personas):
    headers = [h for h in MEMBER_HEADERS if h != "性别"]
    row = member_row("140522197208051228")
    del row[2]
    report = run("members", sheet(headers, [row]), personas.office, world.t1)
    assert report.applied, [str(p) for p in report.problems]
    member = Member.objects.get(id_hmac__isnull=False, name="周红")
    assert member.gender == "F" and member.birth_date == datetime.date(1972, 8, 5)
    assert member.id_number == "140522197208051228"


def test_an_empty_gender_cell_is_taken_from_the_number(world, personas):
    data = sheet(MEMBER_HEADERS, [member_row(make_id(male=True), gender="")])
    report = run("members", data, personas.office, world.t1)
    assert report.applied
    assert Member.objects.get(name="周红").gender == "M"


def test_a_gender_that_contradicts_the_number_is_refused(world, personas):
    before = database_state()
    data = sheet(MEMBER_HEADERS, [member_row(make_id(male=True), gender="女")])
    report = run("members", data, personas.office, world.t1)
    assert [str(p) for p in report.problems] == ["第2行“性别”列：性别“女”与身份证号不符：身份证号第17位表示“男”"]
    assert database_state() == before


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("14052219720805122", "第2行“身份证号”列：应为18位，现为17位"),
        ("140522197213450010", "第2行“身份证号”列：出生日期 19721345 不存在"),
        ("140522197208051227", "第2行“身份证号”列：校验位应为 8"),
    ],
)
def test_a_bad_number_names_its_row_column_and_check(id_number, message, world, personas):
    before = database_state()
    report = run("members", sheet(MEMBER_HEADERS, [member_row(id_number)]), personas.office, world.t1)
    assert [str(p) for p in report.problems] == [message]
    assert database_state() == before


def test_a_historic_county_code_is_noted_in_the_preview(world, personas):
    data = sheet(MEMBER_HEADERS, [member_row("142526199003120038", gender="男")])
    report = run("members", data, personas.office, world.t1, dry_run=True)
    assert report.ok
    assert [str(n) for n in report.notes] == ["第2行“身份证号”列：地区码 142526 是阳城县的旧代码（1985年停用，已接受）"]


def test_the_preview_lists_added_and_changed_rows_with_old_and_new_values_masked(world, personas):
    register = get_register("households")
    exported = imports.export_bytes(register, Household.objects.filter(pk=world.h1.pk), reveal=True)
    rows = tablib.Dataset().load(exported, format="xlsx")
    changed = list(rows[0])
    changed[1] = "张三丰"  # 户主姓名
    changed[3] = "13912345678"  # 联系电话
    new_id = make_id()
    added = ["N9", "周明", new_id, "13800000000", "东街1号", 2, "一般户", "T1V1G1", "", ""]
    data = sheet(rows.headers, [changed, added])
    before = database_state()
    report = run("households", data, personas.office, world.t1, dry_run=True)
    assert report.ok and report.new == 1 and report.updated == 1
    assert database_state() == before
    update, new = report.preview
    assert (update.row, update.kind, update.label) == (2, "update", "H1 张三")
    assert ("户主姓名", "张三", "张三丰") in update.changes
    phone = next(c for c in update.changes if c[0] == "联系电话")
    assert phone[2] == "139****5678"
    assert [c[0] for c in update.changes] == ["户主姓名", "联系电话"]
    assert (new.row, new.kind) == (3, "new")
    assert ("户主身份证号", "", new_id[:6] + "********" + new_id[-4:]) in new.changes
    assert new_id not in repr(report.preview)
