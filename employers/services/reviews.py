"""Review decisions on employers (approve, reject, suspend, reinstate) and resubmission after a rejection."""

from django.db import transaction
from django.utils import timezone

from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.workflow import Review, require_reason, transition
from venues.permissions import venue_of

from ..enums import EmployerAction, EmployerStatus
from ..models import Employer
from ..selectors import team_recipients

REVIEW = Review(
    moves=EmployerStatus.moves,
    related=("user",),
    # Account and review matters: the team's administrators.
    recipient=lambda employer: team_recipients(employer=employer, administrators_only=True),
    payload=lambda employer: {"employer_name": employer.name},
    venue=venue_of,
)


@transaction.atomic
def employer_approve(*, employer: Employer, actor, note: str = "") -> Employer:
    """pending → approved. Side effects: audit entry; notification to the employer."""
    return REVIEW.decide(
        employer,
        verb="approved",
        action=EmployerAction.APPROVED,
        actor=actor,
        kind=NotificationKind.EMPLOYER_APPROVED,
        reason=note.strip(),
    )


@transaction.atomic
def employer_reject(*, employer: Employer, actor, reason: str) -> Employer:
    """pending → rejected with a required reason. Side effects: audit entry; notification."""
    return REVIEW.decide(
        employer,
        verb="rejected",
        action=EmployerAction.REJECTED,
        actor=actor,
        kind=NotificationKind.EMPLOYER_REJECTED,
        reason=require_reason(reason),
    )


@transaction.atomic
def employer_suspend(*, employer: Employer, actor, reason: str) -> Employer:
    """approved → suspended: its postings leave every public list at once (selectors check the
    employer's status). Side effects: audit entry; notification."""
    return REVIEW.decide(
        employer,
        verb="suspended",
        action=EmployerAction.SUSPENDED,
        actor=actor,
        kind=NotificationKind.EMPLOYER_SUSPENDED,
        reason=require_reason(reason),
    )


@transaction.atomic
def employer_reinstate(*, employer: Employer, actor, note: str = "") -> Employer:
    """suspended → approved. Side effects: audit entry; notification."""
    return REVIEW.decide(
        employer,
        verb="reinstated",
        action=EmployerAction.REINSTATED,
        actor=actor,
        kind=NotificationKind.EMPLOYER_REINSTATED,
        reason=note.strip(),
    )


@transaction.atomic
def employer_resubmit(*, employer: Employer, actor) -> Employer:
    """rejected → pending, after the employer corrected its profile. Side effects: audit entry."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    transition(
        employer,
        move=EmployerStatus.moves["resubmitted"],
        actor=actor,
        action=EmployerAction.RESUBMITTED,
        venue=venue_of(employer),
        changes={"submitted_at": timezone.now()},
    )
    return employer
