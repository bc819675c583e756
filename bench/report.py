"""The progress report at county scale: a township's month figures (time and query count), its
figure set (what the page reads), the report page, the PDF with its charts, the .docx, and the
county summary over every township (recomputing every township's figure set, then the page).

Goals (issue 15): figures ≤ 300 ms in a fixed number of queries, PDF ≤ 2 s (wall, quiet machine; the
CPU time and where it goes are printed too), .docx ≤ 1 s,
county summary over 15 townships ≤ 5 s; pages ≤ 25 queries. Nothing is written: the report rows
are made inside a transaction that is rolled back.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/report.py
"""

import os
import time
import warnings

from _setup import ms, setup, timed

setup()
warnings.filterwarnings("ignore", message="No directory at")

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from places.models import Area  # noqa: E402
from reports import render, sections, selectors, services  # noqa: E402
from reports.rules import PeriodKind, previous_period  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))


class Rollback(Exception):
    pass


def cpu(func, repeat):
    """The median CPU seconds of this process (the machine is shared: wall time depends on its load)."""
    timings = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        timings.append(time.process_time() - start)
    return sorted(timings)[len(timings) // 2]


def pdf_breakdown(doc) -> str:
    """Where one PDF's CPU goes (cProfile, one render): layout, drawing (of which the SVG charts),
    the fonts' subsetting (HarfBuzz, one CJK face each) and compressing the streams."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    render.pdf_bytes(doc)
    profile.disable()
    stats = pstats.Stats(profile).stats
    parts = {
        "排版": "layout_document",
        "绘制": "draw_page",
        "其中附图（SVG）": "draw_replacedbox",
        "字体子集（HarfBuzz）": "_harfbuzz_subset",
        "压缩": "compress",
    }
    found = {
        label: sum(v[3] for k, v in stats.items() if k[2] == name or f"'{name}'" in k[2])
        for label, name in parts.items()
    }
    total = sum(v[2] for v in stats.values())
    return "，".join(f"{label} {ms(seconds)}" for label, seconds in found.items()) + f"（剖析下合计 {ms(total)}）"


def page(client, url, params=None):
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    count = len(queries)
    median, timings, _ = timed(lambda: client.get(url, params), REPEAT)
    return median, min(timings), count


def main():
    today = timezone.localdate()
    period = previous_period(PeriodKind.MONTH, today)
    townships = list(Area.objects.townships().order_by("code"))
    township = townships[0]
    print(f"{len(townships)} 个乡镇；{township.name} {period.label}（今天 {today}，负载 {os.getloadavg()[0]:.1f}）")
    try:
        with transaction.atomic():
            report = services.report_for(township, period)
            ctx = services.context_for(report)
            with CaptureQueriesContext(connection) as queries:
                sections.collect(ctx)
            median, timings, figures = timed(lambda: sections.collect(ctx), REPEAT)
            print(f"数据（figures）：中位数 {ms(median)}，最快 {ms(min(timings))}，{len(queries)} 条 SQL")
            gaps = [f.label for f in figures.values() if f.gap]
            print(f"  其中暂无数据 {len(gaps)} 项：{'、'.join(gaps[:20])}")
            with CaptureQueriesContext(connection) as queries:
                services.figures_refresh(township, period, report)
            median, timings, _ = timed(lambda: services.figures_refresh(township, period, report), REPEAT)
            print(f"汇总并保存报告数据（数据 + 附图数据）：中位数 {ms(median)}，{len(queries)} 条 SQL")

            admin = User.objects.filter(is_superuser=True).first()
            client = Client()
            client.force_login(admin)
            median, fastest, count = page(client, reverse("reports:detail", args=[report.pk]))
            print(f"报告页（草稿，读已汇总的数据）：中位数 {ms(median)}，最快 {ms(fastest)}，{count} 条 SQL")

            doc, _ = services.page_document(report)
            median, timings, pdf = timed(lambda: render.pdf_bytes(doc), max(3, REPEAT // 2))
            cpu_pdf = cpu(lambda: render.pdf_bytes(doc), 3)
            print(
                f"PDF（含 5 张附图）：中位数 {ms(median)}，最快 {ms(min(timings))}，"
                f"CPU {ms(cpu_pdf)}，{len(pdf) // 1024} KB"
            )
            print(f"  PDF 的 CPU 分布：{pdf_breakdown(doc)}")
            median, timings, docx = timed(lambda: render.docx_bytes(doc), REPEAT)
            print(f"Word（.docx）：中位数 {ms(median)}，最快 {ms(min(timings))}，{len(docx) // 1024} KB")

            ids = [t.pk for t in townships]
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                services.county_refresh(ids, period)
            print(
                f"全县 {len(townships)} 个乡镇重新汇总（后台任务的内容）：{ms(time.perf_counter() - start)}，"
                f"{len(queries)} 条 SQL（每个乡镇 {len(queries) // len(townships)} 条）"
            )
            with CaptureQueriesContext(connection) as queries:
                selectors.county_summary(townships, period)
            median, timings, _ = timed(lambda: selectors.county_summary(townships, period), REPEAT)
            print(f"全县汇总（读已汇总的数据）：中位数 {ms(median)}，{len(queries)} 条 SQL")
            params = {"period_kind": "month", "date": f"{period.end:%Y-%m-%d}"}
            median, fastest, count = page(client, reverse("reports:county"), params)
            print(f"全县汇总页：中位数 {ms(median)}，最快 {ms(fastest)}，{count} 条 SQL")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
