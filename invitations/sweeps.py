"""The expiry sweep: invitations unanswered INVITATION_EXPIRY_DAYS (14) after sending become expired.
Beat runs the dispatcher (settings.CELERY_BEAT_SCHEDULE); it publishes one batch per id range of the
due rows (recruitment_weeks.sweeps), each idempotent (an expired row leaves the filter)."""

import datetime as dt
from collections.abc import Iterator

from recruitment_weeks import sweeps

from . import services
from .enums import InvitationStatus
from .models import Invitation

EXPIRE_BATCH_TASK = "invitations.task_expire_invitations_batch"


def expire_batches(*, now: dt.datetime) -> Iterator[dict]:
    due = Invitation.objects.filter(status=InvitationStatus.SENT, created_at__lte=now - services.expiry_age())
    for after, upto in sweeps.id_ranges(due):
        yield {"now": sweeps.now_arg(now), "after": after, "upto": upto}


def expire_batch(*, now: str | None = None, after: int = 0, upto: int | None = None) -> int:
    return services.invitations_expire(now=sweeps.now_from(now), after=after, upto=upto)
