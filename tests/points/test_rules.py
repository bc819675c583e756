"""The pure rules of points: tiers, caps, periods, coverage, uses, ranks. No database."""

import datetime

import pytest

from points import rules
from points.rules import Terms, Threshold

D = datetime.date


def test_a_tier_override_replaces_only_the_values_it_sets():
    default = Terms(points=3, cap_month=9, cap_year=60)
    assert rules.effective_terms(default, None) == default
    assert rules.effective_terms(default, Terms(points=2, cap_month=None, cap_year=None)) == Terms(2, 9, 60)
    assert rules.effective_terms(default, Terms(points=None, cap_month=12, cap_year=None)) == Terms(3, 12, 60)


def test_the_monthly_cap_allows_up_to_the_cap_and_refuses_beyond_it():
    terms = Terms(points=2, cap_month=6)
    assert rules.cap_problem(terms=terms, points=2, used_month=4, used_year=4) is None
    message = rules.cap_problem(terms=terms, points=2, used_month=6, used_year=6, member="刘洋", item="参加三会一课")
    assert message == rules.CAP_MONTH_EXCEEDED.format(member="刘洋", item="参加三会一课", used=6, points=2, cap=6)
    assert "每月上限6分" in message


def test_the_yearly_cap_is_checked_too():
    terms = Terms(points=5, cap_month=None, cap_year=20)
    assert rules.cap_problem(terms=terms, points=5, used_month=0, used_year=15) is None
    assert "每年上限20分" in rules.cap_problem(terms=terms, points=5, used_month=0, used_year=20)


def test_a_cap_bounds_deductions_by_their_size():
    terms = Terms(points=-5, cap_year=10)
    assert rules.cap_problem(terms=terms, points=-5, used_month=-5, used_year=-5) is None
    assert rules.cap_problem(terms=terms, points=-5, used_month=-10, used_year=-10) is not None


def test_no_cap_means_no_limit():
    assert rules.cap_problem(terms=Terms(points=-2), points=-2, used_month=-200, used_year=-900) is None


@pytest.mark.parametrize(
    ("kind", "day", "start", "end"),
    [
        ("month", D(2024, 2, 10), D(2024, 2, 1), D(2024, 2, 29)),
        ("month", D(2025, 12, 31), D(2025, 12, 1), D(2025, 12, 31)),
        ("quarter", D(2025, 5, 20), D(2025, 4, 1), D(2025, 6, 30)),
        ("quarter", D(2025, 12, 1), D(2025, 10, 1), D(2025, 12, 31)),
        ("year", D(2025, 7, 4), D(2025, 1, 1), D(2025, 12, 31)),
    ],
)
def test_period_bounds(kind, day, start, end):
    assert rules.period_bounds(kind, day) == (start, end)


def test_period_labels_are_chinese():
    assert rules.period_label("month", D(2025, 3, 1)) == "2025年3月"
    assert rules.period_label("quarter", D(2025, 4, 1)) == "2025年第二季度"
    assert rules.period_label("year", D(2025, 1, 1)) == "2025年度"


def test_the_previous_period_is_the_one_that_just_ended():
    assert rules.previous_period_start("month", D(2025, 1, 1)) == D(2024, 12, 1)
    assert rules.previous_period_start("quarter", D(2025, 4, 1)) == D(2025, 1, 1)
    assert rules.previous_period_start("year", D(2025, 1, 1)) == D(2024, 1, 1)


def test_ended_periods_are_whole_periods_inside_the_window():
    assert rules.ended_periods("month", D(2024, 11, 15), D(2025, 2, 1)) == [D(2024, 12, 1), D(2025, 1, 1)]
    assert rules.ended_periods("quarter", D(2024, 11, 15), D(2025, 7, 1)) == [D(2025, 1, 1), D(2025, 4, 1)]
    assert rules.ended_periods("year", D(2024, 11, 15), D(2025, 7, 1)) == []
    assert rules.period_has_ended("month", D(2025, 6, 3), D(2025, 7, 1))
    assert not rules.period_has_ended("month", D(2025, 6, 3), D(2025, 6, 30))


def test_a_rule_book_covers_pilots_first_then_everyone_from_the_roll_out_date():
    covers = dict(pilot_village_ids=[1, 2], applies_to_all=True, all_from=D(2025, 7, 1))
    assert rules.rule_book_covers(**covers, village_id=1, on_date=D(2025, 3, 1))
    assert not rules.rule_book_covers(**covers, village_id=9, on_date=D(2025, 6, 30))
    assert rules.rule_book_covers(**covers, village_id=9, on_date=D(2025, 7, 1))
    pilot_only = dict(pilot_village_ids=[1], applies_to_all=False, all_from=None)
    assert not rules.rule_book_covers(**pilot_only, village_id=9, on_date=D(2025, 12, 31))
    everyone = dict(pilot_village_ids=[], applies_to_all=True, all_from=None)
    assert rules.rule_book_covers(**everyone, village_id=9, on_date=D(2025, 1, 1))


def test_qualifications_keep_the_highest_level_of_each_use():
    thresholds = [
        Threshold("credit", "金融服务", "AA级信用", 10),
        Threshold("credit", "金融服务", "AAA级信用", 30),
        Threshold("honour", "评优评先", "优秀党员候选", 20),
    ]
    assert rules.qualifications(5, thresholds) == []
    assert [t.label for t in rules.qualifications(25, thresholds)] == ["AA级信用", "优秀党员候选"]
    assert [t.label for t in rules.qualifications(30, thresholds)] == ["AAA级信用", "优秀党员候选"]


def test_equal_totals_share_a_rank_and_the_next_rank_skips():
    assert rules.standard_competition_ranks([9, 7, 7, 3]) == [1, 2, 2, 4]
    assert rules.standard_competition_ranks([5, 5, 5]) == [1, 1, 1]
    assert rules.standard_competition_ranks([]) == []
