"""Thin Celery tasks for the invitations' expiry sweep (invitations.sweeps)."""

from celery import shared_task
from django.utils import timezone

from recruitment_weeks import sweeps as batching

from . import sweeps


@shared_task(name="invitations.task_expire_invitations")
def task_expire_invitations() -> int:
    return batching.fan_out(sweeps.EXPIRE_BATCH_TASK, sweeps.expire_batches(now=timezone.now()))


@shared_task(name=sweeps.EXPIRE_BATCH_TASK)
def task_expire_invitations_batch(**batch) -> int:
    return sweeps.expire_batch(**batch)
