"""Thin Celery tasks for the sweeps; beat runs them (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import sweeps


@shared_task(name="jobs.task_report_reminders")
def task_report_reminders() -> int:
    return sweeps.report_reminders_send()


@shared_task(name="jobs.task_report_missing")
def task_report_missing() -> int:
    return sweeps.report_missing_flag()


@shared_task(name="jobs.task_week_opening")
def task_week_opening() -> int:
    return sweeps.week_opening_notify()


@shared_task(name="jobs.task_week_closing")
def task_week_closing() -> dict:
    return sweeps.week_closing_process()


@shared_task(name="jobs.task_unanswered_applications")
def task_unanswered_applications() -> dict:
    return sweeps.unanswered_applications_remind()


@shared_task(name="jobs.task_week_digest")
def task_week_digest() -> int:
    return sweeps.week_digest_send()


@shared_task(name="jobs.task_saved_search_alerts")
def task_saved_search_alerts() -> int:
    return sweeps.saved_search_alerts_send()
