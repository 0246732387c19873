"""Outbox writes and delivery. Every notification in the portal is created by :func:`notify`."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import select_template
from django.utils import timezone, translation

from .enums import NotificationStatus
from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


DELIVER_TASK = "notifications.task_deliver_notification"
DELIVER_MANY_TASK = "notifications.task_deliver_notifications"
DELIVER_CHUNK = 100  # notifications per delivery task when a sweep writes many at once


def notify(*, recipient, kind: str, payload: dict, dedupe_key: str) -> Notification:
    """Write the outbox row in the caller's transaction; queue its delivery once that commits.

    Side effects: one Notification row (none if ``dedupe_key`` exists already); a Celery task on commit.
    """
    return _write(recipient=recipient, kind=kind, payload=payload, dedupe_key=dedupe_key)[0]


def notify_if_new(*, recipient, kind: str, payload: dict, dedupe_key: str) -> bool:
    """notify(), answering whether the occasion was new (False: it was notified before)."""
    return _write(recipient=recipient, kind=kind, payload=payload, dedupe_key=dedupe_key)[1]


def _write(*, recipient, kind: str, payload: dict, dedupe_key: str) -> tuple[Notification, bool]:
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key, defaults={"recipient": recipient, "kind": kind, "payload": payload}
    )
    if created:
        transaction.on_commit(lambda: queue_delivery(notification_id=notification.pk))
    return notification, created


@dataclass(frozen=True)
class NewNotification:
    recipient_id: int
    kind: str
    payload: dict
    dedupe_key: str


def notify_many(rows: list[NewNotification]) -> list[int]:
    """notify() for many notifications in one statement (a sweep's batch): INSERT … ON CONFLICT
    (dedupe_key) DO NOTHING RETURNING id, in the caller's transaction. A key that exists already —
    or that a concurrent transaction is writing — is skipped, so a batch run twice writes each once.

    Side effects: the new Notification rows; on commit, their delivery queued (one task per
    DELIVER_CHUNK). Returns the ids of the rows that were new."""
    if not rows:
        return []
    table = connection.ops.quote_name(Notification._meta.db_table)
    payload_field = Notification._meta.get_field("payload")
    now = timezone.now()
    values, params = [], []
    for row in rows:
        values.append("(%s, %s, %s, %s, %s, 0, '', %s, %s)")
        params += [
            row.recipient_id,
            row.kind,
            payload_field.get_db_prep_value(row.payload, connection),
            row.dedupe_key,
            NotificationStatus.PENDING,
            False,
            now,
        ]
    sql = (
        f"INSERT INTO {table} (recipient_id, kind, payload, dedupe_key, status, attempts, last_error, emailed,"
        f" created_at) VALUES {', '.join(values)} ON CONFLICT (dedupe_key) DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = sorted(pk for (pk,) in cursor.fetchall())
    if ids:
        transaction.on_commit(lambda: queue_delivery_many(notification_ids=ids))
    return ids


def queue_delivery_many(*, notification_ids: list[int]) -> int:
    """Publish the delivery of many notifications, DELIVER_CHUNK per task. Returns the tasks queued
    (a broker that is down only delays delivery: the outbox sweep takes over)."""
    queued = 0
    for start in range(0, len(notification_ids), DELIVER_CHUNK):
        chunk = notification_ids[start : start + DELIVER_CHUNK]
        try:
            current_app.tasks[DELIVER_MANY_TASK].apply_async(kwargs={"notification_ids": chunk}, retry=False)
        except Exception as exc:  # noqa: BLE001 - a sweep's batch must not fail on the broker
            logger.warning("%d notifications not queued (%s); the outbox sweep will deliver them", len(chunk), exc)
            return queued
        queued += 1
    return queued


def queue_delivery(*, notification_id: int) -> bool:
    """Publish the delivery task. A broker that is down only delays delivery: the sweep takes over."""
    try:
        # By name, from the app's registry: the task module imports this one, not the other way round.
        current_app.tasks[DELIVER_TASK].apply_async(kwargs={"notification_id": notification_id}, retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure must not fail the user's request
        logger.warning("notification %s not queued (%s); the outbox sweep will deliver it", notification_id, exc)
        return False
    return True


def render_notification(notification: Notification, language: str | None = None) -> tuple[str, str]:
    """(subject, body) in the recipient's language, from templates/notifications/<kind>/."""
    context = {"notification": notification, "payload": notification.payload, "site_url": settings.SITE_URL}
    with translation.override(language or getattr(notification.recipient, "language", None) or "zh-hans"):
        subject_t = select_template(
            [f"notifications/{notification.kind}/subject.txt", "notifications/default/subject.txt"]
        )
        body_t = select_template([f"notifications/{notification.kind}/body.txt", "notifications/default/body.txt"])
        subject = " ".join(subject_t.render(context).split())
        body = body_t.render(context).strip() + "\n"
    return subject, body


def notification_deliver(*, notification_id: int) -> str:
    """Send the email of one pending notification, exactly once.

    The row is locked for the whole send, so a second delivery of the same task (redelivery, the
    sweep) waits and then finds it sent. Returns the resulting status.
    Side effects: one email; the row's status, attempts, sent_at.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.status != NotificationStatus.PENDING:
            return notification.status if notification else "missing"
        notification.attempts += 1
        recipient = notification.recipient
        try:
            # Only to a verified address: otherwise the notification stays in the inbox alone.
            verified = recipient.email_is_verified
            if verified and recipient.is_active and wants_email(user=recipient, kind=notification.kind):
                subject, body = render_notification(notification)
                send_mail(subject, body, None, [recipient.email], fail_silently=False)
                notification.emailed = True
        except Exception as exc:  # noqa: BLE001 - SMTP errors of any kind are recorded and retried
            logger.warning("notification %s: email failed (%s)", notification_id, exc)
            notification.last_error = str(exc)[:1000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
        else:
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error", "emailed"])
        return notification.status


def notification_sweep(*, grace_seconds: int | None = None, limit: int = 500) -> int:
    """Deliver pending notifications whose task was lost (broker down, worker killed).

    Only rows older than the grace period, so it does not race the normal task. Returns how many it sent.
    """
    grace = settings.OUTBOX_SWEEP_GRACE_SECONDS if grace_seconds is None else grace_seconds
    cutoff = timezone.now() - timedelta(seconds=grace)
    ids = list(
        Notification.objects.filter(status=NotificationStatus.PENDING, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = sum(1 for pk in ids if notification_deliver(notification_id=pk) == NotificationStatus.SENT)
    if ids:
        logger.info("outbox sweep: %d pending, %d sent", len(ids), sent)
    return sent


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all unread, or the given ids) read. Returns how many changed."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def wants_email(*, user, kind: str) -> bool:
    """Email is on for every kind until the user turns it off (the inbox entry is always kept)."""
    return not NotificationPreference.objects.filter(user=user, kind=kind, email=False).exists()


@transaction.atomic
def notification_preferences_set(*, user, email_kinds: set[str], kinds: list[str]) -> None:
    """Record, for each of ``kinds``, whether the user wants email (kind in ``email_kinds``).
    Side effects: one preference row per kind (upserted)."""
    for kind in kinds:
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in email_kinds})
