"""Who may do what in the employers area: named predicates shared by pages, the API and the admin.

An employer has a team (``EmployerMember``): administrators manage the team, the profile and licence
and the fair registrations (week fairs and 专场); every member — recruiters too — manages postings,
applications and sessions. Reviewers of an employer are the staff of the venue that reviews it and of
the main venue of the same system (the ministry sees its whole system), and superusers:
venues.permissions decides, for every app.
"""

from venues.permissions import can_review_employer

from .models import Employer, EmployerMember


def membership_of(user) -> EmployerMember | None:
    """The signed-in user's place on an employer's team, or None (loaded with the user, and its
    employer with it, by PortalBackend: no query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "employer_membership", None)


def employer_of(user) -> Employer | None:
    """The employer the signed-in user works for, through their membership, or None."""
    member = membership_of(user)
    return member.employer if member is not None else None


def is_employer(user) -> bool:
    return employer_of(user) is not None


def is_employer_administrator(user) -> bool:
    member = membership_of(user)
    return member is not None and member.is_administrator


# Administrators: the employer's account and review matters.
can_manage_team = is_employer_administrator
can_edit_profile = is_employer_administrator
can_manage_fair_registrations = is_employer_administrator
# Every member: the recruiting work itself (postings, applications, sessions).
can_recruit = is_employer


def can_publish(employer: Employer | None) -> bool:
    """Only an approved employer publishes postings and applies to join a fair (the notice, 四(五))."""
    return employer is not None and employer.is_approved


def can_view_licence(user, employer: Employer) -> bool:
    """The employer's administrators and its reviewers; nobody else (not its recruiters, not other
    employers, not graduates)."""
    own = employer_of(user)
    if own is not None and own.pk == employer.pk:
        return is_employer_administrator(user)
    return can_review_employer(user, employer)
