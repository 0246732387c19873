"""Review decisions on employers (approve, reject, suspend, reinstate) and resubmission after a rejection."""

from django.db import transaction
from django.utils import timezone

from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.workflow import require_reason, review_decision, transition

from ..enums import EmployerStatus
from ..models import Employer


def _decide(
    *, employer: Employer, to: str, allowed_from: tuple, actor, verb: str, kind: str, reason: str = ""
) -> Employer:
    employer = Employer.objects.select_for_update().select_related("user").get(pk=employer.pk)
    review_decision(
        employer,
        to=to,
        allowed_from=allowed_from,
        actor=actor,
        action=f"employers.employer.{verb}",
        reason=reason,
        recipient=employer.user,
        kind=kind,
        payload={"employer_name": employer.name},
    )
    return employer


@transaction.atomic
def employer_approve(*, employer: Employer, actor, note: str = "") -> Employer:
    """pending → approved. Side effects: audit entry; notification to the employer."""
    return _decide(
        employer=employer,
        to=EmployerStatus.APPROVED,
        allowed_from=(EmployerStatus.PENDING,),
        actor=actor,
        verb="approved",
        kind=NotificationKind.EMPLOYER_APPROVED,
        reason=note.strip(),
    )


@transaction.atomic
def employer_reject(*, employer: Employer, actor, reason: str) -> Employer:
    """pending → rejected with a required reason. Side effects: audit entry; notification."""
    return _decide(
        employer=employer,
        to=EmployerStatus.REJECTED,
        allowed_from=(EmployerStatus.PENDING,),
        actor=actor,
        verb="rejected",
        kind=NotificationKind.EMPLOYER_REJECTED,
        reason=require_reason(reason),
    )


@transaction.atomic
def employer_suspend(*, employer: Employer, actor, reason: str) -> Employer:
    """approved → suspended: its postings leave every public list at once (selectors check the
    employer's status). Side effects: audit entry; notification."""
    return _decide(
        employer=employer,
        to=EmployerStatus.SUSPENDED,
        allowed_from=(EmployerStatus.APPROVED,),
        actor=actor,
        verb="suspended",
        kind=NotificationKind.EMPLOYER_SUSPENDED,
        reason=require_reason(reason),
    )


@transaction.atomic
def employer_reinstate(*, employer: Employer, actor, note: str = "") -> Employer:
    """suspended → approved. Side effects: audit entry; notification."""
    return _decide(
        employer=employer,
        to=EmployerStatus.APPROVED,
        allowed_from=(EmployerStatus.SUSPENDED,),
        actor=actor,
        verb="reinstated",
        kind=NotificationKind.EMPLOYER_REINSTATED,
        reason=note.strip(),
    )


@transaction.atomic
def employer_resubmit(*, employer: Employer, actor) -> Employer:
    """rejected → pending, after the employer corrected its profile. Side effects: audit entry."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    transition(
        employer,
        to=EmployerStatus.PENDING,
        allowed_from=(EmployerStatus.REJECTED,),
        actor=actor,
        action="employers.employer.resubmitted",
        changes={"submitted_at": timezone.now()},
    )
    return employer
