"""Periodic jobs of the foundation (scheduled in config/settings.py, CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from core.previews import previews_purge


@shared_task
def purge_import_previews() -> int:
    """Delete import previews older than a day (they hold full ID numbers)."""
    return previews_purge()
