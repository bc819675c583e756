"""The quota arithmetic of the contact system: pure functions, no database."""

import datetime

import pytest

from visits import rules
from visits.choices import DemandStatus

D = datetime.date


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (D(2024, 2, 10), D(2024, 2, 1), D(2024, 2, 29)),  # leap February
        (D(2023, 2, 28), D(2023, 2, 1), D(2023, 2, 28)),
        (D(2024, 12, 31), D(2024, 12, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 1, 1), D(2025, 1, 31)),
        (D(2025, 4, 30), D(2025, 4, 1), D(2025, 4, 30)),
    ],
)
def test_month_bounds_cover_the_whole_month(day, first, last):
    assert rules.month_bounds(day) == (first, last)


def test_previous_and_next_month_cross_the_year():
    assert rules.previous_month(D(2025, 1, 15)) == D(2024, 12, 1)
    assert rules.next_month(D(2024, 12, 31)) == D(2025, 1, 1)
    assert rules.next_month(D(2024, 1, 31)) == D(2024, 2, 1)


@pytest.mark.parametrize(
    ("quota", "day", "expected"),
    [
        (8, D(2024, 1, 31), 8),  # the last day asks for the whole quota
        (8, D(2024, 2, 29), 8),  # leap-year month end
        (8, D(2023, 2, 28), 8),  # ordinary February end
        (8, D(2024, 2, 28), 7),  # not yet the end in a leap year
        (8, D(2024, 3, 1), 0),  # the first day: floor(8 / 31)
        (31, D(2024, 3, 1), 1),
        (8, D(2024, 4, 15), 4),  # half of a 30-day month
        (8, D(2024, 12, 31), 8),
        (8, D(2025, 1, 1), 0),  # a new year starts from nothing
        (10, D(2024, 2, 15), 5),  # 10 × 15 / 29 = 5.17
    ],
)
def test_expected_visits_are_paced_through_the_month(quota, day, expected):
    assert rules.expected_visits(quota, day) == expected


@pytest.mark.parametrize(
    ("per_week", "day", "expected"),
    [
        (2, D(2024, 1, 31), 8),
        (2, D(2024, 2, 29), 8),
        (2, D(2023, 2, 28), 8),
        (2, D(2024, 4, 30), 8),
        (2, D(2024, 4, 7), 2),
        (2, D(2024, 4, 6), 1),
        (2, D(2024, 4, 1), 0),
        (9, D(2024, 4, 7), 7),  # never more than every day
    ],
)
def test_expected_village_days(per_week, day, expected):
    assert rules.expected_village_days(per_week, day) == expected


def test_as_of_is_today_in_the_current_month_and_the_last_day_otherwise():
    assert rules.as_of(D(2024, 2, 1), D(2024, 2, 10)) == D(2024, 2, 10)
    assert rules.as_of(D(2024, 2, 1), D(2024, 3, 1)) == D(2024, 2, 29)
    assert rules.as_of(D(2024, 3, 1), D(2024, 2, 10)) == D(2024, 3, 1)


def test_parse_month_falls_back_to_this_month():
    today = D(2024, 5, 20)
    assert rules.parse_month("2024-02", today) == D(2024, 2, 1)
    assert rules.parse_month("2024-2", today) == D(2024, 2, 1)
    for bad in ("", None, "2024-13", "x", "1999-01", "2024-02-01"):
        assert rules.parse_month(bad, today) == D(2024, 5, 1)


def test_behind_when_visits_or_days_fall_short():
    targets = rules.month_targets(8, 2, D(2024, 4, 15))
    assert (targets.visits, targets.days, targets.month_visits, targets.month_days) == (4, 4, 8, 8)
    assert not rules.is_behind(4, 4, targets)
    assert rules.is_behind(3, 4, targets)
    assert rules.is_behind(9, 3, targets)


def test_a_cadre_on_the_last_day_of_february_must_have_the_whole_quota():
    targets = rules.month_targets(8, 2, D(2023, 2, 28))
    assert rules.is_behind(7, 8, targets)
    assert not rules.is_behind(8, 8, targets)
    # One day earlier the same seven visits were on track.
    assert not rules.is_behind(7, 8, rules.month_targets(8, 2, D(2023, 2, 27)))


def test_village_quota_shares_each_cadre_over_their_households():
    # A cadre with half their 12 households here owes half of 8; one with all 10 here owes 8.
    assert rules.village_month_quota([(6, 12), (10, 10)], 8) == 12
    assert rules.village_month_quota([], 8) == 0
    assert rules.village_month_quota([(3, 0)], 8) == 0


def test_progress_percent_is_capped():
    assert rules.progress_percent(4, 8) == 50
    assert rules.progress_percent(12, 8) == 100
    assert rules.progress_percent(0, 0) == 100


def test_demand_status_follows_its_dates():
    assert rules.demand_status(None, None, None) == DemandStatus.RAISED
    assert rules.demand_status(5, None, None) == DemandStatus.ASSIGNED
    assert rules.demand_status(None, D(2024, 1, 2), None) == DemandStatus.ASSIGNED
    assert rules.demand_status(5, D(2024, 1, 2), D(2024, 1, 9)) == DemandStatus.RESOLVED


def test_tags_are_stored_sorted_and_unique():
    assert rules.join_tags(["risk", "urgent", "risk", ""]) == "risk,urgent"
