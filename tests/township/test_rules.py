"""Colour history and risk-ledger rules: pure functions, no database."""

import datetime

from township import rules
from township.choices import RiskStatus

D = datetime.date
HISTORY = [(D(2024, 1, 8), "green"), (D(2024, 3, 4), "yellow"), (D(2024, 5, 6), "red"), (D(2024, 6, 3), "green")]


def test_no_colour_before_the_first_decision():
    assert rules.colour_on(HISTORY, D(2024, 1, 7)) is None
    assert rules.colour_on([], D(2024, 1, 7)) is None


def test_a_decision_takes_effect_on_its_own_date():
    assert rules.colour_on(HISTORY, D(2024, 1, 8)) == "green"
    assert rules.colour_on(HISTORY, D(2024, 3, 3)) == "green"
    assert rules.colour_on(HISTORY, D(2024, 3, 4)) == "yellow"


def test_colour_between_and_after_decisions_in_any_order():
    shuffled = list(reversed(HISTORY))
    assert rules.colour_on(shuffled, D(2024, 5, 31)) == "red"
    assert rules.colour_on(shuffled, D(2030, 1, 1)) == "green"


def test_colour_periods_end_the_day_before_the_next_decision():
    periods = rules.colour_periods(HISTORY)
    assert periods[0] == (D(2024, 1, 8), D(2024, 3, 3), "green")
    assert periods[-1] == (D(2024, 6, 3), None, "green")
    assert len(periods) == 4


def test_a_risk_is_overdue_only_after_its_deadline_while_open():
    assert not rules.risk_overdue(RiskStatus.OPEN, D(2024, 5, 1), D(2024, 5, 1))
    assert rules.risk_overdue(RiskStatus.OPEN, D(2024, 5, 1), D(2024, 5, 2))
    assert not rules.risk_overdue(RiskStatus.CLOSED, D(2024, 5, 1), D(2024, 6, 1))
    assert not rules.risk_overdue(RiskStatus.OPEN, None, D(2024, 6, 1))


def test_attendee_names_are_split_on_chinese_and_latin_separators():
    assert rules.split_names("张三、李四，王五; 赵六 张三\n孙七") == ["张三", "李四", "王五", "赵六", "孙七"]
    assert rules.split_names("") == []
