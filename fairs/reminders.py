"""Reminders of booked sessions: a day before and 15 minutes before the booked time, by email and
in the inbox, leading to the graduate's bookings (where the join link is).

A batched sweep (recruitment_weeks.sweeps) that beat runs every few minutes: the dispatcher walks
the booked places starting within the next day by id; each batch decides from the rows and the
dispatcher's ``now`` which reminder is due and writes it with a dedupe key naming the booking and
the occasion, so a batch run twice, or beat firing twice, sends nothing twice. Nothing is scheduled
ahead with eta/countdown. Windows are bounded: nothing is sent for a session that has begun.

- "day": from 24 hours before the start until 15 minutes before (a place booked later than a day
  ahead gets it at once);
- "soon": from 15 minutes before the start until the start.
"""

import datetime as dt
import logging
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from recruitment_weeks import sweeps
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.services import NewNotification, notify_many

from .enums import BookingStatus, SessionStatus
from .models import Booking

logger = logging.getLogger(__name__)

DAY_BEFORE = dt.timedelta(days=1)
SOON_BEFORE = dt.timedelta(minutes=15)
BATCH_TASK = "fairs.task_booking_reminders_batch"


def reminder_key(booking_id: int, lead: str) -> str:
    return f"booking-reminder:{booking_id}:{lead}"


def lead_at(starts_at: dt.datetime, now: dt.datetime) -> str | None:
    """Which reminder of a place starting at ``starts_at`` is due at ``now`` ("day", "soon" or none)."""
    if starts_at - SOON_BEFORE <= now < starts_at:
        return "soon"
    if starts_at - DAY_BEFORE <= now < starts_at - SOON_BEFORE:
        return "day"
    return None


def _due(now: dt.datetime):
    return Booking.objects.filter(
        status=BookingStatus.BOOKED,
        session__status=SessionStatus.APPROVED,
        starts_at__gt=now,
        starts_at__lte=now + DAY_BEFORE,
    )


def booking_reminder_batches(*, now: dt.datetime) -> Iterator[dict]:
    for after, upto in sweeps.id_ranges(_due(now)):
        yield {"after": after, "upto": upto, "now": sweeps.now_arg(now)}


@transaction.atomic
def booking_reminder_batch(*, after: int, upto: int | None, now: str | None = None) -> int:
    """Write the reminders due at ``now`` for the booked places of the id range. Returns how many
    were new."""
    moment = sweeps.now_from(now)
    rows = (
        sweeps.in_range(_due(moment), after, upto)
        .values_list("pk", "graduate__user_id", "starts_at", "session__title", "session__employer__name")
        .order_by("pk")
    )
    new = []
    for pk, user_id, starts_at, title, employer_name in rows:
        lead = lead_at(starts_at, moment)
        if lead is None:
            continue
        new.append(
            NewNotification(
                recipient_id=user_id,
                kind=NotificationKind.BOOKING_REMINDER,
                payload={
                    "booking_id": pk,
                    "lead": lead,
                    "session_title": title,
                    "employer_name": employer_name,
                    "starts_at": f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M}",
                },
                dedupe_key=reminder_key(pk, lead),
            )
        )
    return len(notify_many(new))


def booking_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Every batch in this process (tests, the shell)."""
    sent = sweeps.run_here(booking_reminder_batch, booking_reminder_batches(now=now or timezone.now()))
    logger.info("booking reminders: %d sent", sent)
    return sent
