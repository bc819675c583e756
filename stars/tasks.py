"""Celery tasks of the star ratings: thin, idempotent, sent through the outbox after a write (core.outbox),
each a ``ReliableTask`` (deliveries counted, one run at a time per notice); the beat schedule is in settings.

- ``finalise_rounds``: nightly — a round whose publicity (公示) has run out becomes final (已定级).
- ``rate_secretaries``: nightly — on the rating day the office set (default 15 January), the year's
  secretary rating is computed into a draft for every township that has none yet.
- ``render_round_notice`` / ``render_run_notice``: the 评星结果公示 PDFs, after publishing.

Running any of them twice does no harm: a final round stays final, an existing rating run is left
alone, and a re-rendered notice replaces the stored one.
"""

import datetime

from celery import shared_task
from django.utils import timezone

from core.jobs import ReliableTask
from stars import services


def _day(today: str | None) -> datetime.date:
    return datetime.date.fromisoformat(today) if today else timezone.localdate()


@shared_task(base=ReliableTask, label="公示期满的党支部评星定级")
def finalise_rounds(today: str | None = None) -> list[str]:
    return [str(r) for r in services.rounds_finalise_due(_day(today))]


@shared_task(base=ReliableTask, label="到期的党支部书记评星")
def rate_secretaries(today: str | None = None) -> list[str]:
    return [str(run) for run in services.secretary_runs_due(_day(today))]


@shared_task(base=ReliableTask, label="生成党支部评星结果公示", lock_arg="round_id")
def render_round_notice(round_id: int) -> str:
    return services.notice_render_round(round_id).file.name


@shared_task(base=ReliableTask, label="生成书记评星结果公示", lock_arg="run_id")
def render_run_notice(run_id: int) -> str:
    return services.notice_render_run(run_id).file.name
