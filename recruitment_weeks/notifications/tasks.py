from celery import shared_task

from . import services
from .enums import NotificationStatus


@shared_task(name=services.DELIVER_TASK)
def task_deliver_notification(*, notification_id: int) -> str:
    # No retries of its own: a failed send stays pending and the sweep tries again (one mechanism).
    return services.notification_deliver(notification_id=notification_id)


@shared_task(name="notifications.task_sweep_outbox")
def task_sweep_outbox() -> int:
    return services.notification_sweep()


@shared_task(name=services.DELIVER_MANY_TASK)
def task_deliver_notifications(*, notification_ids: list[int]) -> int:
    # A sweep's batch of notifications; redelivered, each one already sent is skipped (row lock + status).
    return sum(services.notification_deliver(notification_id=pk) == NotificationStatus.SENT for pk in notification_ids)
