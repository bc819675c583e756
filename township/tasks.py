"""Township-level periodic tasks."""

from celery import shared_task

from core import heartbeat as heartbeats


@shared_task
def heartbeat() -> str:
    """Record that the worker and beat are alive; the home page shows the last beat (core.heartbeat)."""
    return heartbeats.beat()
