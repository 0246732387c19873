"""Reads of the staff console: what waits for review at the user's venues (scoped by venues.permissions)."""

from django.db.models import F, QuerySet

from employers.enums import EmployerStatus
from employers.models import Employer
from events.enums import FairRegistrationStatus
from events.models import FairRegistration
from fairs.enums import SessionStatus
from fairs.session_selectors import participations_reviewable_by, sessions_reviewable_by
from graduates.enums import GraduateStatus
from graduates.models import Graduate
from marketplace.responsiveness import MIN_COUNTED
from venues.permissions import staff_scope


def pending_employers(*, user) -> QuerySet[Employer]:
    """Employers waiting for review at the user's venues, the longest-waiting first."""
    queryset = Employer.objects.filter(status=EmployerStatus.PENDING).select_related("province", "reviewing_venue")
    return staff_scope(user).filter(queryset, "reviewing_venue").order_by("submitted_at", "pk")


def pending_graduates(*, user) -> QuerySet[Graduate]:
    """Graduates waiting for review at the user's venues, the longest-waiting first."""
    queryset = Graduate.objects.filter(status=GraduateStatus.PENDING).select_related(
        "university_province", "reviewing_venue"
    )
    return staff_scope(user).filter(queryset, "reviewing_venue").order_by("submitted_at", "pk")


def pending_fair_registrations(*, user) -> QuerySet[FairRegistration]:
    """Fair registrations waiting for review at the user's venues, the longest-waiting first."""
    queryset = FairRegistration.objects.filter(status=FairRegistrationStatus.PENDING).select_related(
        "employer", "week", "venue"
    )
    return staff_scope(user).filter(queryset, "venue").order_by("submitted_at", "pk")


def pending_counts(*, user) -> dict[str, int]:
    """How many of each kind wait for the user's review (the admin index panel). Five queries."""
    return {
        "employers": pending_employers(user=user).count(),
        "graduates": pending_graduates(user=user).count(),
        "fair_registrations": pending_fair_registrations(user=user).count(),
        # Sessions and 专场 applications, with those of the joint 专场 the user's venues co-organise.
        "sessions": sessions_reviewable_by(user=user, status=SessionStatus.PENDING).order_by().count(),
        "participations": participations_reviewable_by(user=user, status=FairRegistrationStatus.PENDING)
        .order_by()
        .count(),
    }


def employers_by_reply_time(*, user) -> QuerySet[Employer]:
    """The employers of the user's venues with enough applications counted for a reply time, the
    slowest first: those without a figure (more than half of their applications unanswered) ahead of
    every figure, then the longest median; ties by the number counted, then name."""
    queryset = Employer.objects.filter(reply_counted__gte=MIN_COUNTED).select_related("reviewing_venue")
    return (
        staff_scope(user)
        .filter(queryset, "reviewing_venue")
        .order_by(F("reply_median_hours").desc(nulls_first=True), "-reply_counted", "name", "pk")
    )
