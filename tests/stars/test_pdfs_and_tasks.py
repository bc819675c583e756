"""The 评星结果公示 PDFs (rendered by the Celery tasks after publishing; pdftotext finds the village
names, pdffonts an embedded CJK font), the remuneration sheet (read back with openpyxl), and the beat
tasks: eagerly here, and on a real worker against Redis."""

import datetime
import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from stars import services, tasks
from stars.choices import RoundStatus, RunStatus
from stars.models import RatingRound, SecretaryRun, StarNotice, StarSettings
from tests.stars.conftest import TODAY, YEAR, secretary_login, self_assess_all


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def assert_cjk_font_embedded(data: bytes, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout.splitlines()[2:]
    cjk = [line for line in lines if "CJK" in line]
    assert cjk, lines
    assert all(line.split()[-5] == "yes" for line in cjk), cjk  # the "emb" column


def publish(opened, world, personas, standard, django_capture_on_commit_callbacks):
    secretary = secretary_login(world, world.v1, "sec1")
    self_assess_all(opened.v1, secretary, standard.criteria, met_orders=set(range(1, 9)))
    services.round_close_self(opened.round, user=personas.office, today=TODAY)
    services.review_agree_all(opened.v1, user=personas.office, today=TODAY)
    for c in standard.criteria:
        services.review(opened.v2, c, met=c.order <= 6, user=personas.office, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery: the task runs here
        services.round_publish(opened.round, user=personas.office, today=TODAY)


@pytest.mark.django_db
def test_publishing_a_round_renders_its_notice_with_every_village(
    opened, world, personas, standard, django_capture_on_commit_callbacks, tmp_path, login
):
    publish(opened, world, personas, standard, django_capture_on_commit_callbacks)
    notice = StarNotice.objects.get(round=opened.round)
    assert notice.title == "东城镇2025年度党支部评星结果公示" and notice.row_count == 2
    data = notice.file.read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "东城镇2025年度党支部评星结果公示" in text
    assert "苇水村党支部" in text and "九光村党支部" in text
    assert "2个党支部中八星级1个，六星级1个" in text
    assert_cjk_font_embedded(data, tmp_path)
    # Downloaded through the access layer: 404 for another township.
    response = login(personas.leader).get(reverse("stars:notice", args=[notice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert login(personas.office2).get(reverse("stars:notice", args=[notice.pk])).status_code == 404
    # Rendering again replaces the stored file (a retried task does no harm).
    first = notice.file.name
    tasks.render_round_notice(opened.round.pk)
    again = StarNotice.objects.get(round=opened.round)
    assert again.pk == notice.pk and again.file.name != first and not again.file.storage.exists(first)


@pytest.mark.django_db
def test_a_published_secretary_rating_renders_its_notice_and_exports_the_pay(
    scene, personas, django_capture_on_commit_callbacks, tmp_path, login
):
    with django_capture_on_commit_callbacks(execute=True):
        services.secretary_run_publish(scene.run, user=personas.office, today=TODAY)
    notice = StarNotice.objects.get(run=scene.run)
    data = notice.file.read()
    text = pdf_text(data, tmp_path)
    assert "东城镇2026年党支部书记评星结果公示" in text
    assert "苇水村" in text and "王建国" in text and "三星" in text
    assert "九光村" in text and "李春华" in text and "任职不满一年，暂不评星" in text
    assert_cjk_font_embedded(data, tmp_path)

    response = login(personas.office).get(reverse("stars:remuneration", args=[scene.run.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "东城镇2026年党支部书记报酬测算（已发布）"
    assert rows[2][:8] == ("序号", "行政村", "姓名", "任职日期", "星级", "报酬系数", "基本报酬（元）", "测算报酬（元）")
    by_name = {r[2]: r for r in rows[3:-1]}
    assert by_name["王建国"][4:8] == ("三星", 1.2, 30000, 36000)
    assert by_name["李春华"][4:8] == ("不评星", 1, 30000, 30000)
    assert rows[-1][0] == "合计" and rows[-1][7] == 66000


@pytest.mark.django_db
def test_the_pay_follows_the_townships_coefficients(scene, world, personas):
    StarSettings.objects.create(
        township=world.t1, year=2026, base_amount=Decimal("24000"), coefficient_three=Decimal("1.30")
    )
    run = services.secretary_run_compute(world.t1, 2026, user=personas.office, today=TODAY)
    top = run.ratings.get(name="王建国")
    assert (top.coefficient, top.amount) == (Decimal("1.30"), Decimal("31200.00"))
    services.secretary_rating_adjust(top, stars=2, reason="群众反映较多", user=personas.office)
    top.refresh_from_db()
    assert (top.stars, top.computed_stars, top.coefficient, top.amount) == (2, 3, Decimal("1.10"), Decimal("26400.00"))


@pytest.mark.django_db
def test_the_nightly_tasks_are_idempotent(opened, world, personas, standard, django_capture_on_commit_callbacks, scene):
    publish(opened, world, personas, standard, django_capture_on_commit_callbacks)
    final_day = RatingRound.objects.get(pk=opened.round.pk).final_on
    assert tasks.finalise_rounds(final_day.isoformat()) == ["东城镇2025年度党支部评星"]
    assert tasks.finalise_rounds(final_day.isoformat()) == []
    # t2 has no run for 2026; its rating day (default 15 January) has passed on TODAY.
    assert SecretaryRun.objects.filter(township=world.t2).count() == 0
    assert tasks.rate_secretaries(TODAY.isoformat()) == ["西河镇2026年党支部书记评星"]
    assert tasks.rate_secretaries(TODAY.isoformat()) == []
    run = SecretaryRun.objects.get(township=world.t2)
    assert run.status == RunStatus.DRAFT and run.rated_on == datetime.date(2026, 1, 15) and run.computed_by is None
    # Before the day the office set, nothing is computed.
    StarSettings.objects.create(township=world.t2, year=2027, secretary_rating_on=datetime.date(2027, 3, 1))
    assert tasks.rate_secretaries("2027-02-28") == ["东城镇2027年党支部书记评星"]  # t1: default 15 January
    assert tasks.rate_secretaries("2027-03-01") == ["西河镇2027年党支部书记评星"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_beat_tasks_on_a_real_worker(real_worker, world, personas):
    services.standard_load_defaults(world.t1, YEAR)
    found = services.round_open(world.t1, YEAR, user=personas.office, today=TODAY)
    RatingRound.objects.filter(pk=found.pk).update(
        status=RoundStatus.PUBLICITY, published_on=TODAY, final_on=TODAY + datetime.timedelta(days=5)
    )
    from stars.models import Secretary

    services.secretary_save(
        Secretary(village=world.v1, name="王建国", appointed_on=datetime.date(2016, 3, 1)), user=None, today=TODAY
    )
    day = (TODAY + datetime.timedelta(days=5)).isoformat()
    assert tasks.finalise_rounds.delay(day).get(timeout=60) == ["东城镇2025年度党支部评星"]
    assert RatingRound.objects.get(pk=found.pk).status == RoundStatus.FINAL
    assert tasks.rate_secretaries.delay(day).get(timeout=60) == ["东城镇2026年党支部书记评星"]
    run = SecretaryRun.objects.get(township=world.t1, year=2026)
    assert run.ratings.get().reasons == "任职 9 年；近三年无考核记录；无处分"
    RatingRound.objects.filter(pk=found.pk).update(status=RoundStatus.FINAL)
    name = tasks.render_round_notice.delay(found.pk).get(timeout=120)
    assert StarNotice.objects.get(round=found).file.name == name
