"""The demo seeder: a year of points within the caps, rankings ranked and published, claims."""

import datetime
import random

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from accounts import demo as accounts_demo
from core.demo import DemoContext
from grids import demo as grids_demo
from points import demo as points_demo
from points.choices import ClaimStatus, SnapshotStatus
from points.models import PointClaim, PointEntry, RankingSnapshot, RuleBook


def seed_small(seed=3):
    ctx = DemoContext(rng=random.Random(seed), scale="small", today=datetime.date(2026, 5, 20))
    for module in (grids_demo, accounts_demo, points_demo):
        module.seed(ctx)
    return ctx


def test_the_demo_seeds_a_year_of_points_within_the_caps(db):
    ctx = seed_small()
    members = len(ctx.data["members"])
    entries = PointEntry.objects.count()
    assert entries == ctx.data["point_entries"] + 3  # + a reversal and two approved claims
    assert 40 * members < entries < 110 * members  # about 70 a member a year, as at county scale
    assert not PointEntry.objects.filter(occurred_on__gt=ctx.today).exists()
    assert not PointEntry.objects.filter(occurred_on__lt=ctx.year_ago).exists()
    assert RuleBook.objects.filter(year=2025).get().pilot_villages.count() >= 1
    sums = (
        PointEntry.objects.filter(item__cap_month__isnull=False, item__tiers__isnull=True)
        .annotate(month=TruncMonth("occurred_on"))
        .values("member", "item", "item__cap_month", "month")
        .annotate(total=Sum("points"))
    )
    assert sums and all(abs(s["total"]) <= s["item__cap_month"] for s in sums)


def test_the_demo_ranks_every_ended_period_and_publishes_all_but_the_last_month(db):
    ctx = seed_small()
    months = RankingSnapshot.objects.filter(period_kind="month", version=1).values_list("period_start", flat=True)
    assert min(months) == datetime.date(2025, 6, 1) and max(months) == datetime.date(2026, 4, 1)
    assert set(
        RankingSnapshot.objects.filter(period_start=datetime.date(2026, 4, 1), period_kind="month").values_list(
            "status", flat=True
        )
    ) == {SnapshotStatus.DRAFT}
    assert RankingSnapshot.objects.filter(version=2, note__contains="重复登记").count() == 1
    assert RankingSnapshot.objects.filter(period_kind="quarter").count() == 3 * 3  # 2025 Q3, Q4, 2026 Q1
    member = ctx.data["users"]["member"].member
    assert PointClaim.objects.filter(member=member).exists()
    assert PointClaim.objects.filter(status=ClaimStatus.PENDING).exists()


def test_the_demo_is_deterministic(db):
    def entries(seed):
        with transaction.atomic():
            seed_small(seed)
            rows = list(
                PointEntry.objects.order_by("pk").values_list("member__name", "item__code", "occurred_on", "points")
            )
            transaction.set_rollback(True)
        return rows

    first = entries(5)
    assert len(first) > 1000 and entries(5) == first
