"""Thin Celery tasks of the conversations (beat runs them: settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.utils import timezone

from . import sweeps


@shared_task(name="conversations.task_unread_messages")
def task_unread_messages() -> int:
    return sweeps.unread_messages_sweep(now=timezone.now())
