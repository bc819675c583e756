"""The rules of party-member points, as pure functions (no database access).

Services, imports, the ranking pages and the demo all call these, so a rule lives in one place:
which terms (points and caps) apply to a member's tier, whether an entry breaks a cap, which
calendar period a date falls in, whether a rule book covers a village on a day, and which uses
(评优评先, 金融服务, …) a total qualifies for.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from points.choices import PeriodKind

CAP_MONTH_EXCEEDED = "{member}本月“{item}”已计{used}分，再计{points}分将超过每月上限{cap}分"
CAP_YEAR_EXCEEDED = "{member}本年度“{item}”已计{used}分，再计{points}分将超过每年上限{cap}分"
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


@dataclass(frozen=True)
class Terms:
    """What an item is worth for one tier: points per occurrence, and caps (None: no cap).

    A cap bounds the size of the item's running total in a month or a year, whatever its sign:
    a +2 item with a monthly cap of 6 counts at most three times a month; a -5 item with a
    yearly cap of 20 deducts at most 20 points a year.
    """

    points: int
    cap_month: int | None = None
    cap_year: int | None = None


def effective_terms(default: Terms, override: Terms | None) -> Terms:
    """The terms for a tier: each value of the tier's override where it is set, else the default."""
    if override is None:
        return default
    return Terms(
        points=default.points if override.points is None else override.points,
        cap_month=default.cap_month if override.cap_month is None else override.cap_month,
        cap_year=default.cap_year if override.cap_year is None else override.cap_year,
    )


def cap_problem(
    *, terms: Terms, points: int, used_month: int, used_year: int, member: str = "", item: str = ""
) -> str | None:
    """The Chinese message when adding ``points`` to what is already used breaks a cap, else None."""
    if terms.cap_month is not None and abs(used_month + points) > terms.cap_month:
        return CAP_MONTH_EXCEEDED.format(member=member, item=item, used=used_month, points=points, cap=terms.cap_month)
    if terms.cap_year is not None and abs(used_year + points) > terms.cap_year:
        return CAP_YEAR_EXCEEDED.format(member=member, item=item, used=used_year, points=points, cap=terms.cap_year)
    return None


# --- periods ---------------------------------------------------------------------------------


def period_bounds(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month, quarter or year containing ``day``."""
    if kind == PeriodKind.MONTH:
        start = day.replace(day=1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
    elif kind == PeriodKind.QUARTER:
        start = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        following = (start + datetime.timedelta(days=95)).replace(day=1)
    elif kind == PeriodKind.YEAR:
        start = datetime.date(day.year, 1, 1)
        following = datetime.date(day.year + 1, 1, 1)
    else:
        raise ValueError(f"unknown period kind {kind!r}")
    return start, following - datetime.timedelta(days=1)


def period_label(kind: str, start: datetime.date) -> str:
    """ "2025年3月", "2025年第一季度" or "2025年度"."""
    if kind == PeriodKind.MONTH:
        return f"{start.year}年{start.month}月"
    if kind == PeriodKind.QUARTER:
        return f"{start.year}年{QUARTER_NAMES[(start.month - 1) // 3 + 1]}"
    return f"{start.year}年度"


def previous_period_start(kind: str, today: datetime.date) -> datetime.date:
    """The start of the last period that ended before the one containing ``today``."""
    start, _ = period_bounds(kind, today)
    return period_bounds(kind, start - datetime.timedelta(days=1))[0]


def period_has_started(kind: str, day: datetime.date, today: datetime.date) -> bool:
    return period_bounds(kind, day)[0] <= today


def period_has_ended(kind: str, day: datetime.date, today: datetime.date) -> bool:
    return period_bounds(kind, day)[1] < today


def ended_periods(kind: str, first_day: datetime.date, today: datetime.date) -> list[datetime.date]:
    """Starts of the periods lying wholly between ``first_day`` and yesterday, oldest first."""
    starts = []
    start, end = period_bounds(kind, first_day)
    if start < first_day:
        start, end = period_bounds(kind, end + datetime.timedelta(days=1))
    while end < today:
        starts.append(start)
        start, end = period_bounds(kind, end + datetime.timedelta(days=1))
    return starts


# --- rule books ------------------------------------------------------------------------------


def rule_book_covers(
    *,
    pilot_village_ids: Iterable[int],
    applies_to_all: bool,
    all_from: datetime.date | None,
    village_id: int,
    on_date: datetime.date,
) -> bool:
    """Whether a rule book applies to a village on a day: pilot villages always, every village
    once it is rolled out to all (from ``all_from``, or the whole year when that is empty)."""
    if village_id in set(pilot_village_ids):
        return True
    return applies_to_all and (all_from is None or on_date >= all_from)


# --- uses of points --------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    use: str
    use_label: str
    label: str
    min_total: int


def qualifications(total: int, thresholds: Iterable[Threshold]) -> list[Threshold]:
    """For each use, the highest threshold the total reaches (e.g. only AAA, not also AA)."""
    best: dict[str, Threshold] = {}
    for threshold in thresholds:
        if total >= threshold.min_total:
            current = best.get(threshold.use)
            if current is None or threshold.min_total > current.min_total:
                best[threshold.use] = threshold
    return sorted(best.values(), key=lambda t: t.use)


def min_total_for(thresholds: Iterable[Threshold], use: str) -> int | None:
    """The lowest total that qualifies for ``use`` (None when no use is chosen or none matches)."""
    if not use:
        return None
    return min((t.min_total for t in thresholds if t.use == use), default=None)


def standard_competition_ranks(totals: list[int]) -> list[int]:
    """Ranks of totals sorted high to low, ties sharing a rank (1, 2, 2, 4): the SQL RANK()."""
    ranks = []
    for position, total in enumerate(totals):
        if position and total == totals[position - 1]:
            ranks.append(ranks[-1])
        else:
            ranks.append(position + 1)
    return ranks
