"""Rules of three-colour management and the risk ledger. Pure functions: no database access."""

import datetime
import re
from collections.abc import Iterable

from township.choices import RiskStatus

NAME_SEPARATORS = re.compile(r"[、,，;；\s]+")


def colour_on(history: Iterable[tuple[datetime.date, str]], day: datetime.date) -> str | None:
    """The colour in effect on ``day``: the latest ``(effective_from, colour)`` entry on or before it.

    A decision changes the colour from its date on, so an entry dated ``day`` already counts.
    None when the village had no colour yet on that day.
    """
    best = None
    for effective_from, colour in history:
        if effective_from <= day and (best is None or effective_from > best[0]):
            best = (effective_from, colour)
    return best[1] if best else None


def colour_periods(
    history: Iterable[tuple[datetime.date, str]],
) -> list[tuple[datetime.date, datetime.date | None, str]]:
    """The history as ``(from, until, colour)`` periods, oldest first; ``until`` is None for the current one."""
    entries = sorted(history)
    periods = []
    for i, (start, colour) in enumerate(entries):
        until = entries[i + 1][0] - datetime.timedelta(days=1) if i + 1 < len(entries) else None
        periods.append((start, until, colour))
    return periods


def risk_overdue(status: str, deadline: datetime.date | None, today: datetime.date) -> bool:
    """A risk still under control past its deadline (the deadline day itself is not overdue)."""
    return status == RiskStatus.OPEN and deadline is not None and deadline < today


def split_names(text: str) -> list[str]:
    """Attendee names written with 、 , ， ; or spaces, without blanks or repeats, in order."""
    seen = []
    for name in NAME_SEPARATORS.split(text or ""):
        if name and name not in seen:
            seen.append(name)
    return seen
