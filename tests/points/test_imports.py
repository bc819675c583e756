"""The point_rules and point_entries registers: Excel imports go through the same checks as pages."""

import datetime
import io

import openpyxl
import tablib
from django.core.management import call_command
from django.urls import reverse

from core import imports
from core.registers import REGISTRY, get_register
from core.xlsx import write_dataset
from points.models import PointEntry, RuleItem
from points.resources import ENTRY_CHANGED, ITEM_UNKNOWN, NAME_MISMATCH, TIER_COLUMNS
from tests import factories as f
from tests.points.conftest import give

ENTRY_HEADERS = ["编号", "身份证号", "姓名", "积分项目编码", "积分项目", "日期", "分值", "说明"]


def xlsx(headers, rows):
    return write_dataset(tablib.Dataset(*rows, headers=headers))


def run(name, data, user, township, dry_run=False):
    return imports.run_import(get_register(name), data, "file.xlsx", user=user, township=township, dry_run=dry_run)


def row(member, code, day="2025-03-10", points="", number="", note="导入"):
    return [number, member.id_number, member.name, code, "", day, points, note]


def test_both_registers_are_listed_for_import_xlsx(capsys):
    call_command("import_xlsx", "--list")
    names = capsys.readouterr().out.split()
    assert "point_rules" in names and "point_entries" in names
    assert REGISTRY["point_entries"].label == "积分记录"


def test_entries_import_with_points_from_the_rule_book(points, personas, world):
    other = f.MemberFactory(grid=world.g2, name="周强")
    data = xlsx(ENTRY_HEADERS, [row(world.m1, "SL01"), row(other, "ZZ01", points="2"), row(world.m1, "ZZ01")])
    report = run("point_entries", data, personas.secretary, world.t1)
    assert report.applied and report.new == 3, report.problems
    entries = PointEntry.objects.filter(source="import")
    assert sorted(e.points for e in entries) == [2, 2, 3]
    assert all(e.recorded_by == personas.secretary for e in entries)
    assert entries.first().history.exists()  # bulk imports are audited too


def test_a_bad_row_refuses_the_whole_file_with_chinese_reasons(points, personas, world, counts):
    give(world.m1, points.patrol, 3, times=2)  # 6 of the 9 monthly points used
    future = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    rows = [
        row(world.m1, "SL01"),  # 9: fine
        row(world.m1, "SL01"),  # 12: over the monthly cap because of the row above
        row(world.m2, "ZZ01"),  # another village: outside the secretary's scope
        row(world.m1, "XX99"),  # no such item
        row(world.m1, "ZZ01", day=future),
        row(world.m1, "ZZ01", points="5"),  # not what the rule book says
        [None, world.m1.id_number, "李逵", "ZZ01", "", "2025-03-10", "", ""],
    ]
    before = counts()
    report = run("point_entries", xlsx(ENTRY_HEADERS, rows), personas.secretary, world.t1)
    assert not report.applied and counts() == before
    problems = {p.row: p for p in report.problems}
    assert set(problems) == {3, 4, 5, 6, 7, 8}
    assert "每月上限9分" in problems[3].message and problems[3].column == "积分项目编码"
    assert "陈静不在您的管辖范围内" in problems[4].message
    assert problems[5].message == ITEM_UNKNOWN.format(year=2025, code="XX99")
    assert "不能登记未来日期" in problems[6].message
    assert "分值与积分办法不符：该党员此项应计2分" in problems[7].message and problems[7].column == "分值"
    assert problems[8].message == NAME_MISMATCH.format(name="刘洋")


def test_an_item_not_in_the_members_rule_book_is_refused(points, personas, world, counts):
    before = counts()
    report = run("point_entries", xlsx(ENTRY_HEADERS, [row(world.m2, "ZZ01")]), personas.office, world.t1)
    assert not report.applied and counts() == before
    assert "尚未实行积分制管理办法" in report.problems[0].message


def test_an_export_re_imports_unchanged_and_a_changed_row_is_refused(points, personas, login, world):
    give(world.m1, points.meeting, 2, times=2)
    response = login(personas.office).get(reverse("point_entries_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ENTRY_HEADERS and len(rows) == 3
    assert rows[1][1].count("*") > 0  # ID numbers masked
    report = run("point_entries", response.content, personas.office, world.t1)
    assert report.applied and report.new == 0 and PointEntry.objects.count() == 2
    rows[1][6] = 20
    report = run("point_entries", xlsx(rows[0], rows[1:]), personas.office, world.t1)
    assert not report.applied
    assert report.problems[0].message == ENTRY_CHANGED.format(number=rows[1][0])


def test_entries_import_command_without_a_user(points, world, tmp_path):
    path = tmp_path / "entries.xlsx"
    path.write_bytes(xlsx(ENTRY_HEADERS, [row(world.m1, "ZZ01")]))
    call_command("import_xlsx", "point_entries", str(path), "--township", "东城镇")
    assert PointEntry.objects.get().source == "import"


def test_rule_items_import_with_tier_columns(points, personas, world):
    headers = ["年度", "类别", "编码", "积分项目", "分值", "每月上限", "每年上限", "党员可申报", "评分标准"]
    headers += [column for _, _, column in TIER_COLUMNS]
    blank = [""] * len(TIER_COLUMNS)
    elderly = list(blank)
    elderly[[c for _, _, c in TIER_COLUMNS].index("年老体弱党员分值")] = 3
    rows = [
        [2025, "志愿服务", "ZY01", "参加志愿服务活动", 2, 8, "", "是", "文明实践", *elderly],
        [2025, "组织生活", "ZZ01", "参加三会一课", 2, 8, 40, "否", "", *blank],  # updates the existing item
    ]
    report = run("point_rules", xlsx(headers, rows), personas.office, world.t1)
    assert report.applied and (report.new, report.updated) == (1, 1), report.problems
    item = RuleItem.objects.get(code="ZY01")
    assert item.category.name == "志愿服务" and item.claimable
    assert [(t.tier, t.points) for t in item.tiers.all()] == [("elderly", 3)]
    assert RuleItem.objects.get(code="ZZ01").cap_month == 8


def test_rule_items_import_refuses_bad_rows(points, personas, world):
    headers = ["年度", "类别", "编码", "积分项目", "分值", "每月上限", "每年上限", "党员可申报", "评分标准"]
    headers += [column for _, _, column in TIER_COLUMNS]
    blank = [""] * len(TIER_COLUMNS)
    rows = [
        [2030, "志愿服务", "ZY01", "参加志愿服务活动", 2, "", "", "是", "", *blank],
        [2025, "志愿服务", "ZY02", "调解纠纷", 0, "", "", "是", "", *blank],
        [2025, "志愿服务", "ZY03", "调解纠纷", 2, "很多", "", "是", "", *blank],
    ]
    before = RuleItem.objects.count()
    report = run("point_rules", xlsx(headers, rows), personas.office, world.t1)
    assert not report.applied and RuleItem.objects.count() == before
    messages = [p.message for p in report.problems]
    assert "本镇没有2030年的积分制管理办法，请先建立" in messages
    assert "分值不能为0" in messages and "应为整数" in messages


def test_rule_items_export_matches_the_import_layout(points, personas, login):
    response = login(personas.office).get(reverse("point_rules_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("年度", "类别", "编码", "积分项目", "分值")
    patrol = next(r for r in rows if r[2] == "SL01")
    assert patrol[rows[0].index("年老体弱党员分值")] == 2
    report = run("point_rules", response.content, personas.office, points.book.township)
    assert report.applied and report.new == 0
