"""The away sweep: a message its reader has not read CONVERSATION_AWAY_MINUTES after it was sent
becomes, at the next run, one inbox notification (emailed unless the reader turned that off) per
reader, listing every conversation with such messages.

Idempotent: each message is handled once (``away_handled_at``, set in the same transaction as the
notifications, rows claimed with SKIP LOCKED so two runs at once share nothing), and a message read
in time is marked handled without a notification.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction

from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.services import NewNotification, notify_many

from .models import Conversation, Message, MessageRead

BATCH = 2000


def _due(now: dt.datetime):
    cutoff = now - dt.timedelta(minutes=settings.CONVERSATION_AWAY_MINUTES)
    return Message.objects.filter(away_handled_at__isnull=True, created_at__lte=cutoff)


@transaction.atomic
def unread_messages_batch(*, now: dt.datetime) -> int:
    """Handle up to BATCH due messages; the number of notifications written."""
    ids = list(
        _due(now).select_for_update(skip_locked=True).order_by("created_at", "id").values_list("pk", flat=True)[:BATCH]
    )
    if not ids:
        return 0
    conversation_rows = {
        row["pk"]: row
        for row in Conversation.objects.filter(messages__pk__in=ids)
        .distinct()
        .values(
            "pk",
            "employer__user_id",
            "employer__name",
            "graduate__user_id",
            "graduate__name",
            "application__posting__title",
            "invitation__posting__title",
        )
    }
    reads = {
        (read.conversation_id, read.user_id): read.last_read_at
        for read in MessageRead.objects.filter(conversation_id__in=conversation_rows)
    }
    # recipient → conversation → unread count
    unread: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for message in Message.objects.filter(pk__in=ids).only("pk", "conversation_id", "sender_id", "created_at"):
        row = conversation_rows[message.conversation_id]
        # The graduate is one account; the employer's side may be any member of its team, so the side
        # is told by the graduate: the graduate's messages go to the employer's account, all others
        # to the graduate.
        if message.sender_id is not None and message.sender_id == row["graduate__user_id"]:
            recipient = row["employer__user_id"]
        else:
            recipient = row["graduate__user_id"]
        if recipient is None:
            continue
        read_upto = reads.get((message.conversation_id, recipient))
        if read_upto is None or read_upto < message.created_at:
            unread[recipient][message.conversation_id] += 1
    rows = []
    for recipient, conversations in unread.items():
        lines = []
        for conversation_id, count in sorted(conversations.items()):
            row = conversation_rows[conversation_id]
            other = row["graduate__name"] if recipient == row["employer__user_id"] else row["employer__name"]
            title = row["application__posting__title"] or row["invitation__posting__title"] or ""
            lines.append(f"{other or '—'} · {title}（{count}）")
        rows.append(
            NewNotification(
                recipient_id=recipient,
                kind=NotificationKind.MESSAGES_UNREAD,
                payload={"lines": lines, "conversations": sorted(conversations)},
                # The newest message handled names the occasion: a rerun of this batch writes nothing.
                dedupe_key=f"messages_unread:{recipient}:{max(ids)}",
            )
        )
    written = notify_many(rows)
    Message.objects.filter(pk__in=ids).update(away_handled_at=now)
    return len(written)


def unread_messages_sweep(*, now: dt.datetime) -> int:
    """Every due message, batch by batch (each its own transaction)."""
    total = 0
    while _due(now).exists():
        total += unread_messages_batch(now=now)
    return total
