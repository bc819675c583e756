"""The star pages' server time and query count at county scale (goal: < 200 ms, a fixed count).

Requests go through Django's test client in this process, logged in as the demo office user of the
first township (30 villages × 10 criteria): the board of last year's final round, the board of this
year's open round (with the suggestions read from five other apps), a village's rating page, the
secretary rating, the remuneration export and the branch ratings register.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/stars_pages.py
"""

import warnings

from _setup import ms, setup, timed

setup()
warnings.filterwarnings("ignore", message="No directory at")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from stars.models import BranchRating, RatingRound, SecretaryRun  # noqa: E402

REPEAT = 20


def main():
    office = User.objects.get(username="office")
    final, current = RatingRound.objects.filter(township=office.scope_node).order_by("year")[:2]
    run = SecretaryRun.objects.filter(township=office.scope_node).order_by("-year").first()
    rating = BranchRating.objects.filter(round=current).order_by("village__code").first()
    client = Client()
    client.force_login(office)
    cases = [
        ("评星定级首页", reverse("stars:index")),
        (f"评星看板（{final.year}年度，已定级）", reverse("stars:board", args=[final.pk])),
        (f"评星看板（{current.year}年度，自评中，含系统核验）", reverse("stars:board", args=[current.pk])),
        ("一个村的评星页（含系统核验）", reverse("stars:rating", args=[rating.pk])),
        ("书记评星", reverse("stars:run", args=[run.pk])),
        ("报酬测算导出", reverse("stars:remuneration", args=[run.pk])),
        ("党支部评星明细台账", "/r/branch_ratings/"),
    ]
    print(f"评星页面（{office.scope_node.name}，{final.ratings.count()}个村）")
    for label, url in cases:
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        count = len(queries)
        median, _, _ = timed(lambda u=url: client.get(u), repeat=REPEAT)
        print(f"  {label:32s} {count:3d} 次查询  中位 {ms(median)}")


if __name__ == "__main__":
    main()
