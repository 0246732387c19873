"""Reads of invitations that encode who sees which: an employer its own sent invitations, a graduate
the invitations sent to them. Anyone else's is None (callers answer 404)."""

from django.db.models import QuerySet
from django.utils import timezone

from employers.models import Employer
from fairs.enums import SessionStatus
from fairs.models import Session
from graduates.models import Graduate

from .models import Invitation


def invitations_sent_by(*, employer: Employer) -> QuerySet[Invitation]:
    """The employer's invitations, newest first, with the posting, graduate and session: one query."""
    return (
        Invitation.objects.filter(employer=employer)
        .select_related("posting", "graduate", "session")
        .order_by("-created_at", "-id")
    )


def invitation_sent_by(*, employer: Employer, pk: int) -> Invitation | None:
    return invitations_sent_by(employer=employer).filter(pk=pk).first()


def invitations_of(*, graduate: Graduate) -> QuerySet[Invitation]:
    """The invitations sent to the graduate, newest first, with the employer, posting and session
    (the session's 专场 names its booking page): one query."""
    return (
        Invitation.objects.filter(graduate=graduate)
        .select_related("employer", "posting", "session")
        .order_by("-created_at", "-id")
    )


def invitation_of(*, graduate: Graduate, pk: int) -> Invitation | None:
    return invitations_of(graduate=graduate).filter(pk=pk).first()


def invitable_sessions(*, employer: Employer) -> QuerySet[Session]:
    """The employer's sessions a graduate can be invited to: approved and not yet begun, soonest first."""
    return Session.objects.filter(
        employer=employer, status=SessionStatus.APPROVED, starts_at__gt=timezone.now()
    ).order_by("starts_at", "pk")
