"""The ranking page's server time and query count at county scale (goal: < 200 ms, constant count).

Requests go through Django's test client in this process (middleware, scope, template, all of
it; no network), logged in as the demo office user, against the largest snapshot: a township's
overall month ranking (about 1,500 members, 100 a page).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/ranking_page.py
"""

import warnings

from _setup import ms, setup, timed

setup()
warnings.filterwarnings("ignore", message="No directory at")

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from grids.models import Member  # noqa: E402
from points.choices import ScopeKind  # noqa: E402
from points.models import RankingSnapshot  # noqa: E402

REPEAT = 30


def main():
    office = User.objects.get(username="office")
    snapshot = (
        RankingSnapshot.objects.filter(township=office.scope_node, scope_kind=ScopeKind.OVERALL)
        .order_by("-member_count", "-period_start")
        .first()
    )
    village = snapshot.rows.values_list("village_id", flat=True).first()
    client = Client()
    client.force_login(office)
    url = reverse("points:ranking", args=[snapshot.pk])
    cases = [
        ("第1页", ""),
        ("最后一页", "?page=last"),
        ("按村筛选", f"?village={village}"),
        ("按分层筛选", "?tier=elderly"),
        ("只看符合“关怀激励”的", "?use=care"),
        ("姓名搜索", "?q=王"),
    ]
    print(f"排行页（{snapshot.township.name} {snapshot}，{snapshot.member_count:,}人）")
    worst = 0.0
    counts = set()
    for label, query in cases:
        client.get(url + query)  # warm up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url + query)
        assert response.status_code == 200, response.status_code
        count = len(queries)  # read now: each later request clears the connection's query log
        median, timings, _ = timed(lambda q=query: client.get(url + q), repeat=REPEAT)
        worst = max(worst, median)
        counts.add(count)
        print(f"  {label:<14} 中位数 {ms(median)}（最慢 {ms(max(timings))}），SQL 查询 {count} 条")
    print(f"  目标 < 200 ms：{'达到' if worst < 0.2 else '未达到'}；查询条数：{sorted(counts)}")

    # The handbook of a busy member of the same township (a year of entries and published ranks).
    member = Member.objects.filter(township=office.scope_node).annotate(n=Count("point_entries")).order_by("-n").first()
    url = reverse("points:member_handbook", args=[member.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries)
    median, timings, _ = timed(lambda: client.get(url), repeat=REPEAT)
    print(f"积分管理手册页（{member.name}，{member.n}条积分记录）：中位数 {ms(median)}，SQL 查询 {count} 条")


if __name__ == "__main__":
    main()
