"""Points fixtures: a 2025 rule book for world.t1 with tiers and caps, and helpers.

Rule book (t1, 2025): pilot village v1 only (v2 not covered), items:
  ZZ01 参加三会一课      +2, month cap 6, year cap 40
  SL01 森林防火巡逻      +3, month cap 9; elderly: +2 (month cap 4); cadre: month cap 12
  JL01 无故缺席组织生活  -2, no caps, not claimable
Thresholds: 评优评先 year ≥ 20; 金融服务 year AA ≥ 10, AAA ≥ 30; 关怀激励 month ≥ 6.
"""

import datetime
from types import SimpleNamespace

import pytest

from grids.choices import MemberTier
from points.choices import EntrySource, PeriodKind, PointUse
from points.models import PointEntry, PointThreshold, RuleBook, RuleCategory, RuleItem, RuleItemTier

TODAY = datetime.date(2025, 7, 15)
MARCH = datetime.date(2025, 3, 10)


def make_book(township, year=2025, pilots=(), applies_to_all=False, all_from=None):
    book = RuleBook.objects.create(
        township=township,
        year=year,
        title=f"{township.name}农村党员干部积分制管理办法",
        applies_to_all=applies_to_all,
        all_from=all_from,
    )
    book.pilot_villages.set(pilots)
    org = RuleCategory.objects.create(rule_book=book, name="组织生活", order=1)
    fire = RuleCategory.objects.create(rule_book=book, name="森林防火", order=2)
    rules = SimpleNamespace(book=book)
    rules.meeting = RuleItem.objects.create(
        township=township, rule_book=book, category=org, code="ZZ01", name="参加三会一课", points=2, cap_month=6,
        cap_year=40,
    )  # fmt: skip
    rules.patrol = RuleItem.objects.create(
        township=township, rule_book=book, category=fire, code="SL01", name="森林防火巡逻", points=3, cap_month=9
    )
    RuleItemTier.objects.create(item=rules.patrol, tier=MemberTier.ELDERLY, points=2, cap_month=4)
    RuleItemTier.objects.create(item=rules.patrol, tier=MemberTier.CADRE, cap_month=12)
    rules.absence = RuleItem.objects.create(
        township=township, rule_book=book, category=org, code="JL01", name="无故缺席组织生活", points=-2,
        claimable=False,
    )  # fmt: skip
    return rules


@pytest.fixture
def points(world):
    rules = make_book(world.t1, pilots=[world.v1])
    for use, label, kind, minimum in [
        (PointUse.HONOUR, "优秀党员候选", PeriodKind.YEAR, 20),
        (PointUse.CREDIT, "AA级信用", PeriodKind.YEAR, 10),
        (PointUse.CREDIT, "AAA级信用", PeriodKind.YEAR, 30),
        (PointUse.CARE, "月度关怀", PeriodKind.MONTH, 6),
    ]:
        PointThreshold.objects.create(rule_book=rules.book, use=use, label=label, period_kind=kind, min_total=minimum)
    return rules


def give(member, item, points_each, day=MARCH, times=1):
    """Entries written directly (no checks): for ranking tests that need exact totals."""
    entries = [
        PointEntry(
            township_id=member.township_id,
            village_id=member.village_id,
            member=member,
            item=item,
            occurred_on=day,
            points=points_each,
            source=EntrySource.RECORD,
        )
        for _ in range(times)
    ]
    return PointEntry.objects.bulk_create(entries)


@pytest.fixture
def counts():
    """A snapshot of the points tables' row counts, to assert that a refusal changed nothing."""
    from points.models import PointClaim, PointEvent, RankingRow, RankingSnapshot

    def _counts():
        return (
            PointEntry.objects.count(),
            PointEvent.objects.count(),
            PointClaim.objects.count(),
            RankingSnapshot.objects.count(),
            RankingRow.objects.count(),
        )

    return _counts
