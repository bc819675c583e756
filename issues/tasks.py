"""Periodic tasks of the rectification ledger (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from django.utils import timezone

from core.jobs import ReliableTask
from issues import services


@shared_task(base=ReliableTask, label="标记逾期问题")
def mark_overdue_problems(today: str | None = None) -> dict:
    """Daily: flag open problems past their deadline, unflag the rest. Idempotent.

    ``today`` (YYYY-MM-DD) is for reruns and tests; by default the local date.
    """
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    result = services.problems_mark_overdue(today=day)
    return {"date": day.isoformat(), "marked": result.marked, "cleared": result.cleared}
