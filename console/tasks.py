"""Thin Celery tasks of the staff console; beat runs them (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from console.rollup import refresh_statistics


@shared_task(name="console.task_refresh_statistics")
def task_refresh_statistics() -> int:
    """Rebuild the statistics rollup; returns how long it took in milliseconds."""
    return refresh_statistics().duration_ms
