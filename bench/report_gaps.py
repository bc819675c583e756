"""Every township's report figures for every month, quarter and year of the demo data: the gaps.

Read-only: each report is drafted inside a transaction that is rolled back. Prints, per figure
label, in how many (township, period) reports it is a gap, and the periods.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/report_gaps.py
        [--today YYYY-MM-DD] [--townships N]

The demo covers the year before the day it was seeded (seed_demo --today, default: today).
"""

import argparse
import collections
import datetime
import io
import subprocess
import tempfile
import time
from pathlib import Path

from _setup import setup

setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from places.models import Area  # noqa: E402
from reports import rules, sections, services  # noqa: E402


class Rollback(Exception):
    pass


def figures_of(township, period):
    try:
        with transaction.atomic():
            figures = sections.collect(services.context_for(services.report_for(township, period)))
            raise Rollback
    except Rollback:
        return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--today", type=datetime.date.fromisoformat, help="the demo's today (seed_demo --today)")
    parser.add_argument("--townships", type=int, default=None, help="only the first N townships (by code)")
    parser.add_argument("--render", action="store_true", help="also render each township's first and last month")
    parser.add_argument("--before", action="store_true", help="also the month before the demo's first (not demo data)")
    args = parser.parse_args()
    today = args.today or timezone.localdate()
    first = today - datetime.timedelta(days=365)
    periods = rules.periods_covering(first, today)
    months = [p for p in periods if p.kind == "month"]
    if args.before:
        periods.insert(0, rules.period_of("month", first.replace(day=1) - datetime.timedelta(days=1)))
    townships = list(Area.objects.townships().order_by("code"))[: args.townships]
    found = collections.defaultdict(list)
    started = time.perf_counter()
    for township in townships:
        for period in periods:
            for figure in sections.gaps(figures_of(township, period)):
                found[figure.label].append((township.name, period.label))
    checked = len(townships) * len(periods)
    print(f"演示数据范围：{periods[0].label} 至 {periods[-1].label}（{len(periods)} 个期间：月、季、年）")
    took = time.perf_counter() - started
    print(f"检查了 {len(townships)} 个乡镇 × {len(periods)} 个期间 = {checked} 份报告，用时 {took:.0f} 秒")
    reports_with_gaps = len({where for places in found.values() for where in places})
    print(f"有暂无数据项的报告：{reports_with_gaps} 份；暂无数据项共 {sum(len(v) for v in found.values())} 个")
    for label, places in sorted(found.items(), key=lambda kv: -len(kv[1])):
        towns = sorted({t for t, _p in places})
        labels = sorted({p for _t, p in places})
        print(f"  {label}：{len(places)} 份（{len(towns)} 个乡镇；期间 {'、'.join(labels[:12])}）")
    if args.render:
        render_months(townships, months)  # the demo's first and running month (not the --before one)


def render_months(townships, months):
    """Each township's first and last month as PDF and .docx: no 暂无数据 in either (pdftotext, python-docx)."""
    import docx

    from reports import render

    started, bad = time.perf_counter(), []
    for township in townships:
        for period in (months[0], months[-1]):
            try:
                with transaction.atomic():
                    doc = services.draft_document(services.report_for(township, period))
                    raise Rollback
            except Rollback:
                pass
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "report.pdf"
                path.write_bytes(render.pdf_bytes(doc))
                text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
            document = docx.Document(io.BytesIO(render.docx_bytes(doc)))
            words = [p.text for p in document.paragraphs]
            words += [c.text for t in document.tables for row in t.rows for c in row.cells]
            for kind, content in (("PDF", text), ("Word", "\n".join(words))):
                if "暂无数据" in content or period.label not in content:
                    bad.append(f"{township.name} {period.label} {kind}")
    took = time.perf_counter() - started
    print(
        f"生成了 {len(townships)} 个乡镇 × 2 个月 的 PDF 和 Word，用时 {took:.0f} 秒；含“暂无数据”的文件：{bad or '无'}"
    )


if __name__ == "__main__":
    main()
