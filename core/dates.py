"""One way to show and read dates in the UI.

Shown: "2026年11月27日", or "11月27日" when the year is the current one (``label``; in templates the
``cn_date`` filter of ``core.templatetags.dates``). A date of another year always carries its year,
so 2025年12月8日 read in December 2026 cannot pass for a day to come. Datetimes add the local time.

Read: "2026-11-27", "2026年11月27日", "2026/11/27", "2026.11.27" or "20261127" (``parse``; the same
formats every form's date field takes, config/formats/zh_Hans/formats.py).
"""

import datetime

from django.utils import formats, timezone

FULL = "年"  # the filter's argument for "always with the year": {{ d|cn_date:"年" }}
MONTH = "月"  # a month: {{ d|cn_date:"月" }} → 2026年11月


def label(value, style: str = "", today: datetime.date | None = None) -> str:
    """``value`` (a date or datetime; None or "" give "") as the UI shows it.

    ``style``: "" for the year only when it is not the current year, ``FULL`` for the year always
    (periods, documents, anything read beside other years), ``MONTH`` for 年月 only.
    """
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.date):
        return value  # a register cell may hold anything: only dates change
    time = ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        time = f" {value:%H:%M}"
        value = value.date()
    if style == MONTH:
        return f"{value.year}年{value.month}月"
    today = today or timezone.localdate()
    if style == FULL or value.year != today.year:
        return f"{value.year}年{value.month}月{value.day}日{time}"
    return f"{value.month}月{value.day}日{time}"


def parse(text: str) -> datetime.date | None:
    """A date written in any of the accepted formats; None when it is none of them."""
    text = (text or "").strip()
    for fmt in formats.get_format("DATE_INPUT_FORMATS"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a day, no time)
        except ValueError:
            continue
    return None
