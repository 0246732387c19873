"""Thin Celery tasks for the fairs' sweeps; beat runs them (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import sweeps


@shared_task(name="fairs.task_week_opening")
def task_week_opening() -> int:
    return sweeps.week_opening_notify()


@shared_task(name="fairs.task_week_closing")
def task_week_closing() -> dict:
    return sweeps.week_closing_process()
