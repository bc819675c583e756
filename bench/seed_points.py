"""Time the points seeder alone at county scale (goal: under about 90 s), commit-time checks included.

Runs ``points.demo.seed`` on the county demo already in the database, after clearing the points
tables, inside one transaction that is rolled back at the end: the database is left as it was.
Foreign keys are checked before the clock stops (``SET CONSTRAINTS ALL IMMEDIATE``), since a
deferred check costs at commit what it saves during the inserts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/seed_points.py
"""

import random
import time

from _setup import require_bench_database, setup

setup()
require_bench_database()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from core.demo import DemoContext  # noqa: E402
from grids.models import Member  # noqa: E402
from places.models import Area  # noqa: E402
from points import demo  # noqa: E402
from points.models import PointEntry, RankingRow  # noqa: E402

POINTS_TABLES = [
    "points_rankingnotice", "points_rankingrow", "points_rankingsnapshot", "points_pointclaim", "points_pointentry",
    "points_pointevent", "points_pointthreshold", "points_ruleitemtier", "points_ruleitem", "points_rulecategory",
    "points_rulebook_pilot_villages", "points_rulebook", "points_historicalpointentry", "points_historicalpointclaim",
    "points_historicalrankingsnapshot", "points_historicalruleitem", "points_historicalrulebook",
    "points_historicalruleitemtier", "points_historicalpointthreshold",
]  # fmt: skip


def main():
    today = PointEntry.objects.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    today = today or timezone.localdate()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(POINTS_TABLES)}")
        ctx = DemoContext(rng=random.Random(1), scale="county", today=today)
        ctx.townships = list(Area.objects.townships().order_by("code"))
        ctx.data["villages"] = list(Area.objects.villages().order_by("tree_id", "lft"))
        ctx.data["members"] = list(Member.objects.order_by("pk"))
        ctx.data["users"] = {u.username: u for u in User.objects.filter(username__in=["office", "secretary", "member"])}
        start = time.perf_counter()
        demo.seed(ctx)
        seeded = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        checked = time.perf_counter()
        entries, rows = PointEntry.objects.count(), RankingRow.objects.count()
        transaction.set_rollback(True)
    print(f"积分演示数据（{len(ctx.data['members']):,}名党员，截至{today}）：{entries:,}条积分记录，{rows:,}行名次")
    print(f"  生成与写入：{seeded - start:.1f} 秒；提交前的外键检查：{checked - seeded:.1f} 秒")
    total = checked - start
    print(f"  合计 {total:.1f} 秒；目标约 90 秒：{'达到' if total < 90 else '未达到'}")


if __name__ == "__main__":
    main()
