"""The transactional outbox: tasks sent because of a write are written with it, then relayed.

``enqueue`` writes an ``OutboxMessage`` in the caller's transaction and arranges for ``relay`` to
send it after the commit. A change that rolls back sends nothing; a change that commits while the
broker (Redis) is down keeps its message, which ``relay`` sends later: from the next commit that
enqueues anything, from beat every minute (``core.tasks.outbox_relay``) and when a worker starts.
So a write and its task succeed or fail together, and a dead broker costs a request one short
connect timeout, not a 500.

A message is sent with the outbox row's ``task_id``, so the rare resend of a message that did
reach the broker (a crash between the send and the mark) is the same task id again: tasks are
idempotent and ``core.jobs.ReliableTask`` counts it as another delivery.

Every place that enqueues a task after a write uses ``enqueue``; nothing calls ``.delay()`` in a
request. Pages read ``is_sent(message)`` to tell the user plainly when their task is waiting.
"""

import logging
import time
from functools import partial

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import KombuError, OperationalError

from core.models import OutboxMessage

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, KombuError, OSError, ConnectionError, TimeoutError)
# Web processes give up on the broker quickly: a request must not wait for a dead Redis.
SEND_OPTIONS = {"socket_connect_timeout": 0.3, "socket_timeout": 1.0, "max_retries": 0}
DOWN_SECONDS = 5.0
_down_until = 0.0

QUEUED_MESSAGE = "后台任务已开始"
WAITING_MESSAGE = "后台任务队列暂时连不上，这项任务已记录，队列恢复后会自动开始，无需重复操作"


def enqueue(task, *args, township_id: int | None = None, **kwargs) -> OutboxMessage:
    """Record ``task(*args, **kwargs)`` to be sent once the current transaction commits."""
    name = task if isinstance(task, str) else task.name
    message = OutboxMessage.objects.create(task_name=name, args=list(args), kwargs=kwargs, township_id=township_id)
    from config.celery import app

    # A failure to relay must not turn a committed change into a 500 (production); tests run the
    # task eagerly here and want its exceptions.
    transaction.on_commit(partial(relay, [message]), robust=not app.conf.task_always_eager)
    return message


def is_sent(message: OutboxMessage) -> bool:
    return message.sent_at is not None


def relay(messages=None, limit: int = 100) -> int:
    """Send unsent messages (``messages``, or the oldest ``limit``); return how many were sent.

    Rows are locked with SKIP LOCKED, so the web, beat and workers relaying at once never send one
    twice. When the broker does not answer, the rows stay unsent with the error recorded.
    """
    global _down_until
    if messages is not None and time.monotonic() < _down_until:
        return 0  # the broker failed a moment ago: leave it to beat and the next commit
    from config.celery import app

    sent_ids = {}
    with transaction.atomic():
        rows = OutboxMessage.objects.filter(sent_at=None)
        if messages is not None:
            rows = rows.filter(pk__in=[m.pk for m in messages])
        rows = list(rows.select_for_update(skip_locked=True).order_by("pk")[:limit])
        if not rows:
            return 0
        error = ""
        try:
            if app.conf.task_always_eager:
                for row in rows:
                    _run_eagerly(app, row)
                    row.sent_at = timezone.now()
            else:
                with app.connection_for_write(transport_options=SEND_OPTIONS) as conn:
                    for row in rows:
                        app.send_task(
                            row.task_name,
                            args=row.args,
                            kwargs=row.kwargs,
                            task_id=str(row.task_id),
                            headers={"township_id": row.township_id},
                            connection=conn,
                            retry=False,
                            ignore_result=True,
                        )
                        row.sent_at = timezone.now()
        except BROKER_ERRORS as exc:
            error = f"{type(exc).__name__}: {exc}"[:1000]
            _down_until = time.monotonic() + DOWN_SECONDS
            logger.warning("outbox: broker unreachable, %s task(s) wait: %s", sum(r.sent_at is None for r in rows), exc)
        for row in rows:
            if row.sent_at is None:
                row.send_attempts += 1
                row.last_error = error
            else:
                sent_ids[row.pk] = row.sent_at
        OutboxMessage.objects.bulk_update(rows, ["sent_at", "send_attempts", "last_error"])
    for message in messages or []:
        message.sent_at = sent_ids.get(message.pk, message.sent_at)
    if sent_ids and _down_until:
        # The broker is back: send what waited while it was down.
        _down_until = 0.0
        if messages is not None and OutboxMessage.objects.filter(sent_at=None).exists():
            relay()
    return len(sent_ids)


def _run_eagerly(app, row):
    """Tests (CELERY_TASK_ALWAYS_EAGER): run the task here, as ``.delay()`` would."""
    app.tasks[row.task_name].apply(
        args=row.args,
        kwargs=row.kwargs,
        task_id=str(row.task_id),
        headers={"township_id": row.township_id},
        throw=app.conf.task_eager_propagates,
    )
