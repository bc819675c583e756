"""Rankings: compute-and-store through the service versus the same SQL run bare.

1. One township's month (the three scopes: overall, per village, per tier). Goal: < 50 ms.
2. The whole county's year: every township, all three scopes. Goal: within 2× the bare query.

Each run happens inside a transaction that is rolled back, so every run starts from the same
state and the database is left as it was. The "bare" figure runs the very SELECT the service
wraps in INSERT … SELECT (``points.services.ranking_query(insert=False)``) on the same
connection and fetches every row, so the difference is what storing costs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/rankings.py
"""

import datetime

from _setup import ms, setup, timed

setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from grids.models import Area  # noqa: E402
from points import rules, services  # noqa: E402
from points.choices import PeriodKind, SnapshotStatus  # noqa: E402
from points.models import PointEntry, RankingSnapshot  # noqa: E402

REPEAT = 15


def bare_query(snapshot_ids, townships, start, end):
    _, all_ids, pilots = services._coverage(townships, start, end)
    sql, params = services.ranking_query(
        snapshot_ids=snapshot_ids,
        township_ids=[t.pk for t in townships],
        all_township_ids=all_ids,
        pilot_village_ids=pilots,
        start=start,
        end=end,
        insert=False,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def measure(kind, on_date, townships, today, label):
    start, end = rules.period_bounds(kind, on_date)
    entries = PointEntry.objects.filter(township__in=townships, occurred_on__gte=start, occurred_on__lte=end).count()
    stored, bare, rows = [], [], 0
    for _ in range(REPEAT):
        with transaction.atomic():
            # Start from "not yet computed": drop this period's snapshots (untimed, rolled back).
            RankingSnapshot.objects.filter(township__in=townships, period_kind=kind, period_start=start).delete()
            seconds, _, outcomes = timed(
                lambda: services.rankings_compute(period_kind=kind, on_date=on_date, today=today, townships=townships)
            )
            stored.append(seconds)
            ids = [s.pk for o in outcomes for s in o.snapshots]
            seconds, _, rows = timed(lambda ids=ids: bare_query(ids, townships, start, end))
            bare.append(seconds)
            transaction.set_rollback(True)
    stored.sort()
    bare.sort()
    median_stored, median_bare = stored[len(stored) // 2], bare[len(bare) // 2]
    print(
        f"{label}（{rules.period_label(kind, start)}，{len(townships)}个乡镇，{entries:,}条积分记录，{rows:,}行名次）"
    )
    print(f"  计算并保存（服务，INSERT … SELECT）：中位数 {ms(median_stored)}（最快 {ms(stored[0])}）")
    print(f"  同一查询裸跑（SELECT，取回全部行）：中位数 {ms(median_bare)}（最快 {ms(bare[0])}）")
    print(f"  比值：{median_stored / median_bare:.2f}×")
    return median_stored, median_bare


def main():
    today = timezone.localdate()
    townships = list(Area.objects.townships().order_by("code"))
    if not townships or not PointEntry.objects.exists():
        raise SystemExit("基准库里没有演示数据：先运行 seed_demo --scale county")
    latest = (
        RankingSnapshot.objects.filter(period_kind=PeriodKind.MONTH, status=SnapshotStatus.PUBLISHED)
        .order_by("-period_start")
        .first()
    )
    month = latest.period_start if latest else rules.previous_period_start(PeriodKind.MONTH, today)
    township_ms, _ = measure(PeriodKind.MONTH, month, townships[:1], today, "一个乡镇的月榜")
    print(f"  目标 < 50 ms：{'达到' if township_ms < 0.050 else '未达到'}")
    year = datetime.date(today.year, 1, 1)
    stored, bare = measure(PeriodKind.YEAR, year, townships, today, "全县年榜")
    print(f"  目标 ≤ 2×：{'达到' if stored <= 2 * bare else '未达到'}")


if __name__ == "__main__":
    main()
