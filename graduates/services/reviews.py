"""Review decisions on a graduate's registration; the admin and the API call these."""

from django.db import transaction
from django.utils import timezone

from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.workflow import Review, require_reason, transition
from venues.permissions import venue_of

from ..enums import GraduateAction, GraduateStatus
from ..models import Graduate

REVIEW = Review(
    moves=GraduateStatus.moves,
    related=("user",),
    recipient=lambda graduate: graduate.user,
    payload=lambda graduate: {"graduate_name": graduate.name},
    venue=venue_of,
)


@transaction.atomic
def graduate_approve(*, graduate: Graduate, actor, note: str = "") -> Graduate:
    """pending → approved: the graduate may apply. Side effects: audit entry; notification."""
    return REVIEW.decide(
        graduate,
        verb="approved",
        action=GraduateAction.APPROVED,
        actor=actor,
        kind=NotificationKind.GRADUATE_APPROVED,
        reason=note.strip(),
    )


@transaction.atomic
def graduate_reject(*, graduate: Graduate, actor, reason: str) -> Graduate:
    """pending → rejected with a required reason. Side effects: audit entry; notification."""
    return REVIEW.decide(
        graduate,
        verb="rejected",
        action=GraduateAction.REJECTED,
        actor=actor,
        kind=NotificationKind.GRADUATE_REJECTED,
        reason=require_reason(reason),
    )


@transaction.atomic
def graduate_resubmit(*, graduate: Graduate, actor) -> Graduate:
    """rejected → pending after corrections. Side effects: audit entry."""
    graduate = Graduate.objects.select_for_update().get(pk=graduate.pk)
    transition(
        graduate,
        move=GraduateStatus.moves["resubmitted"],
        actor=actor,
        action=GraduateAction.RESUBMITTED,
        venue=venue_of(graduate),
        changes={"submitted_at": timezone.now()},
    )
    return graduate
