"""The demo (``seed_demo``, as ``make run`` seeds it) has every figure of every report of its year: the
demo township's report for every month, quarter and year the demo data covers (the year before the
day it was seeded, docs/guide/report.md) has no 【暂无数据】, and its first month renders as PDF and
.docx with none either (bench/report_gaps.py checks the county demo the same way)."""

import datetime
import io
import shutil

import docx
import pytest
from django.core.management import call_command
from django.utils import timezone

from places.models import Area
from reports import render, rules, sections, services
from tests.reports.helpers import docx_text, pdf_text

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")


@pytest.mark.django_db
@pytest.mark.parametrize("seeded_on", [None, "2026-03-01"])  # today, as make run seeds it; a month's first day
def test_every_period_of_the_demo_has_every_figure_and_its_first_month_renders(seeded_on, tmp_path):
    today = datetime.date.fromisoformat(seeded_on) if seeded_on else timezone.localdate()
    call_command("seed_demo", *(["--today", seeded_on] if seeded_on else []), stdout=io.StringIO())
    township = Area.objects.townships().get()
    periods = rules.periods_covering(today - datetime.timedelta(days=365), today)
    assert len(periods) >= 13 + 5 + 2 - 1  # 13 months (12 when today is the 1st), 5 quarters, 2 years
    found = {}
    for period in periods:
        figures = sections.collect(services.context_for(services.report_for(township, period)))
        found[period.label] = [f.label for f in sections.gaps(figures)]
    assert {label: gaps for label, gaps in found.items() if gaps} == {}

    first = services.report_for(township, periods[0])
    doc = services.draft_document(first)
    text = pdf_text(render.pdf_bytes(doc), tmp_path)
    data = render.docx_bytes(doc)
    cells = [c.text for t in docx.Document(io.BytesIO(data)).tables for row in t.rows for c in row.cells]
    words = docx_text(data) + "\n".join(cells)  # the appendix's charts are tables in Word
    for content in (text, words):
        assert f"工作进展情况报告（{periods[0].label}）" in content and "平均得分" in content
        assert "暂无数据" not in content
