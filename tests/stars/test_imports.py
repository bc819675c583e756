"""The star registers through spreadsheets: each export re-imports unchanged, the template's headers
are the export's, reviews can be imported while the round is under review (never self-assessments),
and bad rows are named with row, column and reason while nothing is saved."""

import datetime
import io

import openpyxl
import pytest

from core import imports
from core.registers import get_register
from stars import services
from stars.models import Criterion, CriterionMark, Secretary, SecretaryAppraisal, SecretaryRecord
from tests.stars.conftest import TODAY, YEAR

pytestmark = pytest.mark.django_db


def sheet(headers, *rows) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_of(data: bytes):
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def export(name, user):
    reg = get_register(name)
    return imports.export_bytes(reg, reg.get_queryset(user).order_by(*reg.default_ordering), user=user)


def run(name, data, user, township, dry_run=False):
    return imports.run_import(get_register(name), data, "x.xlsx", user=user, township=township, dry_run=dry_run)


@pytest.mark.parametrize(
    "name", ["star_criteria", "branch_ratings", "secretaries", "secretary_appraisals", "secretary_records"]
)
def test_an_export_reimports_unchanged_and_matches_the_template(name, scene, personas, world):
    from stars.models import SecretaryRecord

    services.record_save(
        SecretaryRecord(
            secretary=scene.secretaries[world.v1.pk],
            kind="reward",
            level="county",
            on=datetime.date(2025, 6, 1),
            what="优秀党务工作者",
        ),
        user=personas.office,
        today=TODAY,
    )
    data = export(name, personas.office)
    template = rows_of(imports.template_bytes(get_register(name)))[0]
    exported = rows_of(data)
    assert set(template) <= set(exported[0]) and len(exported) > 1
    before = [list(m._meta.model.objects.order_by("pk").values()) for m in (get_register(name).model,)]
    report = run(name, data, personas.office, world.t1)
    assert report.ok, [str(p) for p in report.problems]
    assert report.new == 0
    after = [list(m._meta.model.objects.order_by("pk").values()) for m in (get_register(name).model,)]
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("reviewed_at", "reviewed_by_id")} for r in rows[0]]  # noqa: E731
    assert strip(before) == strip(after)


def test_a_standard_is_imported_for_a_new_year(world, personas, standard):
    headers = ["年度", "分组", "序号", "评星标准", "达标要求", "佐证材料", "须上传佐证", "自动核验"]
    data = sheet(
        headers,
        [2026, "五新", 1, "班子建设新", "组织生活规范", "会议记录", "是", ""],
        [2026, "八有", 2, "有平安稳定", "年底为绿色或黄色村", "", "否", "年底为绿色或黄色村（三色管理）"],
    )
    report = run("star_criteria", data, personas.office, world.t1)
    assert report.ok and report.new == 2, [str(p) for p in report.problems]
    second = Criterion.objects.get(township=world.t1, year=2026, order=2)
    assert second.auto_check == "colour" and not second.evidence_required


def test_a_bad_standard_sheet_is_refused_whole(world, personas, opened, standard):
    before = Criterion.objects.count(), Criterion.history.count()
    headers = ["年度", "分组", "序号", "评星标准", "达标要求", "佐证材料", "须上传佐证", "自动核验"]
    data = sheet(
        headers,
        [2027, "五新", 11, "第十一项", "x", "", "否", ""],  # beyond ten
        [2027, "五新", 1, "重名", "x", "", "否", ""],
        [2027, "五新", 2, "重名", "x", "", "否", ""],
        [2025, "五新", 11, "新增项", "x", "", "否", ""],  # 2025's round has begun
        [2027, "五新", 3, "核验", "x", "", "可能", "自动"],
    )
    report = run("star_criteria", data, personas.office, world.t1)
    problems = [str(p) for p in report.problems]
    assert "第2行“序号”列：序号应为 1 到 10 之间的整数" in problems
    assert "第4行“评星标准”列：与序号1的评星标准重名" in problems
    assert any(p.startswith("第5行") and "序号" in p for p in problems)
    assert "第6行“须上传佐证”列：请填写“是”或“否”" in problems
    assert any(p.startswith("第6行“自动核验”列：“自动”不是有效选项") for p in problems)
    assert (Criterion.objects.count(), Criterion.history.count()) == before


