"""Periodic tasks of the work log (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from django.utils import timezone

from core.jobs import ReliableTask
from worklog import services


@shared_task(base=ReliableTask, label="标记逾期重点任务")
def mark_overdue_tasks(today: str | None = None) -> dict:
    """Daily: flag open key tasks past their deadline, unflag the rest. Idempotent.

    ``today`` (YYYY-MM-DD) is for reruns and tests; by default the local date.
    """
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    result = services.tasks_mark_overdue(today=day)
    return {"date": day.isoformat(), "flagged": result.flagged, "cleared": result.cleared}
