"""Where a member stands: ranks in the township, the village and the tier for the latest published
month, quarter and year, with the thresholds their totals reach; a period published in one step."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grids.choices import MemberTier
from points import selectors, services
from points.choices import PeriodKind, ScopeKind, SnapshotStatus
from points.models import RankingSnapshot
from tests import factories as f
from tests.points.conftest import MARCH, TODAY, give

APRIL = datetime.date(2025, 4, 10)


NEXT_YEAR = datetime.date(2026, 1, 10)


def publish_period(kind, day, world, user):
    today = NEXT_YEAR if kind == "year" else TODAY
    (outcome,) = services.rankings_compute(period_kind=kind, on_date=day, today=today, townships=[world.t1])
    return services.rankings_publish(snapshot=outcome.snapshots[0], user=user, today=today)


@pytest.fixture
def crowd(points, world):
    """m1 (刘洋, ordinary, v1/g1) with 9 points in March and 2 in April; six others of v1, two of them elderly."""
    give(world.m1, points.patrol, 3, times=3)
    give(world.m1, points.meeting, 2, day=APRIL)
    others = []
    for n, (tier, times) in enumerate([(MemberTier.ORDINARY, 5), (MemberTier.ORDINARY, 1), (MemberTier.ELDERLY, 4)]):
        member = f.MemberFactory(grid=world.g1 if n % 2 else world.g2, name=f"党员{n}", tier=tier)
        give(member, points.meeting, 2, times=times)
        others.append(member)
    return others


def test_one_step_publishes_the_township_village_and_tier_drafts_of_a_period(crowd, world, personas):
    published = publish_period("month", MARCH, world, personas.office)
    assert sorted(s.scope_kind for s in published) == sorted(ScopeKind.values)
    snaps = RankingSnapshot.objects.filter(period_kind="month", period_start=datetime.date(2025, 3, 1))
    assert {s.status for s in snaps} == {SnapshotStatus.PUBLISHED}
    # The handbook then has every rank of the month: no "799 — —".
    (march,) = selectors.member_handbook(world.m1, 2025).ranks
    assert set(march.ranks) == {"overall", "village", "tier"}
    with pytest.raises(ValidationError, match="2025年3月没有待公示的排行草稿"):
        services.rankings_publish(snapshot=published[0], user=personas.office, today=TODAY)


def test_publishing_a_period_that_has_not_ended_changes_nothing(crowd, world, personas):
    (outcome,) = services.rankings_compute(period_kind="month", on_date=TODAY, today=TODAY, townships=[world.t1])
    with pytest.raises(ValidationError, match="2025年7月尚未结束"):
        services.rankings_publish(snapshot=outcome.snapshots[0], user=personas.office, today=TODAY)
    assert not RankingSnapshot.objects.filter(status=SnapshotStatus.PUBLISHED).exists()


def test_the_page_publishes_the_whole_period(crowd, world, personas, login, django_capture_on_commit_callbacks):
    (outcome,) = services.rankings_compute(period_kind="month", on_date=MARCH, today=TODAY, townships=[world.t1])
    village = next(s for s in outcome.snapshots if s.scope_kind == ScopeKind.VILLAGE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = login(personas.office).post(
            reverse("points:ranking_publish", args=[village.pk]), {"confirmed": "1"}, follow=True
        )
    assert "2025年3月" in response.content.decode() and "已一并公示" in response.content.decode()
    assert len(callbacks) == 3  # a notice task for each, sent after the commit
    assert not RankingSnapshot.objects.filter(status=SnapshotStatus.DRAFT).exists()


def test_a_member_sees_their_rank_in_township_village_and_tier(crowd, world, personas):
    publish_period("month", MARCH, world, personas.office)
    publish_period("month", APRIL, world, personas.office)  # the latest published month
    publish_period("quarter", MARCH, world, personas.office)
    standing = {p.period_kind: p for p in selectors.member_standing(world.m1)}
    assert set(standing) == {PeriodKind.MONTH, PeriodKind.QUARTER}  # no year published yet
    april = standing[PeriodKind.MONTH]
    assert april.period_label == "2025年4月" and april.total == 2
    quarter = standing[PeriodKind.QUARTER]
    assert quarter.total == 9
    texts = {s.scope_kind: (s.label, s.text) for s in quarter.standings}
    # Q1 totals in v1: 党员0 10, 刘洋 9, 党员2 8, 党员1 2; the ordinary tier: 党员0, 刘洋, 党员1.
    assert texts[ScopeKind.OVERALL] == ("全镇", "第 2 名 / 共 4 人")
    assert texts[ScopeKind.VILLAGE] == ("苇水村", "第 2 名 / 共 4 人")
    assert texts[ScopeKind.TIER] == ("普通农村党员", "第 2 名 / 共 3 人")
    elderly = {p.period_kind: p for p in selectors.member_standing(crowd[2])}[PeriodKind.QUARTER]
    assert [s.text for s in elderly.standings] == ["第 3 名 / 共 4 人", "第 3 名 / 共 4 人", "第 1 名 / 共 1 人"]


def test_the_thresholds_of_each_kind_say_what_the_total_reaches(crowd, world, personas):
    publish_period("month", MARCH, world, personas.office)
    publish_period("year", MARCH, world, personas.office)
    standing = {p.period_kind: p for p in selectors.member_standing(world.m1)}
    month = [(t.threshold.label, t.reached, t.short_by) for t in standing[PeriodKind.MONTH].thresholds]
    assert month == [("月度关怀", True, 0)]  # 9 points in March, the line is 6
    year = {t.threshold.label: (t.reached, t.short_by) for t in standing[PeriodKind.YEAR].thresholds}
    assert year == {"优秀党员候选": (False, 9), "AAA级信用": (False, 19), "AA级信用": (True, 0)}


def test_standing_is_a_fixed_number_of_queries(crowd, world, personas, django_assert_max_num_queries):
    for day in (MARCH, APRIL):
        publish_period("month", day, world, personas.office)
    publish_period("quarter", MARCH, world, personas.office)
    publish_period("year", MARCH, world, personas.office)
    for n in range(20):
        f.MemberFactory(grid=world.g1, name=f"新党员{n}")
    with django_assert_max_num_queries(2):
        selectors.member_standing(world.m1)


def test_the_member_home_shows_rank_and_thresholds(crowd, world, personas, login):
    publish_period("month", MARCH, world, personas.office)
    body = login(personas.member).get(reverse("dashboard")).content.decode()
    assert "第 2 名 / 共 4 人" in body and "2025年3月" in body
    assert "月度关怀" in body


def test_the_office_home_starts_with_the_periods_to_publish(crowd, world, personas, login):
    assert 'id="points-actions"' not in login(personas.office).get(reverse("dashboard")).content.decode()
    services.rankings_compute(period_kind="month", on_date=MARCH, today=TODAY, townships=[world.t1])
    body = login(personas.office).get(reverse("dashboard")).content.decode()
    assert "公示排行（1期待公示）" in body  # the month's three drafts are one period to publish
    assert body.index('id="points-actions"') < body.index("党员积分管理")
