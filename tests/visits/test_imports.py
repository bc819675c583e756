"""The visits and demands registers in Excel: export re-imports unchanged; bad rows change nothing."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from core import imports
from core.registers import get_register
from visits import services
from visits.models import Demand, Visit

from .helpers import assign, demand, today, visit

VISIT_HEADERS = ["户号", "户主姓名", "走访日期", "走访人账号", "走访人姓名", "走访情况", "标签"]


def xlsx(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(name, data, user, township, dry_run=False):
    return imports.run_import(get_register(name), data, "f.xlsx", user=user, township=township, dry_run=dry_run)


def sheet_rows(data: bytes):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_registers_are_listed_for_the_commands(capsys):
    call_command("import_xlsx", "--list")
    names = capsys.readouterr().out.split()
    assert {"visits", "demands", "risks"} <= set(names)


def test_visits_import_with_chinese_headers_and_tag_labels(personas, world):
    day = today() - datetime.timedelta(days=3)
    data = xlsx(
        VISIT_HEADERS,
        [
            ["H1", "", day.isoformat(), "grid", "", "家中一切正常", ""],
            ["H2", "", day, "secretary", "", "反映路灯坏了", "急难愁盼、政策咨询"],
        ],
    )
    report = run("visits", data, personas.office, world.t1)
    assert report.ok and report.new == 2, report.problems
    v = Visit.objects.get(household=world.h2)
    assert (v.visitor, v.visited_on, v.tags, v.grid, v.township) == (
        personas.secretary,
        day,
        "policy,urgent",
        world.g2,
        world.t1,
    )


def test_visits_export_reimports_unchanged(personas, world, login):
    assign(personas.grid, household=world.h1)
    visit(personas.grid, world.h1, today(), findings="=SUM(A1)", tags="risk,urgent")
    visit(personas.secretary, world.h2, today() - datetime.timedelta(days=1))
    response = login(personas.office).get(reverse("visits_export"))
    rows = sheet_rows(response.content)
    assert rows[0] == VISIT_HEADERS
    assert ["H1", "张三"] in [r[:2] for r in rows[1:]]
    before = list(Visit.objects.order_by("pk").values_list("household", "visitor", "visited_on", "findings", "tags"))
    report = run("visits", response.content, personas.office, world.t1)
    assert report.ok and report.new == 0 and report.updated == 2, report.problems
    after = list(Visit.objects.order_by("pk").values_list("household", "visitor", "visited_on", "findings", "tags"))
    assert after == before


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["H1", "", "2099-01-01", "grid", "", "走访", ""], "走访日期", "走访日期不能晚于今天"),
        (["H3", "", "TODAY", "grid", "", "走访", ""], "户号", "找不到户号“H3”"),
        (["H1", "", "TODAY", "nobody", "", "走访", ""], "走访人账号", "找不到账号“nobody”"),
        (["H1", "", "TODAY", "member", "", "走访", ""], "走访人账号", "党员账号不能作为包联干部"),
        (["H1", "", "TODAY", "office2", "", "走访", ""], "走访人账号", "账号“office2”不属于本乡镇"),
        (["H1", "", "TODAY", "grid", "", "走访", "吃饭"], "标签", "无法识别的标签：吃饭"),
        (["H1", "", "TODAY", "grid", "", "", ""], "走访情况", "必填项不能为空"),
        (["H1", "", "31/01/2024", "grid", "", "走访", ""], "走访日期", "日期格式应为 2024-01-31"),
        (["H1", "", "", "grid", "", "走访", ""], "户号", "户号、走访人账号和走访日期都必须填写"),
    ],
)
def test_a_bad_visit_row_is_named_and_nothing_is_imported(row, column, message, personas, world):
    row = [today().isoformat() if v == "TODAY" else v for v in row]
    good = ["H2", "", today().isoformat(), "secretary", "", "正常", ""]
    report = run("visits", xlsx(VISIT_HEADERS, [good, row]), personas.office, world.t1)
    assert not report.ok
    problem = report.problems[0]
    assert problem.row == 3 and problem.column == column and message in problem.message, report.problems
    assert Visit.objects.count() == 0


def test_the_same_visit_twice_in_a_file_is_refused(personas, world):
    row = ["H1", "", today().isoformat(), "grid", "", "走访", ""]
    report = run("visits", xlsx(VISIT_HEADERS, [row, row]), personas.office, world.t1)
    assert [(p.row, p.message) for p in report.problems] == [
        (3, "与第2行重复（同一户、同一走访人、同一天只记一次走访）")
    ]
    assert Visit.objects.count() == 0


def test_a_secretary_cannot_import_but_the_page_refuses_a_bad_file_for_office(personas, world, login):
    assert login(personas.secretary).get(reverse("visits_import")).status_code == 403
    bad = xlsx(VISIT_HEADERS[:-1], [["H1", "", today().isoformat(), "grid", "", "走访"]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(personas.office).post(reverse("visits_import"), {"file": SimpleUploadedFile("v.xlsx", bad)})
    assert "缺少列：标签" in response.content.decode()
    assert Visit.objects.count() == 0


def test_demands_export_reimports_unchanged_and_a_bad_row_changes_nothing(personas, world, login):
    demand(world.v1, raised_on=datetime.date(2024, 3, 1), resolved_on=datetime.date(2024, 3, 9), title="修路灯")
    d = demand(world.v2, kind="problem", raised_on=datetime.date(2024, 3, 2), title="水管冻裂")
    d.household = world.h4
    d.responsible_user = personas.leader
    services.demand_save(d, today=today())
    response = login(personas.office).get(reverse("demands_export"))
    rows = sheet_rows(response.content)
    assert rows[0][:4] == ["编号", "类型", "来源", "村编码"]
    before = list(Demand.objects.order_by("pk").values())
    report = run("demands", response.content, personas.office, world.t1)
    assert report.ok and report.updated == 2, report.problems
    after = list(Demand.objects.order_by("pk").values())
    assert after == before

    headers = rows[0]
    bad = dict(zip(headers, rows[1], strict=True))
    bad.update({"编号": "SQ-NEW-1", "提出日期": "2024-05-10", "解决日期": "2024-05-01"})
    report = run("demands", xlsx(headers, [list(bad.values())]), personas.office, world.t1)
    assert (
        not report.ok and report.problems[0].column == "解决日期" and "不能早于提出日期" in report.problems[0].message
    )
    assert list(Demand.objects.order_by("pk").values()) == before


def test_a_demand_in_another_township_is_refused(personas, world):
    headers = [
        "编号",
        "类型",
        "来源",
        "村编码",
        "村名称",
        "网格编码",
        "户号",
        "诉求内容",
        "详细情况",
        "提出人",
        "提出日期",
    ]
    headers += ["承办人账号", "交办日期", "解决日期", "办理结果", "状态"]
    row = ["A-1", "合理诉求", "群众反映", "T2V1", "", "", "", "修桥", "", "", "2024-05-01", "", "", "", "", ""]
    report = run("demands", xlsx(headers, [row]), personas.office, world.t1)
    assert not report.ok and "找不到编码为“T2V1”" in report.problems[0].message
    assert Demand.objects.count() == 0


def test_importing_more_rows_runs_no_more_queries(personas, world, count_queries):
    from tests import factories as f

    homes = [f.HouseholdFactory(grid=world.g1, number=f"B{i:03d}") for i in range(40)]

    def rows(n, offset):
        day = (today() - datetime.timedelta(days=offset)).isoformat()
        return [[h.number, "", day, "grid", "", "走访", "急难愁盼"] for h in homes[:n]]

    with count_queries() as few:
        assert run("visits", xlsx(VISIT_HEADERS, rows(5, 1)), personas.office, world.t1).new == 5
    with count_queries() as many:
        assert run("visits", xlsx(VISIT_HEADERS, rows(40, 2)), personas.office, world.t1).new == 40
    assert len(many) == len(few)
