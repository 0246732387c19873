"""Who may do what in the employers area: named predicates shared by pages, the API and the admin.

Reviewers of an employer are the staff of the venue that reviews it and of the main venue of the same
system (the ministry sees its whole system), and superusers: venues.permissions decides, for every app.
"""

from venues.permissions import can_review_employer

from .models import Employer


def employer_of(user) -> Employer | None:
    """The employer profile of a signed-in user, or None (loaded with the user by PortalBackend)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "employer", None)


def is_employer(user) -> bool:
    return employer_of(user) is not None


def can_publish(employer: Employer | None) -> bool:
    """Only an approved employer publishes postings and applies to join a fair (the notice, 四(五))."""
    return employer is not None and employer.is_approved


def can_view_licence(user, employer: Employer) -> bool:
    """The employer itself and its reviewers; nobody else (not other employers, not graduates)."""
    own = employer_of(user)
    if own is not None and own.pk == employer.pk:
        return True
    return can_review_employer(user, employer)
