"""A real Celery worker process on the configured broker (Redis in CI) and the test database."""

import pytest

from employers.services import employer_approve
from recruitment_weeks.notifications.enums import NotificationKind, NotificationStatus
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import notify
from recruitment_weeks.notifications.tasks import task_deliver_notification
from tests.conftest import broker_unreachable
from tests.factories import EmployerFactory, UserFactory
from tests.support.celery_worker import wait_for_status

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_worker_delivers_email_of_a_review_decision(start_worker):
    worker = start_worker()
    employer = EmployerFactory(user=UserFactory(email="hr@corp.example.cn"), name="星火科技有限公司")
    reviewer = UserFactory(is_staff=True)

    employer_approve(employer=employer, actor=reviewer)  # commits; on_commit publishes the task

    notification = Notification.objects.get(recipient=employer.user)
    notification = wait_for_status(notification.pk, NotificationStatus.SENT)
    assert (notification.kind, notification.attempts, notification.read_at) == (
        NotificationKind.EMPLOYER_APPROVED,
        1,
        None,
    )
    emails = worker.emails()
    assert len(emails) == 1
    assert "To: hr@corp.example.cn" in emails[0]


def test_worker_running_delivery_task_twice_sends_one_email(start_worker):
    worker = start_worker()
    user = UserFactory(email="twice@example.cn")
    notification = Notification.objects.create(
        recipient=user, kind=NotificationKind.GRADUATE_APPROVED, payload={"graduate_name": "王同学"}, dedupe_key="twice"
    )
    task_deliver_notification.apply_async(kwargs={"notification_id": notification.pk})
    task_deliver_notification.apply_async(kwargs={"notification_id": notification.pk})

    worker.wait_for_log("notifications.task_deliver_notification", count=4)  # 2 received + 2 succeeded
    worker.wait_for_log("succeeded", count=2)
    assert wait_for_status(notification.pk, NotificationStatus.SENT).attempts == 1
    assert len(worker.emails()) == 1


def test_beat_sweep_delivers_notification_written_while_broker_was_down(start_worker):
    user = UserFactory(email="later@example.cn")
    with broker_unreachable():
        notification = notify(
            recipient=user,
            kind=NotificationKind.EMPLOYER_REJECTED,
            payload={"employer_name": "X", "reason": "材料不全"},
            dedupe_key="while-down",
        )
        # notify() ran outside an atomic block, so on_commit published at once — and failed.
        assert Notification.objects.get(pk=notification.pk).status == NotificationStatus.PENDING

    # The broker is back: beat's sweep (every second here) finds the row and delivers it.
    worker = start_worker(beat=True, extra_env={"OUTBOX_SWEEP_SECONDS": "1", "OUTBOX_SWEEP_GRACE_SECONDS": "0"})
    assert wait_for_status(notification.pk, NotificationStatus.SENT, timeout=60).attempts == 1
    assert len(worker.emails()) == 1
