"""progress_report (the command) and the beat task that drafts each township's report on a real worker."""

import shutil
import time

import pytest
from django.core.management import CommandError, call_command

from reports import tasks
from reports.models import JobStatus, RenderJob, Report
from tests.reports.conftest import SENTENCES, build_township
from tests.reports.helpers import docx_text, pdf_text

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


@needs_poppler
def test_the_command_writes_the_pdf_and_the_docx(township, tmp_path, capsys):
    pdf, docx = tmp_path / "十月.pdf", tmp_path / "十月.docx"
    call_command("progress_report", period="month", date="2026-10-31", township="东城镇", out=str(pdf))
    call_command("progress_report", period="month", date="2026年10月5日", township="T1", out=str(docx))
    out = capsys.readouterr().out
    assert "草稿（当前数据）" in out and "暂无数据" not in out  # every figure has its data
    text = pdf_text(pdf.read_bytes(), tmp_path)
    written = docx_text(docx.read_bytes())
    for sentence in SENTENCES:
        assert sentence in text and sentence in written


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"period": "week", "date": "2026-10-31", "township": "东城镇"}, "报告周期只能是"),
        ({"period": "month", "date": "2026-31-10", "township": "东城镇"}, "无法识别"),
        ({"period": "year", "date": "2027-02-01", "township": "东城镇"}, "尚未开始"),
        ({"period": "month", "date": "2026-10-31", "township": "南山镇"}, "找不到名为“南山镇”的乡镇"),
        ({"period": "month", "date": "2026-10-31"}, "请用 --township 指定一个"),
    ],
)
def test_the_command_refuses_bad_input_in_chinese_and_writes_nothing(township, tmp_path, options, message):
    out = tmp_path / "r.pdf"
    with pytest.raises(CommandError) as exc:
        call_command("progress_report", out=str(out), **options)
    assert message in str(exc.value)
    assert not out.exists() and Report.objects.count() == 0


def test_the_command_wants_a_pdf_or_docx_file(township, tmp_path):
    with pytest.raises(CommandError, match="须以 .pdf 或 .docx 结尾"):
        call_command(
            "progress_report", period="month", date="2026-10-31", township="东城镇", out=str(tmp_path / "r.txt")
        )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_beat_drafts_each_townships_report_on_a_real_worker(real_worker):
    from tests.conftest import build_world

    build_township(build_world())
    result = tasks.draft_due_reports.delay("month", "2026-11-01").get(timeout=120)
    assert sorted(result) == sorted(
        [
            "东城镇抓党建促基层治理能力提升专项行动工作进展情况报告（2026年10月）",
            "西河镇抓党建促基层治理能力提升专项行动工作进展情况报告（2026年10月）",
        ]
    )
    # The drafts' files are rendered by the same worker, in tasks enqueued after the drafts committed.
    deadline = time.monotonic() + 120
    while RenderJob.objects.exclude(status=JobStatus.DONE).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    jobs = list(RenderJob.objects.select_related("report"))
    assert len(jobs) == 2 and all(j.status == JobStatus.DONE and j.pdf and j.docx for j in jobs)
    with next(j for j in jobs if j.report.township.name == "东城镇").docx.open("rb") as f:
        assert "将2个行政村划分为3个网格" in docx_text(f.read())
    # A second run (a retry, or beat firing twice) drafts nothing again.
    assert tasks.draft_due_reports.delay("month", "2026-11-01").get(timeout=60) == []
    assert Report.objects.count() == 2 and RenderJob.objects.count() == 2
