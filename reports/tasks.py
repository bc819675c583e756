"""Celery tasks of the progress report: thin, idempotent, enqueued through the outbox (``core.outbox``).

- ``render_report``: renders a job's PDF and .docx and stores them (the page shows its progress).
- ``refresh_county_figures``: recomputes the townships' figure sets of a period for the county summary.
- ``draft_due_reports``: beat, shortly after a month, quarter or year ends — drafts each township's
  report of the period that just ended and renders its files (a report that exists is left alone).
"""

import datetime

from celery import shared_task
from django.utils import timezone

from core.jobs import ReliableTask
from reports import services
from reports.rules import period_of


@shared_task(base=ReliableTask, label="生成工作进展报告文件", lock_arg="job_id")
def render_report(job_id: int) -> str:
    job = services.render_run(job_id)
    return job.status


@shared_task(base=ReliableTask, label="起草上一期工作进展报告")
def draft_due_reports(period_kind: str, today: str | None = None) -> list[str]:
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return [str(r) for r in services.draft_due(period_kind, day)]


@shared_task(base=ReliableTask, label="汇总全县各乡镇报告数据")
def refresh_county_figures(period_kind: str, period_start: str, township_ids: list[int]) -> int:
    period = period_of(period_kind, datetime.date.fromisoformat(period_start))
    return services.county_refresh(township_ids, period)
