"""Rankings: one SQL statement ranks a period; ties share a rank; recompute, publish, correct."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from grids.choices import MemberTier
from points import rules, services
from points.choices import PeriodKind, ScopeKind, SnapshotStatus
from points.models import RankingRow, RankingSnapshot
from tests import factories as f
from tests.points.conftest import MARCH, TODAY, give

APRIL = datetime.date(2025, 4, 20)


def compute(kind="month", day=MARCH, today=TODAY, **kwargs):
    return services.rankings_compute(period_kind=kind, on_date=day, today=today, **kwargs)


def ranks(township, scope=ScopeKind.OVERALL, kind="month", start=datetime.date(2025, 3, 1)):
    snapshot = RankingSnapshot.objects.filter(
        township=township, period_kind=kind, period_start=start, scope_kind=scope
    ).latest("version")
    return {r.member.name: (r.total, r.rank) for r in snapshot.rows.select_related("member")}


@pytest.fixture
def village_one(points, world):
    """Five members of v1 with totals 9, 7, 7, 3, 0 in March 2025 (ranks 1, 2, 2, 4, 5)."""
    people = {"刘洋": world.m1}
    for name, tier in [("王芳", MemberTier.CADRE), ("赵强", MemberTier.ORDINARY), ("孙丽", MemberTier.ELDERLY)]:
        people[name] = f.MemberFactory(grid=world.g1, name=name, tier=tier)
    people["周敏"] = f.MemberFactory(grid=world.g2, name="周敏", tier=MemberTier.ELDERLY)
    give(people["刘洋"], points.patrol, 3, times=3)
    give(people["王芳"], points.meeting, 2, times=2)
    give(people["王芳"], points.patrol, 3)
    give(people["赵强"], points.patrol, 3)
    give(people["赵强"], points.meeting, 2, times=3)
    give(people["赵强"], points.absence, -2)
    give(people["孙丽"], points.patrol, 3)
    give(people["孙丽"], points.meeting, 2, day=APRIL)  # another month
    return people


def test_equal_totals_share_a_rank(village_one, world):
    (outcome,) = compute(townships=[world.t1])
    assert outcome.action == "created" and len(outcome.snapshots) == 3
    assert ranks(world.t1) == {"刘洋": (9, 1), "王芳": (7, 2), "赵强": (7, 2), "孙丽": (3, 4), "周敏": (0, 5)}


def test_village_and_tier_rankings_partition_the_same_totals(village_one, points, world):
    points.book.applies_to_all = True
    points.book.save()
    outsider = f.MemberFactory(grid=world.g4, name="吴刚", tier=MemberTier.ELDERLY)
    give(outsider, points.meeting, 2, times=3)
    compute(townships=[world.t1])
    overall = ranks(world.t1)
    assert overall["吴刚"] == (6, 4) and overall["孙丽"] == (3, 5)
    by_village = ranks(world.t1, ScopeKind.VILLAGE)
    assert by_village["吴刚"] == (6, 1) and by_village["刘洋"] == (9, 1) and by_village["孙丽"] == (3, 4)
    assert by_village["陈静"] == (0, 2)  # world.m2, the other member of v2
    by_tier = ranks(world.t1, ScopeKind.TIER)
    assert by_tier["吴刚"] == (6, 1) and by_tier["孙丽"] == (3, 2) and by_tier["周敏"] == (0, 3)
    assert by_tier["王芳"] == (7, 1)  # the only cadre


def test_only_members_the_rule_book_covers_are_ranked(village_one, world):
    compute(townships=[world.t1])
    assert "陈静" not in ranks(world.t1)  # v2 is not a pilot village


def test_sql_ranks_match_the_rule_on_random_totals(points, world):
    rng = random.Random(7)
    for n in range(30):
        member = f.MemberFactory(grid=world.g1, name=f"党员{n}")
        times = rng.randint(0, 3)
        if times:
            give(member, points.patrol, 3, times=times)
    compute(townships=[world.t1])
    snapshot = RankingSnapshot.objects.get(scope_kind=ScopeKind.OVERALL)
    rows = list(snapshot.rows.order_by("rank", "member").values_list("total", "rank"))
    totals = [t for t, _ in rows]
    assert totals == sorted(totals, reverse=True)
    assert [r for _, r in rows] == rules.standard_competition_ranks(totals)


def test_recompute_replaces_the_draft_and_never_duplicates_it(village_one, points, world):
    compute(townships=[world.t1])
    first = set(RankingSnapshot.objects.values_list("pk", flat=True))
    rows_before = RankingRow.objects.count()
    give(village_one["周敏"], points.meeting, 2, times=5)
    (outcome,) = compute(townships=[world.t1])
    assert outcome.action == "replaced"
    assert set(RankingSnapshot.objects.values_list("pk", flat=True)) == first
    assert RankingRow.objects.count() == rows_before
    assert ranks(world.t1)["周敏"] == (10, 1)


def test_only_one_draft_per_period_and_scope_is_allowed_by_the_database(village_one, world):
    compute(townships=[world.t1])
    draft = RankingSnapshot.objects.get(scope_kind=ScopeKind.OVERALL)
    with pytest.raises(IntegrityError), transaction.atomic():
        RankingSnapshot.objects.create(
            township=world.t1,
            period_kind=draft.period_kind,
            period_start=draft.period_start,
            period_end=draft.period_end,
            scope_kind=ScopeKind.OVERALL,
            version=2,
        )


def test_publishing_freezes_a_ranking(village_one, points, personas, world, django_capture_on_commit_callbacks):
    compute(townships=[world.t1])
    snapshot = RankingSnapshot.objects.get(scope_kind=ScopeKind.OVERALL)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.ranking_publish(snapshot=snapshot, user=personas.office, today=TODAY)
    assert len(callbacks) == 1  # the notices are rendered by Celery after commit
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.PUBLISHED and snapshot.published_by == personas.office
    give(village_one["周敏"], points.meeting, 2, times=5)
    outcomes = compute(townships=[world.t1])
    assert outcomes[0].snapshots[0].pk == snapshot.pk and outcomes[0].snapshots[0].version == 1
    assert ranks(world.t1)["周敏"] == (0, 5)  # frozen
    with pytest.raises(ValidationError, match=services.NOT_DRAFT):
        services.ranking_publish(snapshot=snapshot, user=personas.office, today=TODAY)


def test_a_correction_makes_a_new_version_and_keeps_the_old(village_one, points, personas, world):
    compute(townships=[world.t1])
    v1 = RankingSnapshot.objects.get(scope_kind=ScopeKind.OVERALL)
    services.ranking_publish(snapshot=v1, user=personas.office, today=TODAY)
    give(village_one["周敏"], points.meeting, 2, times=5)
    with pytest.raises(ValidationError, match=services.CORRECTION_NOTE_REQUIRED):
        services.ranking_correct(snapshot=v1, note="  ", user=personas.office, today=TODAY)
    v2 = services.ranking_correct(snapshot=v1, note="补录周敏3月组织生活积分", user=personas.office, today=TODAY)
    assert (v2.version, v2.status, v2.note) == (2, SnapshotStatus.DRAFT, "补录周敏3月组织生活积分")
    assert ranks(world.t1)["周敏"] == (10, 1)
    assert v1.rows.get(member=village_one["周敏"]).total == 0  # the published version is kept
    # Correcting again before publishing replaces the same draft.
    v2_again = services.ranking_correct(snapshot=v1, note="再次核对", user=personas.office, today=TODAY)
    assert v2_again.pk == v2.pk
    services.ranking_publish(snapshot=v2, user=personas.office, today=TODAY)
    with pytest.raises(ValidationError, match=services.NOT_LATEST):
        services.ranking_correct(snapshot=v1, note="改旧版本", user=personas.office, today=TODAY)
    assert RankingSnapshot.objects.filter(scope_kind=ScopeKind.OVERALL).count() == 2


def test_a_future_period_is_refused_and_nothing_is_stored(points, world, counts):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        compute(day=datetime.date(2025, 8, 1), townships=[world.t1])
    assert caught.value.messages == [services.FUTURE_PERIOD.format(label="2025年8月")]
    assert counts() == before


def test_a_period_is_published_only_after_it_ends(points, personas, world):
    compute(day=TODAY, townships=[world.t1])  # the current month may be previewed as a draft
    snapshot = RankingSnapshot.objects.get(scope_kind=ScopeKind.OVERALL)
    with pytest.raises(ValidationError, match="2025年7月尚未结束"):
        services.ranking_publish(snapshot=snapshot, user=personas.office, today=TODAY)


def test_quarter_and_year_sum_their_months(village_one, world):
    compute("quarter", townships=[world.t1])
    compute("quarter", day=APRIL, townships=[world.t1])
    compute("year", townships=[world.t1])
    q1 = ranks(world.t1, kind=PeriodKind.QUARTER, start=datetime.date(2025, 1, 1))
    q2 = ranks(world.t1, kind=PeriodKind.QUARTER, start=datetime.date(2025, 4, 1))
    year = ranks(world.t1, kind=PeriodKind.YEAR, start=datetime.date(2025, 1, 1))
    assert q1["孙丽"] == (3, 4) and q2["孙丽"] == (2, 1) and year["孙丽"] == (5, 4)


def test_every_township_in_one_call_and_one_without_a_rule_book_is_skipped(village_one, world):
    outcomes = {o.township.name: o for o in compute()}
    assert outcomes["东城镇"].action == "created" and outcomes["西河镇"].action == "skipped"
    assert "没有2025年的积分制管理办法" in outcomes["西河镇"].message


def test_computing_runs_a_fixed_number_of_queries(points, world, count_queries):
    from tests.points.conftest import make_book

    make_book(world.t2, pilots=[world.v3])
    with count_queries() as small:
        compute(townships=[world.t1, world.t2])
    for n in range(20):
        give(f.MemberFactory(grid=world.g1, name=f"甲{n}"), points.meeting, 2)
        give(f.MemberFactory(grid=world.g3, name=f"乙{n}"), points.meeting, 2)
    RankingSnapshot.objects.all().delete()
    with count_queries() as large:
        compute(townships=[world.t1, world.t2])
    assert 0 < len(large) == len(small) <= 15
