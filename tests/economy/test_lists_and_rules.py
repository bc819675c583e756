# ruff: noqa: E501  (a sheet's rows read best one to a line)
"""Management systems, duty lists and village rules: imports in the offices' layouts, versions kept,
bad rows refused with nothing saved, the township's own lists only by the office."""

import datetime

import pytest
from django.urls import reverse

from economy.models import DutyItem, SystemKind, VillageRule, VillageSystem
from tests.economy.conftest import importing, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date
DUTY_HEADERS = ["村编码", "清单类别", "序号", "适用岗位", "内容", "制定日期"]
RULE_HEADERS = ["村编码", "名称", "通过日期", "条数", "文件名称或文号"]


def duty(code, kind, number, day="2026-03-01", post="村党支部书记"):
    return dict(zip(DUTY_HEADERS, [code, kind, number, post, "事项内容", day], strict=True))


def test_a_duty_sheet_holds_township_and_village_items_and_re_imports_unchanged(world, personas, login):
    rows = [duty("", "镇村职责清单", 1), duty("T1V1", "差异化个性清单", 1), duty("T1V1", "差异化个性清单", 2.0, "2026.3.2"),
            duty("T1V2", "村干部履职负面清单", 1, "2026年3月3日")]  # fmt: skip
    report = importing("duty_lists", xlsx(DUTY_HEADERS, rows), personas.office)
    assert report.ok and report.new == 4, [str(p) for p in report.problems]
    township_item = DutyItem.objects.get(village=None)
    assert township_item.township == world.t1 and township_item.kind == "duties"
    assert DutyItem.objects.get(village=world.v2).issued_on == D(2026, 3, 3)
    exported = login(personas.office).get(reverse("duty_lists_export")).content
    again = importing("duty_lists", exported, personas.office)
    assert again.ok and again.unchanged == 4, [str(p) for p in again.problems]


def test_bad_duty_rows_are_refused_and_a_secretary_cannot_write_the_townships_lists(world, personas):
    rows = [duty("T1V1", "个性清单", 1), duty("T1V1", "差异化个性清单", 0), duty("T1V1", "差异化个性清单", 3, "2026-02-30"),
            duty("T1V1", "差异化个性清单", 4, "2099-01-01"), duty("T1V1", "差异化个性清单", 5), duty("T1V1", "差异化个性清单", 5)]  # fmt: skip
    report = importing("duty_lists", xlsx(DUTY_HEADERS, rows), personas.office)
    text = [str(p) for p in report.problems]
    assert any(t.startswith("第2行“清单类别”列：“个性清单”不是有效选项") for t in text)
    assert "第3行“序号”列：“0”应为正整数" in text
    assert any(t.startswith("第4行“制定日期”列：日期“2026-02-30”无法识别") for t in text)
    assert "第5行“制定日期”列：制定日期不能晚于今天" in text
    assert "第7行“村编码”列：与第6行的村编码、清单类别、序号重复" in text
    assert not DutyItem.objects.exists()
    report = importing("duty_lists", xlsx(DUTY_HEADERS, [duty("", "任务清单", 1)]), personas.secretary)
    assert [str(p) for p in report.problems] == ["第2行“村编码”列：镇级清单（不选村）只有镇办公室可以登记"]


def test_village_rules_keep_their_versions_and_dates_written_three_ways_match_on_re_import(world, personas, login):
    rows = [dict(zip(RULE_HEADERS, r, strict=True)) for r in (
        ["T1V1", "村规民约", D(2019, 5, 1), 12, "苇发〔2019〕3号"],
        ["T1V1", "村规民约", "2025.5.1", 27, "苇发〔2025〕1号"],
        ["T1V2", "", "2024年5月1日", 21, ""],
    )]  # fmt: skip
    report = importing("village_rules", xlsx(RULE_HEADERS, rows), personas.office)
    assert report.ok and report.new == 3, [str(p) for p in report.problems]
    assert VillageRule.objects.get(village=world.v2).title == "村规民约"
    rows[1]["条数"] = 28
    rows[1]["通过日期"] = "2025-05-01"
    again = importing("village_rules", xlsx(RULE_HEADERS, rows), personas.office)
    assert again.ok and (again.updated, again.unchanged, again.new) == (1, 2, 0)
    assert VillageRule.objects.get(village=world.v1, adopted_on=D(2025, 5, 1)).articles == 28
    detail = login(personas.office).get(reverse("village_rules_detail", args=[VillageRule.objects.get(
        adopted_on=D(2025, 5, 1)).pk])).content.decode()  # fmt: skip
    assert "2019-05-01 通过，12条" in detail


def test_bad_rule_rows_are_refused(world, personas):
    rows = [dict(zip(RULE_HEADERS, r, strict=True)) for r in (["T1V1", "", "2025-05-01", 0, ""], ["T2V1", "", "2025-05-01", 3, ""])]  # fmt: skip  # noqa: E501
    report = importing("village_rules", xlsx(RULE_HEADERS, rows), personas.office)
    text = [str(p) for p in report.problems]
    assert "第2行“条数”列：“0”应为正整数" in text and any(t.startswith("第3行“村编码”列：找不到") for t in text)
    assert not VillageRule.objects.exists()


def test_a_village_adopts_only_systems_of_the_townships_list(world, personas):
    SystemKind.objects.create(township=world.t1, name="“四议两公开”")
    headers = ["村编码", "制度名称", "建立日期", "文件名称或文号"]
    ok = dict(zip(headers, ["T1V1", "“四议两公开”", "2026-01-05", "苇发〔2026〕1号"], strict=True))
    unknown = dict(zip(headers, ["T1V1", "财务公开", "2026-01-05", ""], strict=True))
    report = importing("management_systems", xlsx(headers, [ok, unknown]), personas.office)
    assert [str(p) for p in report.problems] == [
        "第3行“制度名称”列：制度目录中没有“财务公开”：请先在“管理制度目录”中添加"
    ]
    assert not VillageSystem.objects.exists()
    assert importing("management_systems", xlsx(headers, [ok]), personas.secretary).ok
    assert VillageSystem.objects.get().township == world.t1


def test_the_system_list_is_the_offices_and_each_name_is_kept_once(world, personas, login):
    url = reverse("management_system_kinds_create")
    assert login(personas.secretary).get(url).status_code == 403
    assert login(personas.office).post(url, {"name": "资金往来", "order": 1}).status_code == 302
    response = login(personas.office).post(url, {"name": "资金往来", "order": 2})
    assert response.status_code == 200 and SystemKind.objects.count() == 1
    assert SystemKind.objects.get().township == world.t1
