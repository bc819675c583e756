"""Tasks of the background machinery itself (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from core import outbox
from core.jobs import ReliableTask
from core.models import OutboxMessage, TaskRun, TaskRunStatus


@shared_task
def outbox_relay() -> int:
    """Every minute: send outbox messages that could not be sent when they were written.

    A plain task (no TaskRun row a minute): it is idempotent and beat sends it again anyway.
    """
    return outbox.relay()


@shared_task(base=ReliableTask, label="清理后台任务记录")
def prune_task_records(days: int = 30) -> int:
    """Daily: forget sent outbox messages and finished runs older than ``days`` (given-up runs stay)."""
    before = timezone.now() - datetime.timedelta(days=days)
    sent, _ = OutboxMessage.objects.filter(sent_at__lt=before).delete()
    done, _ = TaskRun.objects.filter(status=TaskRunStatus.SUCCEEDED, finished_at__lt=before).delete()
    return sent + done


@worker_ready.connect
def _relay_at_start(**kwargs):
    # A worker that (re)starts sends what waited while the broker or every worker was down.
    outbox.relay()
