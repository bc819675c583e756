"""Rankings: compute-and-store through the service versus the same SQL run bare.

1. One township's month (its three scopes: overall, per village, per tier). Goal: < 50 ms.
2. The whole county's year: every township, all three scopes. Goal: within 2× the bare query.

"Service" is ``points.services.rankings_compute`` as the Celery task, the button and the command
call it, committed (its transaction's commit is inside the timing), starting each run from
"not yet computed" (that period's snapshots are deleted first, untimed). "Bare" is the very
SELECT the service wraps in INSERT … SELECT (``services.ranking_query(insert=False)``), run on the
same connection right after: once fetching every row into Python, once counted inside the
database (no rows transferred), and finally by psql itself (rows received and discarded), so
the difference is what storing costs.

The township month is the demo's latest (draft) month, recomputed as it was; the county year is
the current year, whose snapshots are deleted again at the end: the database is left as it was.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/rankings.py
"""

import datetime
import os
import shutil
import statistics
import subprocess
import time

from _setup import ms, setup

setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from places.models import Area  # noqa: E402
from points import rules, services  # noqa: E402
from points.choices import PeriodKind, SnapshotStatus  # noqa: E402
from points.models import PointEntry, RankingSnapshot  # noqa: E402
from points.services.rankings import _coverage  # noqa: E402


def bare(snapshot_ids, townships, start, end, coverage, count_only):
    all_ids, pilots = coverage
    sql, params = services.ranking_query(
        snapshot_ids=snapshot_ids,
        township_ids=[t.pk for t in townships],
        all_township_ids=all_ids,
        pilot_village_ids=pilots,
        start=start,
        end=end,
        insert=False,
    )
    if count_only:
        sql = f"SELECT COUNT(*) FROM ({sql}) ranked"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return rows[0][0] if count_only else len(rows)


def in_psql(snapshot_ids, townships, start, end, coverage, repeat):
    """The same SELECT run by psql itself (rows received and discarded), median of ``repeat``."""
    if not shutil.which("psql"):
        return None
    all_ids, pilots = coverage
    sql, params = services.ranking_query(
        snapshot_ids=snapshot_ids,
        township_ids=[t.pk for t in townships],
        all_township_ids=all_ids,
        pilot_village_ids=pilots,
        start=start,
        end=end,
        insert=False,
    )
    text = connection.ops.compose_sql(sql, params).replace("\n", " ")
    script = "\\timing on\n\\o /dev/null\n" + f"{text};\n" * repeat
    result = subprocess.run(
        ["psql", "-X", "-q", os.environ["DATABASE_URL"]], input=script, capture_output=True, text=True, check=True
    )
    times = [float(line.split()[1]) / 1000 for line in result.stdout.splitlines() if line.startswith("Time:")]
    return statistics.median(times[1:] or times)


def measure(kind, on_date, townships, today, label, repeat):
    start, end = rules.period_bounds(kind, on_date)
    entries = PointEntry.objects.filter(township__in=townships, occurred_on__gte=start, occurred_on__lte=end).count()
    stored, fetched, counted, rows = [], [], [], 0
    coverage = _coverage(townships, start, end)[1:]  # the rule books' villages, as the service reads them
    for _ in range(repeat):
        RankingSnapshot.objects.filter(township__in=townships, period_kind=kind, period_start=start).delete()
        began = time.perf_counter()
        outcomes = services.rankings_compute(period_kind=kind, on_date=on_date, today=today, townships=townships)
        stored.append(time.perf_counter() - began)
        ids = [s.pk for o in outcomes for s in o.snapshots]
        began = time.perf_counter()
        rows = bare(ids, townships, start, end, coverage, count_only=False)
        fetched.append(time.perf_counter() - began)
        began = time.perf_counter()
        bare(ids, townships, start, end, coverage, count_only=True)
        counted.append(time.perf_counter() - began)
    a, b, c = (statistics.median(x) for x in (stored, fetched, counted))
    d = in_psql(ids, townships, start, end, coverage, repeat=min(repeat, 10))
    print(
        f"{label}（{rules.period_label(kind, start)}，{len(townships)}个乡镇，{entries:,}条积分记录，{rows:,}行名次）"
    )
    print(f"  计算并保存（服务，含提交）：中位数 {ms(a)}（最快 {ms(min(stored))}）")
    print(f"  同一查询裸跑，取回全部行：  中位数 {ms(b)}（最快 {ms(min(fetched))}）；比值 {a / b:.2f}×")
    print(f"  同一查询裸跑，库内计数：    中位数 {ms(c)}（最快 {ms(min(counted))}）；比值 {a / c:.2f}×")
    if d:
        print(f"  同一查询在 psql 中运行：    中位数 {ms(d)}；比值 {a / d:.2f}×")
    return a, d or b


def main():
    today = timezone.localdate()
    townships = list(Area.objects.townships().order_by("code"))
    if not townships or not PointEntry.objects.exists():
        raise SystemExit("基准库里没有演示数据：先运行 seed_demo --scale county")
    with connection.cursor() as cursor:  # a freshly loaded table: let the planner and the visibility map catch up
        cursor.execute("VACUUM (ANALYZE) points_pointentry, points_rankingrow, points_rankingsnapshot, grids_member")
    draft = (
        RankingSnapshot.objects.filter(period_kind=PeriodKind.MONTH, status=SnapshotStatus.DRAFT, version=1)
        .order_by("-period_start")
        .first()
    )
    month = draft.period_start if draft else rules.previous_period_start(PeriodKind.MONTH, today)
    township_s, _ = measure(PeriodKind.MONTH, month, townships[:1], today, "一个乡镇的月榜", repeat=25)
    print(f"  目标 < 50 ms：{'达到' if township_s < 0.050 else '未达到'}")
    year = datetime.date(today.year, 1, 1)
    existed = RankingSnapshot.objects.filter(period_kind=PeriodKind.YEAR, period_start=year).exists()
    stored, raw = measure(PeriodKind.YEAR, year, townships, today, "全县年榜", repeat=7)
    print(f"  目标 ≤ 2×（与 psql 中的裸查询比）：{'达到' if stored <= 2 * raw else '未达到'}")
    if not existed:
        RankingSnapshot.objects.filter(period_kind=PeriodKind.YEAR, period_start=year).delete()


if __name__ == "__main__":
    main()
