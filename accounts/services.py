"""Writes of the accounts app."""

from accounts.models import IdRevealLog


def id_reveal_log(user, *, model: str, via: str, object_id=None, count=1) -> IdRevealLog:
    """Record that ``user`` (None for a command) saw full ID numbers: of one row (``object_id``) or
    ``count`` rows of the register ``model``, on a page, in an export or from a command (``via``)."""
    return IdRevealLog.objects.create(user=user, model=model, object_id=object_id, count=count, via=via)
