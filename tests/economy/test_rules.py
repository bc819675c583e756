"""The pure rules: amounts as sheets write them (万元 and 元), weak villages, progress, claim states."""

from decimal import Decimal

import pytest

from economy import rules
from economy.choices import ClaimStatus

W, Y = rules.WAN, rules.YUAN


@pytest.mark.parametrize(
    ("value", "written", "stored", "expected"),
    [
        ("12.5", W, W, Decimal("12.50")),
        (12.3, W, W, Decimal("12.30")),  # an Excel float is read at 15 digits: exactly 12.30
        (0.1 + 0.2, W, W, Decimal("0.30")),  # 0.30000000000000004 as Excel shows it
        ("1,234.56元", Y, Y, Decimal("1234.56")),
        ("3.25", W, Y, Decimal("32500.00")),  # 万元 → 元 is always exact
        (125000, Y, W, Decimal("12.50")),  # 元 → 万元 when it makes two decimals
        ("  8 万元", W, W, Decimal("8.00")),
        ("", W, W, None),
        (None, Y, Y, None),
    ],
)
def test_amounts_are_read_in_the_unit_of_their_column(value, written, stored, expected):
    assert rules.amount_in(value, written=written, stored=stored) == expected


@pytest.mark.parametrize(
    ("value", "written", "stored", "message"),
    [
        ("-1", W, W, "金额不能为负数"),
        ("1.234", W, W, "以万元填写的金额最多保留两位小数，现为“1.234”"),
        ("10.001", Y, Y, "以元填写的金额最多保留两位小数"),
        ("123456", Y, W, "123456元折合万元超过两位小数"),
        ("十万", W, W, "金额“十万”不是数字"),
        (True, W, W, "不是数字"),
        ("NaN", W, W, "不是数字"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(value, written, stored, message):
    with pytest.raises(ValueError, match=message):
        rules.amount_in(value, written=written, stored=stored)


def test_sums_of_many_cents_stay_exact():
    values = [rules.amount_in("0.10", written=W, stored=W) for _ in range(1000)]
    assert sum(values, Decimal("0")) == Decimal("100.00")
    assert rules.yuan_to_wan(Decimal("123.45")) == Decimal("0.012345")


def test_a_village_below_the_line_is_weak_by_its_actual_or_else_last_years_income():
    line = Decimal("5.00")
    assert rules.is_weak(Decimal("4.99"), Decimal("9"), line)
    assert not rules.is_weak(Decimal("5.00"), Decimal("1"), line)
    assert rules.is_weak(None, Decimal("3"), line)
    assert not rules.is_weak(None, Decimal("6"), line)
    assert rules.is_weak(None, None, line)


def test_progress_is_the_share_of_the_target_rounded_down():
    assert rules.progress(Decimal("12.5"), Decimal("30")) == 41
    assert rules.progress(Decimal("40"), Decimal("30")) == 133
    assert rules.progress(None, Decimal("30")) == 0
    assert rules.progress(Decimal("3"), Decimal("0")) == 0


def test_a_claims_state_follows_what_was_settled():
    assert rules.claim_status(Decimal("100"), Decimal("0")) == ClaimStatus.OPEN
    assert rules.claim_status(Decimal("100"), Decimal("40")) == ClaimStatus.PARTLY
    assert rules.claim_status(Decimal("100"), Decimal("100")) == ClaimStatus.SETTLED


def test_the_report_writes_model_villages_without_the_word_village():
    assert [rules.short_village_name(n) for n in ("苇水村", "九光村", "村", "上郊社区")] == [
        "苇水",
        "九光",
        "村",
        "上郊社区",
    ]
