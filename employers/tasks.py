from celery import shared_task

from . import services


@shared_task(name="employers.task_close_expired_postings")
def task_close_expired_postings() -> int:
    # Beat runs it hourly; the public lists hide expired postings on their own, this closes them for
    # the employer's list. Idempotent: a second run finds nothing to close.
    return services.postings_close_expired()
