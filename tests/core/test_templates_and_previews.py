"""Import templates (example row, allowed values and codes, drop-downs) and import previews
(encrypted, owner-only, deleted on apply, on cancel and after a day)."""

import datetime
import io

import openpyxl
import tablib
from django.urls import reverse
from django.utils import timezone

from core import imports, previews
from core.models import ImportPreview
from core.registers import get_register
from core.xlsx import write_dataset
from grids.models import Household
from tests.factories import make_id


def test_a_register_template_has_an_example_row_allowed_values_codes_and_drop_downs(world, personas, login):
    response = login(personas.office).get(reverse("households_template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["户", "可选值与编码", "填写说明"]
    sheet = book["户"]
    headers = [c.value for c in sheet[1]]
    example = dict(zip(headers, [c.value for c in sheet[2]], strict=True))
    assert example["户号"] == "V01-0001" and example["户类别"] == "一般户"
    assert "必填" in sheet["A1"].comment.text
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    category = headers.index("户类别")
    letter = "ABCDEFGHIJ"[category]
    assert f"{letter}2:{letter}5000" in validations
    codes = book["可选值与编码"]
    columns = {codes.cell(row=1, column=c).value: c for c in range(1, codes.max_column + 1)}
    allowed = [codes.cell(row=r, column=columns["户·户类别"]).value for r in range(2, 8)]
    assert allowed == ["一般户", "脱贫户", "低保户", "特困户", "独居老人户", "留守户"]
    grids = [codes.cell(row=r, column=columns["已有网格编码"]).value for r in range(2, 5)]
    assert grids == ["T1V1G1", "T1V1G2", "T1V2G1"]  # the office's township only
    grid_letter = "ABCDEFGHIJ"[headers.index("所属网格编码")]
    assert "可选值与编码" in validations[f"{grid_letter}2:{grid_letter}5000"]


def test_the_example_row_left_as_it_is_is_skipped(world, personas):
    register = get_register("households")
    template = imports.template_bytes(register, user=personas.office, township=world.t1)
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book["户"]
    sheet.append(["N1", "周明", make_id(region="140522"), "", "", 2, "一般户", "T1V1G1", "", ""])
    out = io.BytesIO()
    book.save(out)
    report = imports.run_import(
        register, out.getvalue(), "t.xlsx", user=personas.office, township=world.t1, dry_run=False
    )
    assert report.applied and report.new == 1 and report.unchanged == 0, [str(p) for p in report.problems]
    assert [str(n) for n in report.notes] == ["第2行：与模板中的示例行相同，已跳过"]
    assert not Household.objects.filter(number="V01-0001").exists()


def test_an_empty_required_choice_names_the_allowed_values(world, personas):
    headers = ["身份证号", "姓名", "网格职务", "人员来源", "联系电话", "所属网格编码"]
    data = write_dataset(tablib.Dataset([make_id(), "周明", "", "村民代表", "", "T1V1G1"], headers=headers))
    report = imports.run_import(
        get_register("grid_staff"), data, "s.xlsx", user=personas.office, township=world.t1, dry_run=True
    )
    assert [str(p) for p in report.problems] == [
        "第2行“网格职务”列：必填项不能为空，可选：网格长、全科网格员、网格辅助员"
    ]


def test_dates_written_three_ways_are_read(world, personas):
    headers = ["村编码", "村名称", "是否社区", "党支部书记身份证号", "书记任职日期", "备注"]
    rows = [
        ["N1", "一村", "否", "", "2021/3/1", ""],
        ["N2", "二村", "否", "", "2021年3月2日", ""],
        ["N3", "三村", "否", "", datetime.datetime(2021, 3, 3), ""],
        ["N4", "四村", "否", "", "2021.3.4", ""],
    ]
    data = write_dataset(tablib.Dataset(*rows, headers=headers))
    report = imports.run_import(
        get_register("villages"), data, "v.xlsx", user=personas.office, township=world.t1, dry_run=False
    )
    assert report.applied, [str(p) for p in report.problems]
    from places.models import Area

    dates = dict(Area.objects.filter(code__in=["N1", "N2", "N3", "N4"]).values_list("code", "secretary_since"))
    assert dates == {f"N{d}": datetime.date(2021, 3, d) for d in range(1, 5)}
    bad = write_dataset(tablib.Dataset(["N5", "五村", "否", "", "2021-02-30", ""], headers=headers))
    report = imports.run_import(
        get_register("villages"), bad, "v.xlsx", user=personas.office, township=world.t1, dry_run=True
    )
    assert [str(p) for p in report.problems] == [
        "第2行“书记任职日期”列：日期“2021-02-30”无法识别：请写作 2024-01-31、2024/1/31 或 2024年1月31日"
    ]


def household_file(number="N1"):
    headers = [
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
    id_number = make_id()
    row = [number, "周明", id_number, "", "", 2, "一般户", "T1V1G1", "", ""]
    return write_dataset(tablib.Dataset(row, headers=headers)), id_number


def upload(client, data, name="户.xlsx"):
    handle = io.BytesIO(data)
    handle.name = name
    return client.post(reverse("households_import"), {"file": handle})


def test_a_preview_is_stored_encrypted_and_deleted_on_apply(world, personas, login, settings):
    client = login(personas.office)
    data, id_number = household_file()
    response = upload(client, data)
    assert "确认导入" in response.content.decode()
    preview = ImportPreview.objects.get()
    assert id_number.encode() not in bytes(preview.data_encrypted)
    assert not (
        world and __import__("pathlib").Path(__import__("django.conf").conf.settings.MEDIA_ROOT, "imports").exists()
    )
    response = client.post(reverse("households_import"), {"token": preview.token, "confirm": "1"})
    assert response.status_code == 302
    assert Household.objects.filter(number="N1").exists()
    assert ImportPreview.objects.count() == 0


def test_a_cancelled_preview_is_deleted_and_cannot_be_applied(world, personas, login):
    client = login(personas.office)
    upload(client, household_file()[0])
    token = ImportPreview.objects.get().token
    client.post(reverse("households_import"), {"token": token, "cancel": "1"})
    assert ImportPreview.objects.count() == 0
    response = client.post(reverse("households_import"), {"token": token, "confirm": "1"}, follow=True)
    assert previews.EXPIRED in response.content.decode()
    assert not Household.objects.filter(number="N1").exists()


def test_only_the_uploader_can_apply_a_preview(world, personas, login):
    upload(login(personas.office), household_file()[0])
    token = ImportPreview.objects.get().token
    other = login(personas.admin)
    response = other.post(reverse("households_import"), {"token": token, "confirm": "1"}, follow=True)
    assert previews.EXPIRED in response.content.decode()
    assert not Household.objects.filter(number="N1").exists()
    assert ImportPreview.objects.count() == 1


def test_the_daily_job_deletes_previews_older_than_a_day(world, personas, settings, tmp_path):
    from core.tasks import purge_import_previews

    old = previews.preview_store(
        user=personas.office, register="households", township=world.t1, filename="a.xlsx", data=b"old"
    )
    fresh = previews.preview_store(
        user=personas.office, register="households", township=world.t1, filename="b.xlsx", data=b"new"
    )
    ImportPreview.objects.filter(token=old).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    legacy = tmp_path / "media" / "imports"
    legacy.mkdir(parents=True)
    (legacy / "plain.xlsx").write_bytes(b"left by an older version")
    assert purge_import_previews.delay().get() == 1
    assert list(ImportPreview.objects.values_list("token", flat=True)) == [fresh]
    assert not legacy.exists()
    assert "core.tasks.purge_import_previews" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
