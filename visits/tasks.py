"""Periodic tasks of the contact system (the schedule is CELERY_BEAT_SCHEDULE in settings)."""

import datetime

from celery import shared_task
from django.utils import timezone

from core.jobs import ReliableTask
from visits import services


@shared_task(base=ReliableTask, label="刷新走访与风险提醒")
def refresh_flags(day: str | None = None) -> int:
    """Daily: flag cadres behind their monthly quota and risks open past their deadline.

    Thin: the day (ISO date, default today) is passed to the service, which replaces that day's
    flags, so a retry or a second run the same day leaves the same rows. Returns the flag count.
    """
    when = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return services.flags_refresh(day=when)
