"""The outbox: one row per dedupe key, one email per row, and nothing lost while the broker is down."""

import threading

import pytest
from django.core import mail
from django.db import connection, transaction

from recruitment_weeks.notifications import services
from recruitment_weeks.notifications.enums import NotificationKind, NotificationStatus
from recruitment_weeks.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_notification(user, key="k1") -> Notification:
    return services.notify(
        recipient=user, kind=NotificationKind.EMPLOYER_APPROVED, payload={"employer_name": "测试公司"}, dedupe_key=key
    )


def test_notify_same_dedupe_key_creates_one_row():
    user = UserFactory()
    first = make_notification(user)
    second = make_notification(user)
    assert second.pk == first.pk
    assert Notification.objects.count() == 1


def test_notify_queues_delivery_only_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr(services, "queue_delivery", lambda *, notification_id: queued.append(notification_id))
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = make_notification(user)
        assert queued == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert queued == [notification.pk]


def test_deliver_sends_one_email_and_marks_sent():
    user = UserFactory(email="hr@example.cn")
    notification = make_notification(user)
    assert services.notification_deliver(notification_id=notification.pk) == NotificationStatus.SENT
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.emailed) == (NotificationStatus.SENT, 1, True)
    assert [m.to for m in mail.outbox] == [["hr@example.cn"]]
    assert "测试公司" in mail.outbox[0].body


def test_deliver_twice_sends_one_email():
    notification = make_notification(UserFactory())
    services.notification_deliver(notification_id=notification.pk)
    assert services.notification_deliver(notification_id=notification.pk) == NotificationStatus.SENT
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_deliver_in_recipient_language():
    user = UserFactory(language="en")
    notification = make_notification(user)
    services.notification_deliver(notification_id=notification.pk)
    assert mail.outbox[0].subject == "[Recruitment Weeks] Registration approved: 测试公司"
    assert services.render_notification(notification, language="zh-hans")[0] == "【招聘周】单位注册审核通过：测试公司"


def test_deliver_failure_keeps_notification_pending_for_the_sweep(monkeypatch):
    def broken_send(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(services, "send_mail", broken_send)
    notification = make_notification(UserFactory())
    assert services.notification_deliver(notification_id=notification.pk) == NotificationStatus.PENDING
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == ("pending", 1, "SMTP down")


def test_deliver_gives_up_after_max_attempts(monkeypatch):
    monkeypatch.setattr(services, "send_mail", lambda *a, **k: (_ for _ in ()).throw(OSError("down")))
    notification = make_notification(UserFactory())
    Notification.objects.filter(pk=notification.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    assert services.notification_deliver(notification_id=notification.pk) == NotificationStatus.FAILED


def test_sweep_delivers_only_pending_rows_past_grace():
    user = UserFactory()
    old = make_notification(user, "old")
    fresh = make_notification(user, "fresh")
    Notification.objects.filter(pk=old.pk).update(created_at=old.created_at.replace(year=2020))
    assert services.notification_sweep(grace_seconds=60) == 1
    assert dict(Notification.objects.values_list("dedupe_key", "status")) == {"old": "sent", "fresh": "pending"}
    assert services.notification_sweep(grace_seconds=60) == 0
    assert len(mail.outbox) == 1
    assert fresh.pk != old.pk


def test_mark_read_only_touches_own_notifications():
    me, other = UserFactory(), UserFactory()
    mine = make_notification(me, "mine")
    theirs = make_notification(other, "theirs")
    assert services.notifications_mark_read(user=me, ids=[mine.pk, theirs.pk]) == 1
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_notify_with_broker_unreachable_commits_and_sweep_delivers_later(
    broker_down, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = make_notification(user)
    # The publish failed, the change and its notification are committed and waiting.
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert services.queue_delivery(notification_id=notification.pk) is False
    assert mail.outbox == []
    # Broker back (or not: the sweep runs in beat's worker and delivers from the database).
    assert services.notification_sweep(grace_seconds=0) == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deliver_concurrently_sends_one_email():
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only (SQLite serialises writers anyway)")
    notification = make_notification(UserFactory())
    barrier = threading.Barrier(2)
    results = []

    def deliver():
        barrier.wait()
        try:
            results.append(services.notification_deliver(notification_id=notification.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["sent", "sent"]
    assert len(mail.outbox) == 1
    with transaction.atomic():
        assert Notification.objects.get(pk=notification.pk).attempts == 1
