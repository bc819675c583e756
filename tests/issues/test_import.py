"""The 问题台账 spreadsheet: export → import round trip, legacy ledgers without codes, bad rows."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from core.imports import run_import
from core.registers import REGISTRY, get_register
from core.xlsx import write_dataset
from issues import resources, rules, services
from issues.choices import Status
from issues.models import Problem, ProblemCategory
from issues.resources import ProblemResource

D = datetime.date
HEADERS = ProblemResource().import_columns()
FIELDS = [
    "code", "level", "village_id", "channel", "source_ref", "category_id", "description", "cause", "measures",
    "responsible", "responsible_user_id", "found_on", "deadline", "status", "fixed_on_spot", "result",
    "verified_by", "closed_on", "notes", "overdue", "overdue_since", "township_id",
]  # fmt: skip


def snapshot(township):
    return sorted(Problem.objects.filter(township=township).values_list(*FIELDS))


def sheet(rows, headers=HEADERS):
    import tablib

    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append([row.get(h, "") for h in headers])
    return write_dataset(data)


def row(**values):
    base = {
        "层级": "党委",
        "问题来源": "自己找",
        "问题类别": "理论学习",
        "问题描述": "党委理论学习中心组学习不规范",
        "整改措施": "制定学习计划",
        "责任人": "张书记",
        "发现日期": "2025-03-01",
        "整改时限": "2025-09-30",
        "整改情况": "待整改",
        "边查边改": "否",
    }
    base.update(values)
    return base


def importing(data, user, township=None, dry_run=False):
    return run_import(get_register("problems"), data, "台账.xlsx", user=user, township=township, dry_run=dry_run)


def test_problems_is_a_register_for_import_xlsx():
    assert "problems" in REGISTRY and "problem_categories" in REGISTRY
    assert HEADERS[:8] == ["序号", "问题编号", "层级", "村级党组织", "问题来源", "来源说明", "问题类别", "问题描述"]
    for header in ("整改措施", "责任人", "整改时限", "整改情况", "销号说明", "验收人"):
        assert header in HEADERS


def test_export_then_import_changes_nothing(ledger, personas, login):
    services.problems_mark_overdue(today=timezone.localdate())  # the import flags with today's date too
    response = login(personas.office).get(reverse("problems_export"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert [r[0] for r in rows[1:]] == list(range(1, 7))  # 序号
    by_code = {r[1]: r for r in rows[1:]}
    assert set(by_code) == {f"2025-000{i}" for i in range(1, 7)}  # not the other township's
    assert by_code["2025-0003"][HEADERS.index("整改时限")] == "长期坚持"
    assert by_code["2025-0004"][HEADERS.index("责任人账号")] == "grid"
    assert by_code["2025-0004"][HEADERS.index("村级党组织")] == "苇水村"

    before = snapshot(ledger.world.t1)
    categories = ProblemCategory.objects.count()
    report = importing(response.content, personas.office)
    assert report.problems == []
    assert (report.applied, report.new, report.updated) == (True, 0, 6)
    assert snapshot(ledger.world.t1) == before
    assert ProblemCategory.objects.count() == categories
    assert ledger.c1.history.first().history_change_reason == "Excel导入"


def test_a_ledger_kept_in_excel_moves_in_with_generated_codes(ledger, personas):
    data = sheet(
        [
            row(),
            row(**{"层级": "村级", "村级党组织": "九光村", "问题类别": "阵地建设", "问题描述": "活动室漏雨"}),
            row(**{"层级": "领导班子", "整改时限": "长期坚持", "整改情况": "长期坚持", "问题描述": "联系群众"}),
            row(**{"问题编号": "DW-07", "整改情况": "已整改", "销号说明": "补课", "验收人": "王", "问题描述": "补"}),
            row(**{"发现日期": "2024-11-02", "整改时限": "2024-12-31", "整改情况": "整改中", "问题描述": "逾期的"}),
        ]
    )
    preview = importing(data, personas.office, dry_run=True)
    assert (preview.problems, preview.new, preview.applied) == ([], 5, False)
    assert Problem.objects.filter(township=ledger.world.t1).count() == 6
    report = importing(data, personas.office)
    assert (report.problems, report.new) == ([], 5)
    codes = dict(Problem.objects.filter(township=ledger.world.t1).values_list("description", "code"))
    assert codes["党委理论学习中心组学习不规范"] == "2025-0007"
    assert codes["活动室漏雨"] == "2025-0008"
    assert codes["联系群众"] == "2025-0009"
    assert codes["逾期的"] == "2024-0001"
    assert Problem.objects.get(code="DW-07").status == Status.DONE
    assert Problem.objects.get(code="2024-0001").overdue  # flagged on import
    new_category = ProblemCategory.objects.get(name="阵地建设")
    assert new_category.township == ledger.world.t1  # a category the list lacked is added to it
    # Importing the same legacy file again adds them again (no codes to match): documented in 0004.


BAD_ROWS = [
    ({"整改时限": "2025-02-01"}, "整改时限", rules.DEADLINE_BEFORE_FOUND),
    ({"整改时限": ""}, "整改时限", rules.DEADLINE_REQUIRED),
    ({"层级": "村级党组织"}, "村级党组织", rules.VILLAGE_REQUIRED),
    ({"村级党组织": "苇水村"}, "村级党组织", rules.VILLAGE_NOT_ALLOWED),
    ({"层级": "村级党组织", "村级党组织": "上郊村"}, "村级党组织", resources.VILLAGE_UNKNOWN.format(name="上郊村")),
    ({"整改情况": "已整改", "验收人": "王"}, "销号说明", rules.CLOSING_NEEDS_RESULT),
    ({"整改情况": "已整改", "销号说明": "做了"}, "验收人", rules.CLOSING_NEEDS_VERIFIER),
    ({"问题编号": "2025-0005", "整改情况": "整改中"}, "整改情况", rules.CLOSED_IS_FINAL),
    ({"问题编号": "2025-0001", "整改情况": "待整改"}, "整改情况", "不能从“整改中”改为“待整改”"),
    ({"责任人账号": "nobody"}, "责任人账号", resources.USER_UNKNOWN.format(name="nobody")),
    ({"问题来源": "网上"}, "问题来源", "“网上”不是有效选项"),
    ({"发现日期": "三月"}, "发现日期", "日期格式应为 2024-01-31"),
    ({"问题描述": ""}, "问题描述", "必填项不能为空"),
]


@pytest.mark.parametrize(("changes", "column", "message"), BAD_ROWS)
def test_any_bad_row_changes_nothing(changes, column, message, ledger, personas):
    data = sheet([row(**{"问题描述": "好的一行"}), row(**changes)])
    before = (snapshot(ledger.world.t1), ProblemCategory.objects.count(), Problem.history.count())
    report = importing(data, personas.office)
    assert not report.applied
    assert [(p.row, p.column) for p in report.problems] == [(3, column)]
    assert message in report.problems[0].message
    assert (snapshot(ledger.world.t1), ProblemCategory.objects.count(), Problem.history.count()) == before


def test_the_same_code_twice_in_a_file_is_refused(ledger, personas):
    data = sheet([row(**{"问题编号": "X-1"}), row(**{"问题编号": "X-1", "问题描述": "另一条"})])
    before = snapshot(ledger.world.t1)
    report = importing(data, personas.office)
    assert [str(p) for p in report.problems] == ["第3行“问题编号”列：与第2行的问题编号重复"]
    assert snapshot(ledger.world.t1) == before


def test_a_file_without_the_template_headers_is_refused(ledger, personas):
    data = sheet([{"序号": 1, "问题描述": "x"}], headers=["序号", "问题描述", "整改措施"])
    report = importing(data, personas.office)
    assert "缺少列" in report.problems[0].message and "问题编号" in report.problems[0].message
    assert not report.applied


def test_an_administrator_must_name_the_township(ledger, personas):
    report = importing(sheet([row()]), personas.admin)
    assert resources.TOWNSHIP_NEEDED in report.problems[0].message
    report = importing(sheet([row()]), personas.admin, township=ledger.world.t2)
    assert report.applied and Problem.objects.filter(township=ledger.world.t2).count() == 2


def test_another_townships_codes_are_not_touched(ledger, personas):
    # 2025-0001 exists in both townships: office2's import updates only its own.
    data = sheet([row(**{"问题编号": "2025-0001", "层级": "村级党组织", "村级党组织": "上郊村", "问题描述": "改了"})])
    report = importing(data, personas.office2)
    assert report.applied, report.problems
    assert Problem.objects.get(township=ledger.world.t2, code="2025-0001").description == "改了"
    assert Problem.objects.get(township=ledger.world.t1, code="2025-0001").description == "理论学习不够深入系统"


def test_categories_round_trip(ledger, personas, login):
    response = login(personas.office).get(reverse("problem_categories_export"))
    before = sorted(ProblemCategory.objects.values_list("township_id", "name", "order", "notes"))
    report = run_import(
        get_register("problem_categories"), response.content, "类别.xlsx", user=personas.office, township=None,
        dry_run=False,
    )  # fmt: skip
    assert (report.problems, report.updated) == ([], 3)
    assert sorted(ProblemCategory.objects.values_list("township_id", "name", "order", "notes")) == before
