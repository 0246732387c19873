"""Thin Celery tasks for the fairs' sweeps. Beat runs the dispatchers (settings.CELERY_BEAT_SCHEDULE);
each publishes one batch task per id range (recruitment_weeks.sweeps)."""

from celery import shared_task
from django.utils import timezone

from recruitment_weeks import sweeps as batching

from . import reminders, sweeps


@shared_task(name="fairs.task_week_opening")
def task_week_opening() -> int:
    return batching.fan_out(sweeps.OPENING_BATCH_TASK, sweeps.week_opening_batches(now=timezone.now()))


@shared_task(name=sweeps.OPENING_BATCH_TASK)
def task_week_opening_batch(**batch) -> int:
    return sweeps.week_opening_batch(**batch)


@shared_task(name="fairs.task_week_closing")
def task_week_closing() -> int:
    return batching.fan_out(sweeps.CLOSING_BATCH_TASK, sweeps.week_closing_batches(now=timezone.now()))


@shared_task(name=sweeps.CLOSING_BATCH_TASK)
def task_week_closing_batch(**batch) -> dict:
    return sweeps.week_closing_batch(**batch)


@shared_task(name="fairs.task_booking_reminders")
def task_booking_reminders() -> int:
    return batching.fan_out(reminders.BATCH_TASK, reminders.booking_reminder_batches(now=timezone.now()))


@shared_task(name=reminders.BATCH_TASK)
def task_booking_reminders_batch(**batch) -> int:
    return reminders.booking_reminder_batch(**batch)
