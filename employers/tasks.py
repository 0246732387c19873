from celery import shared_task

from recruitment_weeks import sweeps as batching

from . import sweeps


@shared_task(name="employers.task_close_expired_postings")
def task_close_expired_postings() -> int:
    # Beat runs it hourly; the public lists hide expired postings on their own, this closes them for
    # the employer's list, one batch task per id range (recruitment_weeks.sweeps).
    return batching.fan_out(sweeps.CLOSE_EXPIRED_BATCH_TASK, sweeps.close_expired_batches())


@shared_task(name=sweeps.CLOSE_EXPIRED_BATCH_TASK)
def task_close_expired_postings_batch(**batch) -> int:
    return sweeps.close_expired_batch(**batch)
