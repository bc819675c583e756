"""Tasks of the background machinery itself (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from core import outbox
from core.jobs import TRANSIENT_ERRORS, ReliableTask
from core.models import OutboxMessage, TaskRun, TaskRunStatus
from core.previews import previews_purge


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


@shared_task
def purge_import_previews() -> int:
    """Daily: delete import previews older than a day (they hold full ID numbers). Idempotent."""
    return previews_purge()


@shared_task(base=ReliableTask, label="导出 Excel", lock_arg="job_id")
def export_run(job_id: int) -> None:
    """Write a big export's file (``core.exports.export_run``); a job that fails is marked so."""
    from core import exports

    try:
        exports.export_run(job_id)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        exports.job_failed(job_id, f"{type(exc).__name__}: {exc}")
        raise


def _import_job(job_id: int) -> None:
    from core import exports, imports

    try:
        imports.import_job_run(job_id)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        exports.job_failed(job_id, f"{type(exc).__name__}: {exc}")
        raise


@shared_task(base=ReliableTask, label="检查导入文件", lock_arg="job_id")
def import_preview_run(job_id: int) -> None:
    """Preview a big import (a dry run) and keep its report on the job."""
    _import_job(job_id)


@shared_task(base=ReliableTask, label="导入 Excel", lock_arg="job_id")
def import_run(job_id: int) -> None:
    """Apply a big import whose preview the user confirmed."""
    _import_job(job_id)
