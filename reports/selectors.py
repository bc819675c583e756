"""Read queries of the progress report pages: lists, the text's history, the county summary."""

from dataclasses import dataclass, field

from reports import charts, sections
from reports.models import FigureSet, Report
from reports.rules import Period


def reports_for(scoped_reports, limit=100) -> list[Report]:
    """Reports (already scoped to the user), newest period first, with their latest version number."""
    from django.db.models import Max

    return list(
        scoped_reports.select_related("township", "village")
        .annotate(latest_version=Max("versions__number"))
        .order_by("-period_start", "period_kind", "township__code", "village__code")[:limit]
    )


def charts_for(doc) -> list[dict]:
    return charts.charts(doc.appendix)


def text_history(report: Report, limit=20) -> list:
    """The saves of section 二 and the closing phrases, newest first (who, when, why, what)."""
    return list(report.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])


@dataclass
class CountyRow:
    """One figure across the townships: label, a value per township (None: a gap), and the sum
    (none for settings such as quotas, which are not added up)."""

    key: str
    section: str
    label: str
    meaning: str
    values: list = field(default_factory=list)

    @property
    def total(self) -> int | None:
        numbers = [v for v in self.values if v is not None]
        return sum(numbers) if numbers and self.meaning != sections.SETTING else None


def _countable(value) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def county_summary(townships, period: Period) -> dict:
    """Each count of the township report per township, side by side, with the sums.

    Reads each township's stored figure set (``FigureSet``: one query for all townships, however
    many); a township with none yet shows 暂无数据 in every row and is listed in ``missing``. Names and
    lists are left out, only counts are compared.
    """
    stored = {
        s.township_id: s
        for s in FigureSet.objects.filter(
            township__in=townships, village__isnull=True, period_kind=period.kind, period_start=period.start
        ).only("township_id", "figures", "computed_at")
    }
    rows: dict[str, CountyRow] = {}
    for i, township in enumerate(townships):
        found = stored.get(township.pk)
        for data in (found.figures if found else {}).values():
            value = data.get("value")
            if not data.get("section") or data.get("meaning") == sections.NAME or not _countable(value):
                continue
            key = data["key"]
            row = rows.setdefault(key, CountyRow(key, data["section"], data["label"], data["meaning"]))
            row.values += [None] * (i - len(row.values)) + [value]
    for row in rows.values():
        row.values += [None] * (len(townships) - len(row.values))
    return {
        "townships": townships,
        "rows": list(rows.values()),
        "computed_at": [stored[t.pk].computed_at if t.pk in stored else None for t in townships],
        "missing": [t for t in townships if t.pk not in stored],
    }


def reports_by_township(scoped_reports, period: Period) -> dict:
    """The township reports of the period, by township id."""
    return {
        r.township_id: r
        for r in scoped_reports.filter(
            village__isnull=True, period_kind=period.kind, period_start=period.start
        ).select_related("township")
    }
