"""Thin Celery tasks for the marketplace's sweeps. Beat runs the dispatchers
(settings.CELERY_BEAT_SCHEDULE); each publishes one batch task per id range (recruitment_weeks.sweeps)."""

from celery import shared_task
from django.utils import timezone

from recruitment_weeks import sweeps as batching

from . import responsiveness, sweeps


@shared_task(name="marketplace.task_unanswered_applications")
def task_unanswered_applications() -> int:
    batches = sweeps.unanswered_applications_batches(now=timezone.now())
    return batching.fan_out(sweeps.UNANSWERED_BATCH_TASK, batches)


@shared_task(name=sweeps.UNANSWERED_BATCH_TASK)
def task_unanswered_applications_batch(**batch) -> dict:
    return sweeps.unanswered_applications_batch(**batch)


@shared_task(name="marketplace.task_week_digest")
def task_week_digest() -> int:
    return batching.fan_out(sweeps.DIGEST_BATCH_TASK, sweeps.week_digest_batches(now=timezone.now()))


@shared_task(name=sweeps.DIGEST_BATCH_TASK)
def task_week_digest_batch(**batch) -> int:
    return sweeps.week_digest_batch(**batch)


@shared_task(name="marketplace.task_saved_search_alerts")
def task_saved_search_alerts() -> int:
    return batching.fan_out(sweeps.ALERTS_BATCH_TASK, sweeps.saved_search_alerts_batches(now=timezone.now()))


@shared_task(name=sweeps.ALERTS_BATCH_TASK)
def task_saved_search_alerts_batch(**batch) -> int:
    return sweeps.saved_search_alerts_batch(**batch)


@shared_task(name="marketplace.task_reply_times")
def task_reply_times() -> int:
    return batching.fan_out(responsiveness.BATCH_TASK, responsiveness.reply_times_batches(now=timezone.now()))


@shared_task(name=responsiveness.BATCH_TASK)
def task_reply_times_batch(**batch) -> int:
    return responsiveness.reply_times_batch(**batch)


@shared_task(name="marketplace.task_decision_reminders")
def task_decision_reminders() -> int:
    return batching.fan_out(sweeps.DECISION_BATCH_TASK, sweeps.decision_reminders_batches(now=timezone.now()))


@shared_task(name=sweeps.DECISION_BATCH_TASK)
def task_decision_reminders_batch(**batch) -> int:
    return sweeps.decision_reminders_batch(**batch)
