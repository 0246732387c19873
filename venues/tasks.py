"""Thin Celery tasks for the venues' sweeps; beat runs them (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import sweeps


@shared_task(name="venues.task_report_reminders")
def task_report_reminders() -> int:
    return sweeps.report_reminders_send()


@shared_task(name="venues.task_report_missing")
def task_report_missing() -> int:
    return sweeps.report_missing_flag()
