"""Celery tasks of the points domain: thin, idempotent, enqueued after commit.

- ``rankings_compute_due``: beat, shortly after a month, quarter or year ends — computes the
  period that just ended for every township (a draft; the office publishes it).
- ``rankings_compute``: the same for a given date and township (the page button and the command
  call the service directly; this is for callers that want it in the background).
- ``ranking_notices_render``: renders and stores a published snapshot's notice PDFs.

Recomputing replaces a draft and leaves a published snapshot alone, and re-rendering replaces the
stored notice, so a task that runs twice (a retry, a worker lost mid-task) does no harm.
"""

import datetime

from celery import shared_task
from django.utils import timezone

from core.jobs import ReliableTask
from places.models import Area
from points import rules, services


def _summary(outcomes) -> list[str]:
    return [f"{o.township.name}:{o.action}" for o in outcomes]


@shared_task(base=ReliableTask, label="计算上一期积分排名")
def rankings_compute_due(period_kind: str, today: str | None = None) -> list[str]:
    """Beat entry point: compute the period of ``period_kind`` that ended most recently."""
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    start = rules.previous_period_start(period_kind, today)
    return _summary(services.rankings_compute(period_kind=period_kind, on_date=start, today=today))


@shared_task(base=ReliableTask, label="计算积分排名")
def rankings_compute(period_kind: str, on_date: str, township_id: int | None = None) -> list[str]:
    today = timezone.localdate()
    townships = None if township_id is None else [Area.objects.get(pk=township_id)]
    return _summary(
        services.rankings_compute(
            period_kind=period_kind,
            on_date=datetime.date.fromisoformat(on_date),
            today=today,
            townships=townships,
        )
    )


@shared_task(base=ReliableTask, label="生成排名公示文件", lock_arg="snapshot_id")
def ranking_notices_render(snapshot_id: int) -> list[str]:
    return [n.file.name for n in services.notices_render(snapshot_id)]
