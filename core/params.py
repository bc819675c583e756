"""Query-string parameters, parsed once: a bad value is a 400 with a Chinese message, never a 500.

Every view that reads ``request.GET`` (or a bare value from ``request.POST`` outside a form) goes
through these helpers::

    year = params.year(request.GET, "year", default=today.year)
    day = params.date(request.GET, "date", default=today)
    village = params.integer(request.GET, "village")
    query = params.text(request.GET, "q")

A value that cannot be read raises ``BadParameter`` (a ``django.core.exceptions.BadRequest``);
``core.views.bad_request`` (the project's handler400) shows its message. Pure functions over a
mapping: no database.
"""

from django.core.exceptions import BadRequest

from core import dates

MIN_YEAR = 1900
MAX_YEAR = 2100
MAX_INT = 2**31 - 1  # the largest primary key / integer column value PostgreSQL's integer holds

BAD_TEXT = "参数“{name}”不能包含空字符，请删去后重试"
BAD_INT = "参数“{name}”应为正整数，现为“{value}”"
BAD_YEAR = "年份应在 1900 到 2100 之间，现为“{value}”"
BAD_DATE = "日期“{value}”无效：应写作 2026-01-31 或 2026年1月31日，年份在 1900 到 2100 之间"


class BadParameter(BadRequest):
    """A query parameter that cannot be read; ``str(exc)`` is the message for the user."""


def _raw(params, name) -> str:
    value = params.get(name, "")
    return "" if value is None else str(value)


def _shown(value: str) -> str:
    """A bad value as the message quotes it: printable, short."""
    cleaned = value.replace("\x00", "␀")
    return cleaned if len(cleaned) <= 20 else cleaned[:20] + "…"


def text(params, name, default="") -> str:
    """A text parameter, stripped; NUL characters (which PostgreSQL refuses) are a 400."""
    value = _raw(params, name)
    if "\x00" in value:
        raise BadParameter(BAD_TEXT.format(name=name))
    return value.strip() or default


def integer(params, name, default=None, *, minimum=1, maximum=MAX_INT):
    """A whole number such as an id; empty gives ``default``."""
    value = text(params, name)
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or not minimum <= int(value) <= maximum:
        raise BadParameter(BAD_INT.format(name=name, value=_shown(value)))
    return int(value)


def year(params, name="year", default=None):
    """A year between 1900 and 2100; empty gives ``default``."""
    value = text(params, name)
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or not MIN_YEAR <= int(value) <= MAX_YEAR:
        raise BadParameter(BAD_YEAR.format(value=_shown(value)))
    return int(value)


def date(params, name, default=None):
    """A date written 2026-01-31 (or 2026年1月31日, any ``core.dates.parse`` format) with a year
    between 1900 and 2100; empty gives ``default``."""
    value = text(params, name)
    if not value:
        return default
    parsed = dates.parse(value)
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise BadParameter(BAD_DATE.format(value=_shown(value)))
    return parsed


def choice(params, name, allowed, default=""):
    """One of ``allowed``; anything else (a stale link, a typed URL) falls back to ``default``."""
    value = text(params, name)
    return value if value in allowed else default
