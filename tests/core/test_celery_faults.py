"""Broker and worker faults, with real Redis servers and real worker processes.

A state change must succeed while Redis is down or hung, and its notification must still arrive once
Redis is back; a worker killed mid-task must not lose the task (acks_late + reject_on_worker_lost)."""

import datetime as dt
import threading
import time

import pytest

from marketplace.services import application_submit
from recruitment_weeks import celery_app
from recruitment_weeks.notifications.enums import NotificationStatus
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.tasks import task_deliver_notification
from tests.conftest import broker_at
from tests.factories import GraduateFactory, PostingFactory, UserFactory
from tests.support.celery_worker import wait_for_status
from tests.support.servers import PrivateRedis, SilentServer, TinySMTP

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def private_redis(tmp_path):
    redis = PrivateRedis(tmp_path)
    if not redis.binary:
        pytest.skip("redis-server is not installed")
    redis.start()
    yield redis
    redis.stop()


def test_apply_while_redis_is_down_succeeds_and_notification_arrives_after_restart(private_redis, start_worker):
    graduate = GraduateFactory(approved=True)
    posting = PostingFactory(published=True, employer__user__email="hr@later.example.cn")
    with broker_at(private_redis.url):
        private_redis.stop()  # Redis is down

        application = application_submit(graduate=graduate, posting=posting, note="Redis 宕机时投递")

        assert application.pk is not None and application.status == "submitted"
        notification = Notification.objects.get(recipient=posting.employer.user)
        assert notification.status == NotificationStatus.PENDING

        private_redis.start()  # Redis is back: beat's sweep delivers what the lost publish did not
        worker = start_worker(beat=True, extra_env={"OUTBOX_SWEEP_SECONDS": "1", "OUTBOX_SWEEP_GRACE_SECONDS": "0"})
        assert wait_for_status(notification.pk, NotificationStatus.SENT, timeout=60).attempts == 1
    emails = worker.emails()
    assert len(emails) == 1
    assert "To: hr@later.example.cn" in emails[0]


def test_hung_redis_does_not_hang_the_request():
    hung = SilentServer()  # accepts the connection, never answers
    graduate = GraduateFactory(approved=True)
    posting = PostingFactory(published=True)
    outcome = {}

    def apply():
        outcome["application"] = application_submit(graduate=graduate, posting=posting)

    try:
        with broker_at(f"redis://127.0.0.1:{hung.port}/0"):
            thread = threading.Thread(target=apply)
            thread.start()
            thread.join(timeout=60)  # the socket timeouts (3 s) end the publish long before this
            assert not thread.is_alive(), "the request hung on the broker"
    finally:
        hung.close()
    assert outcome["application"].status == "submitted"
    assert Notification.objects.get(recipient=posting.employer.user).status == NotificationStatus.PENDING


def test_worker_killed_mid_task_does_not_lose_it(tmp_path, start_worker):
    if not celery_app.conf.broker_url.startswith("redis://"):
        pytest.skip("redelivery of unacknowledged tasks is a Redis transport feature (CI runs on Redis)")
    smtp = TinySMTP(hang_first=True)
    user = UserFactory(email="kill@example.cn")
    notification = Notification.objects.create(
        recipient=user, kind="graduate_approved", dedupe_key="killed", payload={"graduate_name": "赵同学"}
    )
    env = {
        "EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "30",
        "CELERY_VISIBILITY_TIMEOUT": "2",
    }
    try:
        first = start_worker(extra_env=env, name="first")
        task_deliver_notification.apply_async(kwargs={"notification_id": notification.pk})
        assert smtp.first_connected.wait(timeout=30), "the worker never started sending"
        first.kill()  # mid-task: the message was received but never acknowledged
        assert Notification.objects.get(pk=notification.pk).status == NotificationStatus.PENDING
        time.sleep(3)  # older than the 2 s visibility timeout by the time the next worker looks

        # prefork runs the event loop whose timer restores unacknowledged messages older than 2 s
        start_worker(extra_env=env, name="second", pool="prefork")
        delivered = wait_for_status(notification.pk, NotificationStatus.SENT, timeout=60)
    finally:
        smtp.close()
    assert delivered.attempts == 1
    assert len(smtp.messages) == 1
    assert "kill@example.cn" in smtp.messages[0]
    assert dt.timedelta(0) <= delivered.sent_at - delivered.created_at
