"""The progress report at county scale: a township's month figures (time and query count), the
PDF with its charts, the .docx, and the county summary over every township.

Goals (issue 15): figures ≤ 300 ms in a fixed number of queries, PDF ≤ 2 s, .docx ≤ 1 s,
county summary over 15 townships ≤ 5 s. Nothing is written: the report rows are made inside a
transaction that is rolled back.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/report.py
"""

import os
import warnings

from _setup import ms, setup, timed

setup()
warnings.filterwarnings("ignore", message="No directory at")

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from places.models import Area  # noqa: E402
from reports import render, sections, selectors, services  # noqa: E402
from reports.rules import PeriodKind, previous_period  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))


class Rollback(Exception):
    pass


def main():
    today = timezone.localdate()
    period = previous_period(PeriodKind.MONTH, today)
    townships = list(Area.objects.townships().order_by("code"))
    township = townships[0]
    print(f"{len(townships)} 个乡镇；{township.name} {period.label}（今天 {today}）")
    try:
        with transaction.atomic():
            report = services.report_for(township, period)
            ctx = services.context_for(report)
            with CaptureQueriesContext(connection) as queries:
                sections.collect(ctx)
            median, timings, figures = timed(lambda: sections.collect(ctx), REPEAT)
            print(f"数据（figures）：中位数 {ms(median)}，最快 {ms(min(timings))}，{len(queries)} 条 SQL")
            gaps = [f.label for f in figures.values() if f.gap]
            print(f"  其中暂无数据 {len(gaps)} 项（功能尚未上线的章节）")
            median, timings, doc = timed(lambda: services.draft_document(report), REPEAT)
            print(f"草稿文档（数据 + 附图数据）：中位数 {ms(median)}")
            median, timings, pdf = timed(lambda: render.pdf_bytes(doc), max(3, REPEAT // 2))
            print(f"PDF（含 5 张附图）：中位数 {ms(median)}，最快 {ms(min(timings))}，{len(pdf) // 1024} KB")
            median, timings, docx = timed(lambda: render.docx_bytes(doc), REPEAT)
            print(f"Word（.docx）：中位数 {ms(median)}，最快 {ms(min(timings))}，{len(docx) // 1024} KB")
            with CaptureQueriesContext(connection) as queries:
                selectors.county_summary(townships, period)
            median, timings, _ = timed(lambda: selectors.county_summary(townships, period), 3)
            label = f"全县汇总（{len(townships)} 个乡镇）"
            print(f"{label}：中位数 {ms(median)}，最快 {ms(min(timings))}，{len(queries)} 条 SQL")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
