"""Who may do what in the employers area: named predicates shared by pages, the API and the admin.

Reviewers of an employer (or of a fair registration) are the staff of the venue that reviews it and
of the main venue of the same system (the ministry sees its whole system), and superusers.
"""

from django.db.models import Q

from venues.models import Venue, VenueMembership

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


def reviews_venue(user, venue: Venue) -> bool:
    """Staff of ``venue`` or of its system's main venue, or a superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    venue_ids = {venue.pk, venue.parent_id} - {None}
    return VenueMembership.objects.filter(user=user, venue_id__in=venue_ids).exists()


def reviewer_venue_q(user, prefix: str) -> Q:
    """The rows whose venue (reached by ``prefix``, e.g. "reviewing_venue__") ``user`` reviews."""
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}memberships__user": user}) | Q(**{f"{prefix}parent__memberships__user": user})


def can_review_employer(user, employer: Employer) -> bool:
    return reviews_venue(user, employer.reviewing_venue)


def can_view_licence(user, employer: Employer) -> bool:
    """The employer itself and its reviewers; nobody else (not other employers, not graduates)."""
    own = employer_of(user)
    if own is not None and own.pk == employer.pk:
        return True
    return can_review_employer(user, employer)


def can_review_fair_registration(user, registration) -> bool:
    return reviews_venue(user, registration.venue)
