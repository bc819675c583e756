"""Ledger numbers: ``prefix + serial`` (FX2025-00001, SQ2025-00001, 2025-0001), one per township.

``next_serial`` is the rule (pure): the highest serial in use after the prefix, plus one; values in
another shape (a number someone typed, such as ``DW-07``) are ignored. ``allocate_number`` applies it
under the township's number lock, so two people saving at once cannot take the same number.
"""

from collections.abc import Iterable

from core.locks import Lock, xact_lock


def next_serial(used: Iterable[str], prefix: str, width: int = 5) -> str:
    """The next ``prefix`` + zero-padded serial after the highest one in ``used``."""
    serials = [int(v[len(prefix) :]) for v in used if v and v.startswith(prefix) and v[len(prefix) :].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:0{width}d}"


def allocate_number(model, township_id: int, prefix: str, *, field: str = "number", width: int = 5) -> str:
    """The next free number of a ledger in a township; call inside the transaction that saves it."""
    xact_lock(Lock.NUMBERS, [township_id])
    used = model.objects.filter(township_id=township_id, **{f"{field}__startswith": prefix}).values_list(
        field, flat=True
    )
    return next_serial(used, prefix, width)
