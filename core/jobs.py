"""The base of every background task: attempts counted by delivery, give-ups recorded, one run
at a time per key.

Celery's ``max_retries`` counts only explicit retries; a task whose worker is killed (SIGKILL, out
of memory, a pool child that crashes) is redelivered by the broker (``acks_late`` and
``task_reject_on_worker_lost``) without counting, so a task that kills its worker comes back for
ever. ``ReliableTask`` counts every delivery in ``core.TaskRun`` before the task body runs:

- delivery ``n <= max_attempts``: run; transient errors (database or broker connection lost)
  retry with a backoff capped at ``retry_backoff_max`` (below the broker's visibility timeout);
- delivery ``n > max_attempts``, or the last retry failed: the run is given up (``已放弃``),
  acknowledged, and listed on the 后台任务 page (``core.views.task_runs``), where office staff or
  the admin can send it again (``retry_run``).

``lock_arg`` names an argument; runs with the same value of it (e.g. one snapshot's notices) take a
PostgreSQL session advisory lock and so run one at a time, however many times they were enqueued.
The lock goes with the database connection, so a killed worker never leaves it held.

Declare a task with ``@shared_task(base=ReliableTask, label="中文名称", lock_arg="snapshot_id")``.
"""

import contextlib
import datetime
import inspect
import logging
import zlib
from dataclasses import dataclass

from celery import Task
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from core.locks import session_lock
from core.models import OutboxMessage, TaskRun, TaskRunStatus

logger = logging.getLogger(__name__)

# Errors worth another attempt: the database or the broker went away for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerOperationalError)
GAVE_UP_AFTER_DELIVERIES = "已执行 {n} 次仍未完成（执行中断或出错），不再自动重试；可在“后台任务”页面重新执行"

LABELS: dict[str, str] = {}


def task_label(name: str) -> str:
    """The Chinese name of a task (its ``label``), else its dotted name."""
    return LABELS.get(name) or name


class ReliableTask(Task):
    abstract = True
    acks_late = True
    reject_on_worker_lost = True
    max_attempts = 3
    max_retries = 2  # = max_attempts - 1: autoretry gives up at the same point as the delivery count
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 5
    retry_backoff_max = 60
    retry_jitter = True
    label = ""
    lock_arg = None

    @classmethod
    def on_bound(cls, app):
        if cls.label:
            LABELS[cls.name] = cls.label

    def __call__(self, *args, **kwargs):
        request = self.request
        if request.called_directly or not request.id:
            return self.run(*args, **kwargs)
        run = self._count_delivery(args, kwargs)
        if run.deliveries > self.max_attempts:
            self._finish(GAVE_UP_AFTER_DELIVERIES.format(n=run.deliveries - 1), TaskRunStatus.GAVE_UP)
            logger.error("%s[%s] given up after %s deliveries", self.name, request.id, run.deliveries - 1)
            return None
        with self._lock(args, kwargs):
            return self.run(*args, **kwargs)

    # --- the record ---------------------------------------------------------------------------

    def _township_id(self):
        headers = getattr(self.request, "headers", None) or {}
        return getattr(self.request, "township_id", None) or headers.get("township_id")

    def _count_delivery(self, args, kwargs) -> TaskRun:
        task_id = self.request.id
        now = timezone.now()
        bump = {"deliveries": F("deliveries") + 1, "status": TaskRunStatus.RUNNING, "started_at": now}
        if not TaskRun.objects.filter(task_id=task_id).update(**bump, finished_at=None):
            try:
                with transaction.atomic():
                    TaskRun.objects.create(
                        task_id=task_id,
                        task_name=self.name,
                        args=list(args),
                        kwargs=dict(kwargs),
                        township_id=self._township_id(),
                        deliveries=1,
                        started_at=now,
                    )
            except IntegrityError:  # another delivery of the same id got there first
                TaskRun.objects.filter(task_id=task_id).update(**bump)
        return TaskRun.objects.get(task_id=task_id)

    def _finish(self, error: str, status: str) -> None:
        TaskRun.objects.filter(task_id=self.request.id).exclude(status=TaskRunStatus.GAVE_UP).update(
            status=status, error=error[:2000], finished_at=timezone.now()
        )

    def on_success(self, retval, task_id, args, kwargs):
        self._finish("", TaskRunStatus.SUCCEEDED)

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        self._finish(f"{type(exc).__name__}: {exc}", TaskRunStatus.RETRYING)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        self._finish(f"{type(exc).__name__}: {exc}", TaskRunStatus.GAVE_UP)

    # --- one run at a time per key ------------------------------------------------------------

    def lock_keys(self, value) -> list[int]:
        """The two int4 keys of the advisory lock for one value of ``lock_arg``."""
        return [zlib.crc32(self.name.encode()) & 0x7FFFFFFF, int(value)]

    @contextlib.contextmanager
    def _lock(self, args, kwargs):
        if not self.lock_arg:
            yield
            return
        value = inspect.signature(self.run).bind(*args, **kwargs).arguments[self.lock_arg]
        with session_lock(*self.lock_keys(value)):
            yield


def retry_run(run: TaskRun):
    """Send a given-up task again, as a new task (a new id, so it gets fresh attempts)."""
    from core import outbox

    with transaction.atomic():
        run = TaskRun.objects.select_for_update().get(pk=run.pk)
        message = outbox.enqueue(run.task_name, *run.args, township_id=run.township_id, **run.kwargs)
        run.retried_as = str(message.task_id)
        run.save(update_fields=["retried_as"])
    return message


@dataclass(frozen=True)
class JobState:
    """Where the latest run of one task (by name and arguments) stands, in words for a page."""

    state: str  # waiting | queued | running | retrying | succeeded | gave_up
    message: str
    deliveries: int = 0
    queued_at: datetime.datetime | None = None  # when the task was asked for (its outbox message)

    @property
    def in_progress(self) -> bool:
        return self.state in {"waiting", "queued", "running", "retrying"}


def job_state(task, *args) -> JobState | None:
    """The state of the newest ``task(*args)`` sent through the outbox (None: never sent).

    Two queries whatever the history: the newest outbox message, then its run.
    """
    name = task if isinstance(task, str) else task.name
    message = OutboxMessage.objects.filter(task_name=name, args=list(args)).order_by("-created_at", "-pk").first()
    if message is None:
        return None
    at = message.created_at
    if message.sent_at is None:
        return JobState("waiting", "排队等待：后台任务队列暂时连不上，恢复后会自动开始，无需重复操作", 0, at)
    run = TaskRun.objects.filter(task_id=str(message.task_id)).first()
    if run is None:
        return JobState("queued", "已排队，等待后台开始执行", 0, at)
    if run.status == TaskRunStatus.RUNNING:
        again = f"（第 {run.deliveries} 次执行）" if run.deliveries > 1 else ""
        return JobState("running", f"正在后台执行{again}，完成后本页自动更新", run.deliveries, at)
    if run.status == TaskRunStatus.RETRYING:
        return JobState("retrying", "执行出错，稍后自动重试", run.deliveries, at)
    if run.status == TaskRunStatus.GAVE_UP:
        return JobState("gave_up", f"已放弃（{run.error}）", run.deliveries, at)
    return JobState("succeeded", "已完成", run.deliveries, at)
