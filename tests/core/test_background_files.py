"""Big exports and imports run in the background: the request records a job and answers at once;
the job's page shows the progress, then the file (owner only) or the import's report."""

import io

import openpyxl
import pytest
from django.urls import reverse

from core.models import FileJob, FileJobKind, FileJobStatus
from core.xlsx import TOO_MANY_ROWS
from grids.models import Household
from tests.factories import make_id
from tests.grids.test_imports import HOUSEHOLD_HEADERS, household_row, sheet, snapshot


def rows_of(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_a_big_export_runs_in_the_background_and_only_its_owner_downloads_it(
    settings, personas, login, world, django_capture_on_commit_callbacks, client
):
    settings.EXPORT_INLINE_ROWS = 1
    client = login(personas.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("households_export") + "?sort=number")
    job = FileJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:file_job", args=[job.pk])
    assert job.kind == FileJobKind.EXPORT and job.status == FileJobStatus.DONE and job.total == 3

    page = client.get(response.url).content.decode()
    assert "已生成：共 3 行" in page and reverse("core:file_job_download", args=[job.pk]) in page
    download = client.get(reverse("core:file_job_download", args=[job.pk]))
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    rows = rows_of(b"".join(download.streaming_content))
    assert rows[0][0] == "户号" and [r[0] for r in rows[1:]] == ["H1", "H2", "H4"]  # in scope, sorted

    client.force_login(personas.office2)
    assert client.get(reverse("core:file_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:file_job_download", args=[job.pk])).status_code == 404


def test_a_small_export_is_written_in_the_request(personas, login, world):
    response = login(personas.office).get(reverse("households_export"))
    assert response.status_code == 200 and not FileJob.objects.exists()
    assert len(rows_of(response.content)) == 4


def test_a_running_job_shows_its_progress_and_reloads_itself(personas, login, world):
    job = FileJob.objects.create(
        kind=FileJobKind.EXPORT, register="households", user=personas.office, township_id=world.t1.pk,
        status=FileJobStatus.RUNNING, total=10_000, done=2_500,
    )  # fmt: skip
    client = login(personas.office)
    page = client.get(reverse("core:file_job", args=[job.pk])).content.decode()
    assert "已处理 2500 / 10000 行" in page and 'value="25" max="100"' in page and 'hx-trigger="every 2s"' in page
    assert client.get(reverse("core:file_job_download", args=[job.pk])).status_code == 404


def test_a_file_over_the_row_limit_is_refused_with_a_clear_message_and_nothing_saved(settings, personas, login, world):
    settings.IMPORT_MAX_ROWS = 3
    data = sheet(HOUSEHOLD_HEADERS, [household_row(f"N{i}") for i in range(4)])
    before = snapshot()
    upload = io.BytesIO(data)
    upload.name = "big.xlsx"
    response = login(personas.office).post(reverse("households_import"), {"file": upload})
    assert TOO_MANY_ROWS.format(limit=3) in response.content.decode()
    assert snapshot() == before


def test_a_sheet_declaring_a_million_rows_is_refused_before_its_rows_are_read(settings):
    from core.xlsx import TooManyRows, _sheet_dataset

    class Sheet:
        max_row = 1_048_576

        def iter_rows(self, **kwargs):
            raise AssertionError("rows read")

    with pytest.raises(TooManyRows):
        _sheet_dataset(Sheet())


def test_a_big_import_is_previewed_and_applied_in_the_background(
    settings, personas, login, world, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_ROWS = 1
    client = login(personas.office)
    upload = io.BytesIO(sheet(HOUSEHOLD_HEADERS, [household_row("N1"), household_row("N2", grid="T1V2G1")]))
    upload.name = "households.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("households_import"), {"file": upload})
    preview = FileJob.objects.get(kind=FileJobKind.PREVIEW)
    assert response.url == reverse("core:file_job", args=[preview.pk])
    assert preview.status == FileJobStatus.DONE and preview.report["new"] == 2
    assert not Household.objects.filter(number__in=["N1", "N2"]).exists()
    page = client.get(response.url).content.decode()
    assert "预览通过：共 2 行" in page and 'name="confirm"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("households_import"), {"token": preview.query, "confirm": "1"})
    applied = FileJob.objects.get(kind=FileJobKind.IMPORT)
    assert response.url == reverse("core:file_job", args=[applied.pk])
    assert applied.status == FileJobStatus.DONE and applied.report["applied"]
    assert set(Household.objects.filter(number__in=["N1", "N2"]).values_list("number", flat=True)) == {"N1", "N2"}
    assert "导入完成：新增 2 条" in client.get(response.url).content.decode()
    # confirmed once: the same token again is an expired preview, nothing imported twice
    again = client.post(reverse("households_import"), {"token": preview.query, "confirm": "1"}, follow=True)
    assert "导入预览已失效" in again.content.decode()


def test_a_big_import_with_bad_rows_reports_them_and_saves_nothing(
    settings, personas, login, world, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_ROWS = 1
    client = login(personas.office)
    upload = io.BytesIO(sheet(HOUSEHOLD_HEADERS, [household_row("N1"), household_row("N2", grid="NOPE")]))
    upload.name = "households.xlsx"
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("households_import"), {"file": upload})
    page = client.get(response.url).content.decode()
    assert "第3行" in page and "未导入任何数据" in page and 'name="confirm"' not in page
    assert snapshot() == before
    assert make_id()  # the factories' ID numbers stay valid
