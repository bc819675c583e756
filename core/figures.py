"""Writing figures the way the progress report writes them.

Feature selectors return their report figures as dataclasses (plain ints, ``Decimal`` sums, dates and
lists of names; ``None`` where no data stands behind a figure, so the report can mark the gap instead
of printing a silent zero) and a ``sentence`` in the report's own words built with these helpers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """A small count as the report writes it in words: 2 → 两, 3 → 三, 10 → 十, 12 → 十二.

    Counts of 100 or more (and negative ones) stay in digits, as Chinese official reports write them.
    """
    if n < 0 or n >= 100:
        return str(n)
    if n == 2:
        return "两"
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def join_names(names: Iterable[str]) -> str:
    """Names joined as Chinese lists read: X; X和Y; X、Y和Z."""
    items = [n for n in names if n]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return "、".join(items[:-1]) + "和" + items[-1]


def names_and_count(names: Iterable[str], *, shown: int = 2, unit: str = "个") -> str:
    """A few names and how many there are, as the report writes it.

    ``["小召村", "上郊村", "九光村"]`` → "小召村、上郊村等3个"; two names or fewer are all named:
    ``["苇水村", "九光村"]`` → "苇水村和九光村两个" (with ``shown=2``). No names → "".
    """
    items = [n for n in names if n]
    if not items:
        return ""
    if len(items) <= shown:
        return f"{join_names(items)}{cn_number(len(items))}{unit}"
    return f"{'、'.join(items[:shown])}等{len(items)}{unit}"


def wan_yuan(amount: Decimal | int | None) -> str:
    """An amount in 万元 with two decimals, trailing zeros dropped: Decimal("12.50") → "12.5"."""
    if amount is None:
        return ""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def month_day(day: datetime.date) -> str:
    """A date as the report's body writes it: 3月8日."""
    return f"{day.month}月{day.day}日"


def round_down_ten(n: int) -> int:
    """For "M余条": 47 → 40, 9 → 9 (below ten there is nothing to round to)."""
    return n if n < 10 else n - n % 10


def names_with_count(names: Iterable[str], *, unit: str = "个") -> str:
    """Every name, then how many, as the report enumerates a short list: "P、Q两个", "P一个"."""
    items = [n for n in names if n]
    if not items:
        return ""
    return f"{'、'.join(items)}{cn_number(len(items))}{unit}"


def cn_ordinal(n: int) -> str:
    """The report's numbering of points: 1 → 一是, 2 → 二是, 3 → 三是 (二, never 两, in an ordinal)."""
    return ("二" if n == 2 else cn_number(n)) + "是"


@dataclass(frozen=True)
class Shortfall:
    """One fact for the drafted "二、存在问题及下步计划": what is short, in the report's register.

    ``topic`` groups shortfalls (集体经济, 阵地建设, 网格化治理, 问题整改, 包联走访, 培训答题 …);
    ``text`` is the sentence the draft uses; ``figures`` the plain values behind it; ``url`` the
    list page that shows the rows (None when there is none).
    """

    topic: str
    text: str
    figures: dict = field(default_factory=dict)
    url: str | None = None