def test_reviews_come_in_by_spreadsheet_while_under_review_never_self_assessments(scene, personas, world, standard):
    data = export("branch_ratings", personas.office)
    exported = rows_of(data)
    headers = exported[0]
    col = {h: i for i, h in enumerate(headers)}
    # While self-assessment is open, a review is refused.
    row = next(r for r in exported[1:] if r[col["行政村编码"]] == "T1V1" and r[col["序号"]] == 1)
    row[col["审核结论"]] = "达标"
    report = run("branch_ratings", sheet(headers, row), personas.office, world.t1)
    assert [str(p) for p in report.problems] == ["第2行“审核结论”列：现在不能审核：请先结束自评（当前：自评中）"]
    services.round_close_self(scene.round, user=personas.office, today=TODAY)
    good = list(row)
    wrong = list(next(r for r in exported[1:] if r[col["行政村编码"]] == "T1V1" and r[col["序号"]] == 3))
    wrong[col["自评"]] = "未达标"  # trying to change the secretary's answer
    overrule = next(r for r in exported[1:] if r[col["行政村编码"]] == "T1V1" and r[col["序号"]] == 2)
    overrule[col["审核结论"]] = "未达标"  # self said 达标, no reason
    report = run("branch_ratings", sheet(headers, good, wrong, overrule), personas.office, world.t1)
    problems = [str(p) for p in report.problems]
    assert "第3行“自评”列：自评由村书记在系统中填写，导入不能修改“自评”" in problems
    assert "第4行“审核结论”列：审核结论与自评不一致时，须写明理由" in problems
    assert not CriterionMark.objects.filter(reviewed_met__isnull=False).exists()
    overrule[col["审核意见"]] = "台账不全"
    report = run("branch_ratings", sheet(headers, good, overrule), personas.office, world.t1)
    assert report.ok, [str(p) for p in report.problems]
    scene.v1.refresh_from_db()
    assert (scene.v1.stars, scene.v1.reviewed_done) == (1, 2)
    mark = CriterionMark.objects.get(rating=scene.v1, criterion__order=2)
    assert (mark.self_met, mark.reviewed_met, mark.review_note, mark.reviewed_by) == (
        True,
        False,
        "台账不全",
        personas.office,
    )
    # Another township's office cannot touch t1's rows.
    report = run("branch_ratings", sheet(headers, good), personas.office2, world.t2)
    assert report.problems and "没有第1项评星明细" in str(report.problems[0])


def test_secretaries_appraisals_and_records_with_bad_rows(world, personas, scene):
    before = Secretary.objects.count(), SecretaryAppraisal.objects.count(), SecretaryRecord.objects.count()
    future = (TODAY + datetime.timedelta(days=400)).isoformat()
    report = run(
        "secretaries",
        sheet(
            ["行政村编码", "行政村", "姓名", "任职日期", "离任日期", "备注"],
            ["T1V2", "九光村", "新书记", future, "", ""],
            ["T2V1", "上郊村", "外镇", "2020-01-01", "", ""],
            ["T1V1", "苇水村", "王建国", "2016-03-01", "2015-01-01", ""],
        ),
        personas.office,
        world.t1,
    )
    problems = [str(p) for p in report.problems]
    assert "第2行“任职日期”列：任职日期不能晚于今天" in problems
    assert "第3行“行政村编码”列：找不到编码为“T2V1”的行政村" in problems
    assert "第4行“离任日期”列：离任日期不能早于任职日期" in problems
    report = run(
        "secretary_records",
        sheet(
            ["行政村编码", "书记姓名", "类别", "级别", "日期", "事由"],
            ["T1V1", "无此人", "奖励", "县级", "2025-01-01", "x"],
            ["T1V1", "王建国", "表扬", "县级", future, "x"],
        ),
        personas.office,
        world.t1,
    )
    problems = [str(p) for p in report.problems]
    assert "第2行“行政村编码”列：苇水村没有名为“无此人”的书记（请先在“党支部书记”中登记）" in problems
    assert any(p.startswith("第3行“类别”列：“表扬”不是有效选项") for p in problems)
    assert "第3行“日期”列：奖惩日期不能晚于今天" in problems
    assert (Secretary.objects.count(), SecretaryAppraisal.objects.count(), SecretaryRecord.objects.count()) == before


def test_the_registers_are_listed_for_import_xlsx(capsys):
    from django.core.management import call_command

    call_command("import_xlsx", "--list")
    names = capsys.readouterr().out.split()
    for name in ("star_criteria", "branch_ratings", "secretaries", "secretary_appraisals", "secretary_records"):
        assert name in names
    assert YEAR == 2025
