"""Thin Celery tasks of the conversations. Beat runs the dispatcher (settings.CELERY_BEAT_SCHEDULE);
it publishes one batch task per id range of the due messages (recruitment_weeks.sweeps)."""

from celery import shared_task
from django.utils import timezone

from recruitment_weeks import sweeps as batching

from . import sweeps


@shared_task(name="conversations.task_unread_messages")
def task_unread_messages() -> int:
    return batching.fan_out(sweeps.BATCH_TASK, sweeps.unread_messages_batches(now=timezone.now()))


@shared_task(name=sweeps.BATCH_TASK)
def task_unread_messages_batch(**batch) -> int:
    return sweeps.unread_messages_batch(**batch)
