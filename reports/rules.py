"""Pure rules of the progress report: periods, their labels, and what may be asked for. No database."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

from core import dates


class PeriodKind(models.TextChoices):
    MONTH = "month", "月度"
    QUARTER = "quarter", "季度"
    YEAR = "year", "年度"


QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}

BAD_KIND = "报告周期只能是月度（month）、季度（quarter）或年度（year）"
BAD_DATE = "日期“{value}”无法识别：请写成 2026-10-31、2026年10月31日 或 2026/10/31"
FUTURE_PERIOD = "{label}尚未开始，不能生成报告：请选择今天（{today}）或更早的日期"


@dataclass(frozen=True)
class Period:
    """A month, quarter or year: its kind and first and last day."""

    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        """As the report's title writes it: 2026年10月, 2026年第三季度, 2026年."""
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}年{QUARTER_NAMES[(self.start.month - 1) // 3 + 1]}"
        return f"{self.start.year}年"

    @property
    def kind_label(self) -> str:
        return PeriodKind(self.kind).label

    def is_over(self, today: datetime.date) -> bool:
        return self.end < today

    def measured_to(self, today: datetime.date) -> datetime.date:
        """The last day the figures count: the period's end, or today while the period runs."""
        return min(self.end, today)


def _month_end(year: int, month: int) -> datetime.date:
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def period_of(kind: str, day: datetime.date) -> Period:
    """The month, quarter or year containing ``day``."""
    if kind == PeriodKind.MONTH:
        return Period(kind, day.replace(day=1), _month_end(day.year, day.month))
    if kind == PeriodKind.QUARTER:
        first = (day.month - 1) // 3 * 3 + 1
        return Period(kind, datetime.date(day.year, first, 1), _month_end(day.year, first + 2))
    if kind == PeriodKind.YEAR:
        return Period(kind, datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
    raise ValidationError(BAD_KIND)


def previous_period(kind: str, today: datetime.date) -> Period:
    """The period of ``kind`` that ended most recently before ``today`` (what beat drafts)."""
    return period_of(kind, period_of(kind, today).start - datetime.timedelta(days=1))


def parse_date(value) -> datetime.date:
    """A date written three ways: 2026-10-31, 2026/10/31, 2026年10月31日 (a date passes through)."""
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for sep in ("-", "/", "."):
        text = text.replace(sep, "-")
    if text.endswith("日"):
        text = text[:-1].replace("年", "-").replace("月", "-")
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return datetime.date(year, month, day)
    except (TypeError, ValueError):
        raise ValidationError(BAD_DATE.format(value=value), code="bad_date")


def requested_period(kind: str, value, today: datetime.date) -> Period:
    """The period a user or a command asks for, refused in Chinese when the kind or date is wrong or
    the period has not begun. A running period (this month) is allowed: its figures run to today."""
    if kind not in PeriodKind.values:
        raise ValidationError(BAD_KIND, code="bad_kind")
    period = period_of(kind, parse_date(value))
    if period.start > today:
        raise ValidationError(
            FUTURE_PERIOD.format(label=period.label, today=dates.label(today, dates.FULL)), code="future_period"
        )
    return period


def periods_covering(first: datetime.date, last: datetime.date) -> list[Period]:
    """Every month, then every quarter, then every year that has a day in ``first`` … ``last``, in order
    (the periods a report can be asked for over a span of data, e.g. the demo's year)."""
    result = []
    for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
        period = period_of(kind, first)
        while period.start <= last:
            result.append(period)
            period = period_of(kind, period.end + datetime.timedelta(days=1))
    return result
