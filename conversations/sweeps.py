"""The away sweep: a message its reader has not read CONVERSATION_AWAY_MINUTES after it was sent
becomes, at the next run, an inbox notification (emailed unless the reader turned that off) listing
the reader's conversations with such messages.

A batched sweep (recruitment_weeks.sweeps), like every other: beat runs the dispatcher
(``conversations.task_unread_messages``), which decides ``now`` once and publishes one batch task
per id range of the due messages (not handled, sent at least the away minutes before ``now``). A
batch handles its range in one transaction: it claims the range's due messages with SKIP LOCKED (two
copies of a batch running at once share nothing), writes one notification per reader of them and
marks them handled (``away_handled_at``) — a message read in time is marked handled without a
notification. So a batch run again after it committed finds nothing to do, and a batch that died
before committing is redone whole.

Readers: the graduate's messages go to every member of the employer's team (``team_recipient_ids``:
any of them may answer), every other message to the graduate; never to the message's sender. Each
reader's own read position decides whether a message was read in time.

One notification per reader per batch: a reader whose due messages fall into two id ranges of one
run gets two notifications, each listing the conversations of its range (with the default
SWEEP_BATCH_SIZE of 1000 and a run every 5 minutes, rare). The dedupe key names the reader, the
run's ``now`` and the range, so a batch redelivered or run twice never writes its notification
twice, and two batches of one run never suppress each other's.
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from employers.selectors import team_recipient_ids
from recruitment_weeks import sweeps
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.services import NewNotification, notify_many

from .models import Conversation, Message, MessageRead

logger = logging.getLogger(__name__)

BATCH_TASK = "conversations.task_unread_messages_batch"


def _due(now: dt.datetime):
    cutoff = now - dt.timedelta(minutes=settings.CONVERSATION_AWAY_MINUTES)
    return Message.objects.filter(away_handled_at__isnull=True, created_at__lte=cutoff)


def away_key(recipient_id: int, now: str, after: int) -> str:
    """The notification of one reader from one batch (the range starting after ``after``) of the run
    at ``now`` (``sweeps.now_arg``)."""
    return f"messages_unread:{recipient_id}:{now}:{after}"


def unread_messages_batches(*, now: dt.datetime) -> Iterator[dict]:
    for after, upto in sweeps.id_ranges(_due(now)):
        yield {"after": after, "upto": upto, "now": sweeps.now_arg(now)}


@transaction.atomic
def unread_messages_batch(*, after: int = 0, upto: int | None = None, now: str | None = None) -> int:
    """Handle the due messages of the id range; the number of notifications written."""
    moment = sweeps.now_from(now)
    ids = list(
        sweeps.in_range(_due(moment), after, upto)
        .select_for_update(skip_locked=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    conversation_rows = {
        row["pk"]: row
        for row in Conversation.objects.filter(messages__pk__in=ids)
        .distinct()
        .values(
            "pk",
            "employer_id",
            "employer__name",
            "graduate__user_id",
            "graduate__name",
            "application__posting__title",
            "invitation__posting__title",
        )
    }
    teams = team_recipient_ids(employer_ids={row["employer_id"] for row in conversation_rows.values()})
    reads = {
        (read.conversation_id, read.user_id): read.last_read_at
        for read in MessageRead.objects.filter(conversation_id__in=conversation_rows)
    }
    # recipient → conversation → unread count, and the name of the other side for each
    unread: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    other_side: dict[tuple[int, int], str] = {}
    messages = Message.objects.filter(pk__in=ids).only("pk", "conversation_id", "sender_id", "created_at")
    for message in messages.order_by("pk"):
        row = conversation_rows[message.conversation_id]
        # The graduate is one account; the employer's side may be any member of its team, so the side
        # is told by the graduate: the graduate's messages go to the employer's team, all others to
        # the graduate.
        if message.sender_id is not None and message.sender_id == row["graduate__user_id"]:
            readers, other = teams.get(row["employer_id"], []), row["graduate__name"]
        else:
            readers, other = [row["graduate__user_id"]], row["employer__name"]
        for recipient in readers:
            if recipient is None or recipient == message.sender_id:
                continue
            read_upto = reads.get((message.conversation_id, recipient))
            if read_upto is None or read_upto < message.created_at:
                unread[recipient][message.conversation_id] += 1
                other_side[recipient, message.conversation_id] = other
    run = sweeps.now_arg(moment)
    rows = []
    for recipient, conversations in unread.items():
        lines = []
        for conversation_id, count in sorted(conversations.items()):
            row = conversation_rows[conversation_id]
            title = row["application__posting__title"] or row["invitation__posting__title"] or ""
            lines.append(f"{other_side[recipient, conversation_id] or '—'} · {title}（{count}）")
        rows.append(
            NewNotification(
                recipient_id=recipient,
                kind=NotificationKind.MESSAGES_UNREAD,
                payload={"lines": lines, "conversations": sorted(conversations)},
                dedupe_key=away_key(recipient, run, after),
            )
        )
    written = notify_many(rows)
    Message.objects.filter(pk__in=ids).update(away_handled_at=moment)
    sweeps.test_hold("unread_messages")
    return len(written)


def unread_messages_sweep(*, now: dt.datetime | None = None) -> int:
    """Every batch in this process (tests, the shell, the benchmark): the notifications written."""
    written = sweeps.run_here(unread_messages_batch, unread_messages_batches(now=now or timezone.now()))
    logger.info("away messages: %d notifications", written)
    return written
