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
import time

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
    args = parser.parse_args()
    today = args.today or timezone.localdate()
    periods = rules.periods_covering(today - datetime.timedelta(days=365), today)
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


if __name__ == "__main__":
    main()
