"""Reads of 专场, sessions and bookings: the public pages, the employer's sessions and the graduate's
bookings. Each list is a fixed number of queries whatever its length (tests pin the counts)."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from employers.enums import EmployerStatus
from employers.models import JobPosting
from employers.selectors import public_posting_q
from events.enums import FairRegistrationStatus
from events.models import FairRegistration
from venues.permissions import staff_scope

from .enums import BookingStatus, SessionStatus, SpecialFairScope, SpecialFairStatus
from .models import Booking, Session, Slot, SpecialFair, SpecialFairParticipation
from .permissions import session_reviewers_q, special_fair_reviewers_q


def special_fairs_public() -> QuerySet[SpecialFair]:
    """Published 专场, latest week first. One query."""
    return (
        SpecialFair.objects.filter(status=SpecialFairStatus.PUBLISHED)
        .select_related("week", "venue")
        .order_by("-week__starts_on", "title", "pk")
    )


def _with_booked(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.annotate(booked_count=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)))


def sessions_public(**filters) -> QuerySet[Session]:
    """Approved sessions of approved employers, soonest first, with their places taken and (one-to-one)
    their slots marked free or taken. Two queries."""
    taken = Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED))
    return _with_booked(
        Session.objects.filter(status=SessionStatus.APPROVED, employer__status=EmployerStatus.APPROVED, **filters)
        .select_related("employer")
        .prefetch_related(Prefetch("slots", queryset=Slot.objects.annotate(taken=taken).order_by("starts_at")))
    ).order_by("starts_at", "pk")


@dataclass(frozen=True)
class SpecialFairPage:
    special_fair: SpecialFair
    participations: list[SpecialFairParticipation]
    sessions: list[Session]
    partners: list = field(default_factory=list)  # the other organiser venues of a joint 专场


JOINT_SCOPES = (SpecialFairScope.PROVINCE, SpecialFairScope.CROSS_PROVINCE)


def special_fair_page(*, pk: int) -> SpecialFairPage | None:
    """A published 专场 with its approved employers and their approved sessions and, for a joint
    one, its partner venues. Four queries (five for a joint 专场)."""
    special_fair = special_fairs_public().filter(pk=pk).first()
    if special_fair is None:
        return None
    partners = []
    if special_fair.scope in JOINT_SCOPES:
        partners = list(special_fair.partner_venues.order_by("province__code", "system", "pk"))
    participations = list(
        special_fair.participations.filter(
            status=FairRegistrationStatus.APPROVED, employer__status=EmployerStatus.APPROVED
        )
        .select_related("employer", "on_duty_member__user")
        .order_by("employer__name", "pk")
    )
    return SpecialFairPage(special_fair, participations, list(sessions_public(special_fair=special_fair)), partners)


def sessions_of(*, employer) -> QuerySet[Session]:
    """The employer's sessions, latest first, with places taken. One query."""
    return _with_booked(
        Session.objects.filter(employer=employer).select_related("week", "special_fair", "venue")
    ).order_by("-starts_at", "-pk")


def bookings_of(*, graduate) -> QuerySet[Booking]:
    """The graduate's bookings, soonest first. One query."""
    return (
        Booking.objects.filter(graduate=graduate)
        .select_related("session__employer", "slot")
        .order_by("starts_at", "pk")
    )


def booking_of(*, graduate, pk: int) -> Booking | None:
    return bookings_of(graduate=graduate).filter(pk=pk).first()


def bookings_of_session(*, session: Session) -> QuerySet[Booking]:
    """A session's booked and waiting places (the graduates' names), in booking order. One query."""
    return (
        Booking.objects.filter(session=session, status__in=BookingStatus.active)
        .select_related("graduate", "slot")
        .order_by("starts_at", "created_at", "pk")
    )


def booking_of_employer(*, employer, pk: int) -> Booking | None:
    """A booking of one of the employer's sessions (any other is None)."""
    return Booking.objects.filter(pk=pk, session__employer=employer).first()


@dataclass(frozen=True)
class Booth:
    participation: SpecialFairParticipation
    postings: list
    sessions: list[Session]


def booth(*, special_fair_id: int, employer_id: int) -> Booth | None:
    """An approved participant's booth in a published 专场. Three queries."""
    participation = (
        SpecialFairParticipation.objects.filter(
            special_fair_id=special_fair_id,
            special_fair__status=SpecialFairStatus.PUBLISHED,
            employer_id=employer_id,
            employer__status=EmployerStatus.APPROVED,
            status=FairRegistrationStatus.APPROVED,
        )
        .select_related("special_fair__week", "special_fair__venue", "employer", "on_duty_member__user")
        .first()
    )
    if participation is None:
        return None
    postings = list(
        JobPosting.objects.filter(public_posting_q(), employer_id=employer_id).order_by("-published_at", "-pk")[:50]
    )
    sessions = list(sessions_public(special_fair_id=special_fair_id, employer_id=employer_id))
    return Booth(participation, postings, sessions)


@dataclass
class WeekBooth:
    registration: FairRegistration
    postings: list
    sessions: list[Session]


def week_booth(*, venue_id: int, week_id: int, employer_id: int) -> WeekBooth | None:
    """An approved employer's booth in one week's fair at one venue: the public postings it shows
    there (newest first, up to 50), its approved sessions of that week at that venue outside any 专场
    (with their places and slots, bookable from the booth), its on-duty person and hours. None unless
    its registration there is approved. Four queries."""
    registration = (
        FairRegistration.objects.filter(
            venue_id=venue_id,
            week_id=week_id,
            employer_id=employer_id,
            status=FairRegistrationStatus.APPROVED,
            employer__status=EmployerStatus.APPROVED,
        )
        .select_related("employer", "week", "venue", "on_duty_member__user")
        .first()
    )
    if registration is None:
        return None
    postings = list(registration.postings.filter(public_posting_q()).order_by("-published_at", "-pk")[:50])
    sessions = list(
        sessions_public(week_id=week_id, employer_id=employer_id, venue_id=venue_id, special_fair__isnull=True)
    )
    return WeekBooth(registration, postings, sessions)


# --- Staff: what waits for review at the user's venues -------------------------------------------


def sessions_reviewable_by(*, user, status: str | None = None) -> QuerySet[Session]:
    """Sessions the staff ``user`` reviews (fairs.permissions: their venues' and those of the 专场
    their venues organise or co-organise), the longest-waiting first; ``status`` narrows them. None
    for anyone but venue staff. One query."""
    scope = staff_scope(user)
    qs = _with_booked(Session.objects.select_related("employer", "week", "special_fair", "venue"))
    if status:
        qs = qs.filter(status=status)
    if not scope.is_venue_staff:
        return qs.none()
    return qs.filter(session_reviewers_q(scope)).order_by("submitted_at", "pk")


def participations_reviewable_by(*, user, status: str | None = None) -> QuerySet[SpecialFairParticipation]:
    """Employers' applications to join the 专场 the staff ``user``'s venues organise or co-organise,
    the longest-waiting first; ``status`` narrows them. None for anyone but venue staff. One query."""
    scope = staff_scope(user)
    qs = SpecialFairParticipation.objects.select_related("employer", "special_fair__week", "special_fair__venue")
    if status:
        qs = qs.filter(status=status)
    if not scope.is_venue_staff:
        return qs.none()
    return qs.filter(special_fair_reviewers_q(scope, "special_fair")).order_by("submitted_at", "pk")
