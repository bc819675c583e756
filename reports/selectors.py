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


# --- the county re-summary's progress ---------------------------------------------------------------

REFRESH_TASK = "reports.tasks.refresh_county_figures"


@dataclass
class CountyProgress:
    """Where the latest "重新汇总全部乡镇" of these townships and this period stands: the task's state
    (``core.jobs.job_state``) and how many townships' figure sets it has stored so far."""

    state: object  # core.jobs.JobState
    total: int
    done: int
    current: str | None = None  # the township being summarised now

    @property
    def in_progress(self) -> bool:
        return self.state.in_progress

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def county_refresh_progress(townships, period: Period) -> CountyProgress | None:
    """The progress of the newest re-summary of exactly these townships for ``period`` (None: never
    asked for). The task stores each township's figure set as soon as it is computed, in the order of
    their codes, so the sets computed since it was asked for are its progress. Three queries."""
    from core.jobs import job_state

    townships = sorted(townships, key=lambda t: t.code)
    ids = sorted(t.pk for t in townships)
    state = job_state(REFRESH_TASK, period.kind, f"{period.start:%Y-%m-%d}", ids)
    if state is None:
        return None
    done = set(
        FigureSet.objects.filter(
            township_id__in=ids,
            village__isnull=True,
            period_kind=period.kind,
            period_start=period.start,
            computed_at__gte=state.queued_at,
        ).values_list("township_id", flat=True)
    )
    if state.state == "succeeded":
        done = set(ids)
    current = next((t.name for t in townships if t.pk not in done), None) if state.state == "running" else None
    return CountyProgress(state=state, total=len(ids), done=len(done), current=current)
