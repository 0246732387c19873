"""Reads of the fairs: an employer's registrations, the registrations a reviewer sees, and each week's
fair at a venue (the public venue page and the week's fair page)."""

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from employers.enums import EmployerStatus
from employers.models import JobPosting
from employers.selectors import public_posting_q
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from recruitment_weeks.pagination import InvalidCursor, decode_token, encode_token
from venues.models import Venue
from venues.permissions import managed_venues_subquery


def _with_postings(qs: QuerySet[FairRegistration]) -> QuerySet[FairRegistration]:
    return qs.select_related("week", "venue").prefetch_related(
        Prefetch("postings", queryset=JobPosting.objects.only("id", "title", "status", "employer_id").order_by("id"))
    )


def fair_registrations_of(*, employer) -> QuerySet[FairRegistration]:
    """An employer's own registrations, newest first, with week, venue and shown postings. Two queries."""
    return _with_postings(
        FairRegistration.objects.filter(employer=employer).select_related("on_duty_member__user")
    ).order_by("-submitted_at", "-id")


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


# The venue page shows each week's fair as its first employers (by name) with a few of their public
# postings; the whole list is the week's fair page, in keyset pages. Both cost what a page shows, not
# what the venue holds (601 employers and 370 KB per page at a million postings when all were shown).
VENUE_PAGE_EMPLOYERS = 12
FAIR_PAGE_EMPLOYERS = 30
BOOTH_POSTINGS = 3


@dataclass(frozen=True)
class WeekFair:
    """One week's fair at one venue: its first approved employers, each with a few public postings
    (``public_postings``) and the number it shows (``public_count``), and how many employers there are."""

    week: RecruitmentWeek
    registrations: list[FairRegistration]
    total: int


def _shown_at(venue: Venue) -> QuerySet[FairRegistration]:
    """Approved registrations of approved employers at ``venue``, each with up to BOOTH_POSTINGS of
    its public postings (newest first) and the number of its public postings."""
    public = JobPosting.objects.filter(public_posting_q()).order_by("-published_at", "-id")
    counted = (
        FairRegistration.postings.through.objects.filter(
            fairregistration_id=OuterRef("pk"), jobposting__in=JobPosting.objects.filter(public_posting_q())
        )
        .order_by()
        .values("fairregistration_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        FairRegistration.objects.filter(
            venue=venue, status=FairRegistrationStatus.APPROVED, employer__status=EmployerStatus.APPROVED
        )
        .select_related("employer", "on_duty_member__user")
        .annotate(public_count=Coalesce(Subquery(counted), 0))
        .prefetch_related(Prefetch("postings", queryset=public[:BOOTH_POSTINGS], to_attr="public_postings"))
    )


def venue_fairs(*, venue: Venue) -> list[WeekFair]:
    """Each week's fair at the venue (latest week first): its number of approved employers and the
    first VENUE_PAGE_EMPLOYERS of them by name. Three queries whatever the numbers."""
    weeks = list(
        RecruitmentWeek.objects.filter(
            fair_registrations__venue=venue,
            fair_registrations__status=FairRegistrationStatus.APPROVED,
            fair_registrations__employer__status=EmployerStatus.APPROVED,
        )
        .annotate(employers=Count("fair_registrations"))
        .order_by("-starts_on", "-pk")
    )
    if not weeks:
        return []
    first = (
        _shown_at(venue)
        .filter(week__in=[week.pk for week in weeks])
        .annotate(
            place=Window(RowNumber(), partition_by=F("week_id"), order_by=[F("employer__name").asc(), F("pk").asc()])
        )
        .filter(place__lte=VENUE_PAGE_EMPLOYERS)
        .order_by("employer__name", "pk")
    )
    by_week: dict[int, list[FairRegistration]] = {}
    for registration in first:
        by_week.setdefault(registration.week_id, []).append(registration)
    return [WeekFair(week=week, registrations=by_week.get(week.pk, []), total=week.employers) for week in weeks]


@dataclass(frozen=True)
class FairPage:
    """One keyset page of a week's fair at a venue: employers by name, ``next_cursor`` for the next."""

    registrations: list[FairRegistration]
    next_cursor: str | None


def venue_week_fair(*, venue: Venue, week: RecruitmentWeek, cursor: str | None = None) -> FairPage:
    """The approved employers of ``week``'s fair at ``venue`` by name, FAIR_PAGE_EMPLOYERS at a time,
    after ``cursor`` (a token from the previous page; raises InvalidCursor). Two queries. Its own
    cursor (the name and id of the last row): the shared keyset pages order by the model's own
    fields only, and people look for an employer by its name."""
    qs = _shown_at(venue).filter(week=week).order_by("employer__name", "pk")
    if cursor:
        position = decode_token(cursor)
        if not (
            isinstance(position, list)
            and len(position) == 2
            and isinstance(position[0], str)
            and type(position[1]) is int
            and 0 < position[1] < 2**63
        ):
            raise InvalidCursor(cursor)
        name, pk = position
        qs = qs.filter(Q(employer__name__gt=name) | Q(employer__name=name, pk__gt=pk))
    rows = list(qs[: FAIR_PAGE_EMPLOYERS + 1])
    more, rows = len(rows) > FAIR_PAGE_EMPLOYERS, rows[:FAIR_PAGE_EMPLOYERS]
    return FairPage(
        registrations=rows,
        next_cursor=encode_token([rows[-1].employer.name, rows[-1].pk]) if more else None,
    )


# --- Staff: site-link reports by week ----------------------------------------------------------------

# Late and missing first: those are what main-venue staff chase.
