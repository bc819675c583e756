"""points.selectors.published_month_rankings: the months of a year with a published month ranking."""

import datetime

import pytest

from points.choices import PeriodKind, ScopeKind, SnapshotStatus
from points.models import RankingSnapshot
from points.selectors import published_month_rankings

pytestmark = pytest.mark.django_db


def snapshot(
    township, month, status=SnapshotStatus.PUBLISHED, kind=PeriodKind.MONTH, scope=ScopeKind.OVERALL, year=2025
):
    start = datetime.date(year, month, 1)
    return RankingSnapshot.objects.create(
        township=township, period_kind=kind, period_start=start, period_end=start, scope_kind=scope, status=status
    )


def test_only_published_month_rankings_of_that_township_and_year(world, count_queries):
    snapshot(world.t1, 1)
    snapshot(world.t1, 1, scope=ScopeKind.VILLAGE)
    snapshot(world.t1, 2, status=SnapshotStatus.DRAFT)
    snapshot(world.t1, 3, kind=PeriodKind.QUARTER)
    snapshot(world.t1, 4, year=2024)
    snapshot(world.t2, 5)
    with count_queries() as q:
        months = published_month_rankings(world.t1.pk, 2025)
    assert len(q) == 1
    assert months == {1}
