import datetime
from decimal import Decimal

import pytest

from core.figures import cn_number, join_names, month_day, names_and_count, round_down_ten, wan_yuan


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "零"), (1, "一"), (2, "两"), (3, "三"), (10, "十"), (12, "十二"), (20, "二十"), (38, "三十八"), (100, "100")],
)
def test_small_counts_are_written_in_words(n, text):
    assert cn_number(n) == text


def test_names_join_as_a_chinese_list():
    assert join_names([]) == ""
    assert join_names(["苇水村"]) == "苇水村"
    assert join_names(["苇水村", "九光村"]) == "苇水村和九光村"
    assert join_names(["苇水村", "九光村", "上郊村"]) == "苇水村、九光村和上郊村"


def test_names_and_count_names_a_few_and_counts_the_rest():
    assert names_and_count(["苇水村", "九光村"]) == "苇水村和九光村两个"
    assert names_and_count(["苇水村", "九光村", "上郊村"]) == "苇水村、九光村等3个"
    assert names_and_count(["苇水村", "九光村", "上郊村"], shown=3) == "苇水村、九光村和上郊村三个"
    assert names_and_count([]) == ""


def test_amounts_in_wan_yuan_keep_two_decimals_at_most():
    assert wan_yuan(Decimal("12.50")) == "12.5"
    assert wan_yuan(Decimal("12.005")) == "12.01"
    assert wan_yuan(Decimal("300")) == "300"
    assert wan_yuan(None) == ""


def test_dates_and_rounding_as_the_report_writes_them():
    assert month_day(datetime.date(2026, 3, 8)) == "3月8日"
    assert round_down_ten(47) == 40
    assert round_down_ten(9) == 9
