"""Selectors other parts rely on: section (七) of the progress report, the handbook's ranks."""

import datetime

from points import selectors, services
from points.choices import ScopeKind
from points.models import RankingSnapshot
from tests.points.conftest import MARCH, TODAY, give, make_book


def test_the_progress_report_gets_the_rule_book_title_and_pilot_villages(points, world):
    section = selectors.report_points_section(world.t1, datetime.date(2025, 6, 30))
    assert section.title == "东城镇农村党员干部积分制管理办法" and section.year == 2025
    assert section.pilot_villages == ["苇水村"] and not section.applies_to_all
    make_book(world.t1, year=2026, pilots=[world.v1, world.v2], applies_to_all=True)
    later = selectors.report_points_section(world.t1, datetime.date(2026, 3, 1))
    assert later.year == 2026 and later.pilot_villages == ["苇水村", "九光村"] and later.applies_to_all
    assert selectors.report_points_section(world.t2, TODAY).title == ""


def test_the_handbook_shows_months_totals_and_the_latest_published_ranks(points, personas, world):
    give(world.m1, points.meeting, 2, times=2)
    give(world.m1, points.patrol, 3, day=datetime.date(2025, 4, 2))
    (outcome,) = services.rankings_compute(period_kind="month", on_date=MARCH, today=TODAY, townships=[world.t1])
    for snapshot in outcome.snapshots:
        services.ranking_publish(snapshot=snapshot, user=personas.office, today=TODAY)
    overall = RankingSnapshot.objects.get(scope_kind=ScopeKind.OVERALL)
    give(world.m1, points.meeting, 2)
    services.ranking_correct(snapshot=overall, note="补录", user=personas.office, today=TODAY)  # a draft: not shown
    book = selectors.member_handbook(world.m1, 2025)
    assert [(m.start.month, m.total) for m in book.months] == [(3, 6), (4, 3)]
    assert book.total == 9 and book.rule_book == points.book
    (march,) = book.ranks
    assert march.label == "2025年3月" and march.total == 4
    assert march.ranks == {"overall": (1, 1), "village": (1, 1), "tier": (1, 1)}
