"""Thin Celery tasks for the venues' sweeps. Beat runs the dispatchers (settings.CELERY_BEAT_SCHEDULE);
each publishes one batch task per id range (recruitment_weeks.sweeps)."""

from celery import shared_task
from django.utils import timezone

from recruitment_weeks import sweeps as batching

from . import sweeps


@shared_task(name="venues.task_report_reminders")
def task_report_reminders() -> int:
    return batching.fan_out(sweeps.REMINDERS_BATCH_TASK, sweeps.report_reminders_batches(now=timezone.now()))


@shared_task(name=sweeps.REMINDERS_BATCH_TASK)
def task_report_reminders_batch(**batch) -> int:
    return sweeps.report_reminders_batch(**batch)


@shared_task(name="venues.task_report_missing")
def task_report_missing() -> int:
    return batching.fan_out(sweeps.MISSING_BATCH_TASK, sweeps.report_missing_batches(now=timezone.now()))


@shared_task(name=sweeps.MISSING_BATCH_TASK)
def task_report_missing_batch(**batch) -> int:
    return sweeps.report_missing_batch(**batch)
