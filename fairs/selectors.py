"""Reads of the fairs: an employer's registrations, the registrations a reviewer sees, and each week's
fair at a venue (the public venue page)."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from employers.enums import EmployerStatus
from employers.models import JobPosting
from employers.selectors import public_posting_q
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from venues.models import Venue
from venues.permissions import managed_venues_subquery


def _with_postings(qs: QuerySet[FairRegistration]) -> QuerySet[FairRegistration]:
    return qs.select_related("week", "venue").prefetch_related(
        Prefetch("postings", queryset=JobPosting.objects.only("id", "title", "status", "employer_id").order_by("id"))
    )


def fair_registrations_of(*, employer) -> QuerySet[FairRegistration]:
    """An employer's own registrations, newest first, with week, venue and shown postings. Two queries."""
    return _with_postings(FairRegistration.objects.filter(employer=employer)).order_by("-submitted_at", "-id")


def fair_registration_of(*, employer, pk: int) -> FairRegistration | None:
    return fair_registrations_of(employer=employer).filter(pk=pk).first()


def fair_registrations_reviewable_by(*, user, status: str | None = None) -> QuerySet[FairRegistration]:
    """Registrations at the venues ``user`` works for (a main venue: its whole system); all for a
    superuser; none for anyone else. ``status`` narrows them to one review status."""
    qs = _with_postings(FairRegistration.objects.select_related("employer")).order_by("-submitted_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if not (user.is_authenticated and user.is_active and (user.is_superuser or user.is_staff)):
        return qs.none()
    if user.is_superuser:
        return qs
    # The user's venues as the subquery (see employers_reviewable_by): pages walk fair_reg_submitted_idx.
    return qs.filter(venue__in=managed_venues_subquery(user))


@dataclass(frozen=True)
class WeekFair:
    """One week's fair at one venue: the approved employers, each with its public postings."""

    week: RecruitmentWeek
    registrations: list[FairRegistration]


def venue_fairs(*, venue: Venue) -> list[WeekFair]:
    """Approved fair registrations of the venue grouped by week (latest week first), each with only
    the postings the public may see (published, unexpired, employer approved). Two queries."""
    public = JobPosting.objects.filter(public_posting_q()).select_related("province").order_by("-published_at", "-id")
    registrations = (
        FairRegistration.objects.filter(
            venue=venue, status=FairRegistrationStatus.APPROVED, employer__status=EmployerStatus.APPROVED
        )
        .select_related("week", "employer")
        .prefetch_related(Prefetch("postings", queryset=public, to_attr="public_postings"))
        .order_by("-week__starts_on", "employer__name", "pk")
    )
    weeks: dict[int, WeekFair] = {}
    for registration in registrations:
        weeks.setdefault(registration.week_id, WeekFair(week=registration.week, registrations=[]))
        weeks[registration.week_id].registrations.append(registration)
    return list(weeks.values())


# --- Staff: site-link reports by week ----------------------------------------------------------------

# Late and missing first: those are what main-venue staff chase.
