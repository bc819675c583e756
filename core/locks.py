"""Advisory locks: the one way code serialises writes, and the one table of their keys.

A lock is a PostgreSQL transaction-level advisory lock: taken inside ``transaction.atomic()`` and
released when the transaction ends (commit or rollback), so it cannot leak (``xact_lock``,
``tree_lock``); a task that runs over several transactions holds a session-level one for the block
(``session_lock``). On SQLite (``make run``)
there is one writer at a time anyway and the call does nothing.

Keys live here so two features never pick the same number. A lock on some ids (``ids=[...]``)
takes one lock per id, in ascending order, so two writers locking overlapping sets cannot deadlock.
"""

import contextlib
import logging
from enum import IntEnum

from django.db import connection

logger = logging.getLogger(__name__)


class Lock(IntEnum):
    TREE = 7_140_001  # the area tree (inserts and moves renumber lft/rght)
    NUMBERS = 7_140_002  # per township: allocating the next ledger number (core.numbers)
    POINT_ENTRIES = 7_140_005  # per member: entries and caps (points)
    RANKINGS = 7_140_006  # per township: computing and publishing rankings (points)


def xact_lock(lock: Lock, ids=None) -> None:
    """Hold ``lock`` (or ``lock`` on each of ``ids``) until the current transaction ends."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(lock)])
            return
        keys = sorted({int(i) for i in ids})
        if keys:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, k) FROM unnest(%s::int[]) AS k ORDER BY k", [int(lock), keys]
            )


@contextlib.contextmanager
def tree_lock():
    """Serialise writes to the area tree for the rest of the transaction (a register's ``write_lock``)."""
    xact_lock(Lock.TREE)
    yield


@contextlib.contextmanager
def session_lock(key: int, value: int):
    """Hold an advisory lock on (``key``, ``value``) for the block, across transactions (a Celery
    task that commits several times holds it for its whole run: ``core.jobs.ReliableTask.lock_arg``).

    Released at the end of the block; if the connection breaks first, the lock ends with the session.
    No-op outside PostgreSQL.
    """
    if connection.vendor != "postgresql":
        yield
        return
    keys = [int(key), int(value)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", keys)
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", keys)
        except Exception:  # a broken connection: the lock ends with it
            logger.exception("could not release the advisory lock %s", keys)
            connection.close()
