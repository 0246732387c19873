"""Review decisions on a graduate's registration; the admin and the API call these."""

from django.db import transaction
from django.utils import timezone

from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.workflow import require_reason, review_decision, transition

from ..enums import GraduateStatus
from ..models import Graduate


def _decide(*, graduate: Graduate, to: str, actor, verb: str, kind: str, reason: str = "") -> Graduate:
    graduate = Graduate.objects.select_for_update().select_related("user").get(pk=graduate.pk)
    review_decision(
        graduate,
        to=to,
        allowed_from=(GraduateStatus.PENDING,),
        actor=actor,
        action=f"graduates.graduate.{verb}",
        reason=reason,
        recipient=graduate.user,
        kind=kind,
        payload={"graduate_name": graduate.name},
    )
    return graduate


@transaction.atomic
def graduate_approve(*, graduate: Graduate, actor, note: str = "") -> Graduate:
    """pending → approved: the graduate may apply. Side effects: audit entry; notification."""
    return _decide(
        graduate=graduate,
        to=GraduateStatus.APPROVED,
        actor=actor,
        verb="approved",
        kind=NotificationKind.GRADUATE_APPROVED,
        reason=note.strip(),
    )


@transaction.atomic
def graduate_reject(*, graduate: Graduate, actor, reason: str) -> Graduate:
    """pending → rejected with a required reason. Side effects: audit entry; notification."""
    return _decide(
        graduate=graduate,
        to=GraduateStatus.REJECTED,
        actor=actor,
        verb="rejected",
        kind=NotificationKind.GRADUATE_REJECTED,
        reason=require_reason(reason),
    )


@transaction.atomic
def graduate_resubmit(*, graduate: Graduate, actor) -> Graduate:
    """rejected → pending after corrections. Side effects: audit entry."""
    graduate = Graduate.objects.select_for_update().get(pk=graduate.pk)
    transition(
        graduate,
        to=GraduateStatus.PENDING,
        allowed_from=(GraduateStatus.REJECTED,),
        actor=actor,
        action="graduates.graduate.resubmitted",
        changes={"submitted_at": timezone.now()},
    )
    return graduate
