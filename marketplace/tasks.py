"""Thin Celery tasks for the marketplace's sweeps; beat runs them (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import sweeps


@shared_task(name="marketplace.task_unanswered_applications")
def task_unanswered_applications() -> dict:
    return sweeps.unanswered_applications_remind()


@shared_task(name="marketplace.task_week_digest")
def task_week_digest() -> int:
    return sweeps.week_digest_send()


@shared_task(name="marketplace.task_saved_search_alerts")
def task_saved_search_alerts() -> int:
    return sweeps.saved_search_alerts_send()
