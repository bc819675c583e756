"""Rules of the contact system: month arithmetic and quotas. Pure functions: no database access.

The quota is paced through the month: by day ``d`` of a month of ``n`` days a cadre should have
made ``floor(M × d / n)`` of the month's ``M`` visits, and spent ``floor(W × d / 7)`` days in the
village for ``W`` days a week (capped at the month's weekly share). On the last day of the month
the expected visits are exactly ``M``; on the first day, ``floor(M / n)`` (0 for any quota below n).
Someone is behind when what they did is below what was expected by that day.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from visits.choices import DemandStatus

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month containing ``day``."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def days_in_month(day: datetime.date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def previous_month(day: datetime.date) -> datetime.date:
    """The first day of the month before ``day``'s month."""
    first = day.replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


def next_month(day: datetime.date) -> datetime.date:
    """The first day of the month after ``day``'s month."""
    return month_bounds(day)[1] + datetime.timedelta(days=1)


def parse_month(text: str | None, today: datetime.date) -> datetime.date:
    """``"2024-02"`` → 2024-02-01; anything unreadable → the first day of ``today``'s month."""
    match = MONTH_RE.match((text or "").strip())
    if match:
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and 2000 <= year <= 2100:
            return datetime.date(year, month, 1)
    return today.replace(day=1)


def as_of(month_first: datetime.date, today: datetime.date) -> datetime.date:
    """The day a month is measured at: today within the current month, else the month's last day.

    A future month is measured at its first day (nothing expected yet beyond the first day's share).
    """
    first, last = month_bounds(month_first)
    if today < first:
        return first
    return min(today, last)


def expected_visits(visits_per_month: int, day: datetime.date) -> int:
    """Visits a cadre should have made by the end of ``day`` in its month (floor of the pro-rata share)."""
    return visits_per_month * day.day // days_in_month(day)


def expected_village_days(days_per_week: int, day: datetime.date) -> int:
    """Days a cadre should have spent in the village by the end of ``day`` in its month.

    ``W`` days a week, pro rata over the days elapsed: floor(W × d / 7). A whole month of 28–31
    days thus asks for 8 days at 2 a week (8, 8, 8 and 8 for Feb, 30- and 31-day months).
    """
    return min(days_per_week, 7) * day.day // 7


def month_targets(visits_per_month: int, days_per_week: int, day: datetime.date) -> "Targets":
    """Expected visits and village days by ``day`` and the whole month's targets."""
    last = month_bounds(day)[1]
    return Targets(
        visits=expected_visits(visits_per_month, day),
        days=expected_village_days(days_per_week, day),
        month_visits=visits_per_month,
        month_days=expected_village_days(days_per_week, last),
    )


@dataclass(frozen=True)
class Targets:
    visits: int  # expected by the measured day
    days: int
    month_visits: int  # for the whole month
    month_days: int


def is_behind(done_visits: int, done_days: int, targets: Targets) -> bool:
    """Behind when visits or days in the village are below what the measured day expects."""
    return done_visits < targets.visits or done_days < targets.days


def village_month_quota(shares, visits_per_month: int) -> int:
    """A village's monthly visit quota: each cadre's M visits shared over their contact households.

    ``shares`` holds, per cadre, (their contact households in this village, all their contact
    households). A cadre with 12 households, 6 of them here, owes this village M / 2 visits a month.
    """
    total = sum(visits_per_month * here / everywhere for here, everywhere in shares if everywhere)
    return round(total)


def progress_percent(done: int, target: int) -> int:
    """Share of a target done, 0–100 (a zero target counts as done)."""
    if target <= 0:
        return 100
    return min(100, done * 100 // target)


def demand_status(responsible_user_id, assigned_on, resolved_on) -> str:
    """A demand is resolved once it has a resolution date, assigned once someone has it."""
    if resolved_on is not None:
        return DemandStatus.RESOLVED
    if responsible_user_id is not None or assigned_on is not None:
        return DemandStatus.ASSIGNED
    return DemandStatus.RAISED


def join_tags(tags) -> str:
    """Tag codes as stored: sorted, unique, comma-separated."""
    return ",".join(sorted({t for t in tags if t}))
