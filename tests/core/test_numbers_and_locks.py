"""Ledger numbers and advisory locks: one rule, one lock table."""

import threading

import pytest
from django.db import connection, transaction

from core.locks import Lock, xact_lock
from core.numbers import allocate_number, next_serial


def test_serials_follow_the_highest_in_use_and_ignore_other_shapes():
    assert next_serial([], "2025-", 4) == "2025-0001"
    used = ["2025-0009", "2024-0100", "DW-01", "2025-0010", "", "2025-AB"]
    assert next_serial(used, "2025-", 4) == "2025-0011"
    assert next_serial(used, "2024-", 4) == "2024-0101"
    assert next_serial(used, "2026-", 4) == "2026-0001"
    assert next_serial(["FX2025-00007", "FX2025-7x"], "FX2025-") == "FX2025-00008"


def test_lock_keys_are_distinct():
    assert len({int(k) for k in Lock}) == len(Lock)


@pytest.mark.django_db(transaction=True)
def test_a_number_lock_blocks_a_second_writer_of_the_same_township_until_commit(world):
    """Two transactions: the second waits for the first's lock (PostgreSQL)."""
    from tests.visits.helpers import risk
    from township.models import Risk

    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's")
    import datetime

    risk(world.v1, found_on=datetime.date(2025, 3, 1))  # FX2025-00001
    order = []
    held = threading.Event()

    def first():
        with transaction.atomic():
            xact_lock(Lock.NUMBERS, [world.t1.pk])
            held.set()
            order.append("first holds")
            threading.Event().wait(0.5)
            order.append("first commits")
        connection.close()

    def second():
        held.wait(5)
        with transaction.atomic():
            number = allocate_number(Risk, world.t1.pk, "FX2025-")
            order.append(f"second got {number}")
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert order == ["first holds", "first commits", "second got FX2025-00002"]
