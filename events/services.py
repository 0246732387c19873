"""Writes for recruitment weeks and fair registrations."""

from django.db import transaction

from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.workflow import require_reason, review_decision

from .enums import FairRegistrationStatus
from .models import FairRegistration


def _decide(
    *, registration: FairRegistration, to: str, actor, verb: str, kind: str, reason: str = ""
) -> FairRegistration:
    registration = (
        FairRegistration.objects.select_for_update()
        .select_related("employer__user", "week", "venue")
        .get(pk=registration.pk)
    )
    review_decision(
        registration,
        to=to,
        allowed_from=(FairRegistrationStatus.PENDING,),
        actor=actor,
        action=f"events.fairregistration.{verb}",
        reason=reason,
        recipient=registration.employer.user,
        kind=kind,
        payload={
            "employer_name": registration.employer.name,
            "week_name": registration.week.name,
            "venue_name": registration.venue.name,
        },
    )
    return registration


@transaction.atomic
def fair_registration_approve(*, registration: FairRegistration, actor, note: str = "") -> FairRegistration:
    """pending → approved. Side effects: audit entry; notification to the employer."""
    return _decide(
        registration=registration,
        to=FairRegistrationStatus.APPROVED,
        actor=actor,
        verb="approved",
        kind=NotificationKind.FAIR_REGISTRATION_APPROVED,
        reason=note.strip(),
    )


@transaction.atomic
def fair_registration_reject(*, registration: FairRegistration, actor, reason: str) -> FairRegistration:
    """pending → rejected with a required reason. Side effects: audit entry; notification."""
    return _decide(
        registration=registration,
        to=FairRegistrationStatus.REJECTED,
        actor=actor,
        verb="rejected",
        kind=NotificationKind.FAIR_REGISTRATION_REJECTED,
        reason=require_reason(reason),
    )
