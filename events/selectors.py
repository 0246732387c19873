"""Reads of recruitment weeks for the public pages, and of fair registrations."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .enums import Season, WeekStatus
from .models import SHANGHAI, FairRegistration, RecruitmentWeek


@dataclass(frozen=True)
class WeekWithStatus:
    """A week and its status at one instant (status is derived, never stored)."""

    week: RecruitmentWeek
    status: WeekStatus


def weeks_with_status(*, now: dt.datetime | None = None) -> list[WeekWithStatus]:
    """Every week, ordered by start date, each with its status at ``now``.

    One instant for all rows, so a page rendered across midnight never shows two weeks "open".
    One query.
    """
    moment = now or timezone.now()
    return [
        WeekWithStatus(week=week, status=WeekStatus(week.status_at(moment)))
        for week in RecruitmentWeek.objects.order_by("starts_on")
    ]


def week_detail(*, year: int, season: str, now: dt.datetime | None = None) -> WeekWithStatus | None:
    """The week of ``year`` and ``season`` with its status, or None if there is no such week."""
    if season not in Season.values:
        return None
    week = RecruitmentWeek.objects.filter(year=year, season=season).first()
    if week is None:
        return None
    return WeekWithStatus(week=week, status=WeekStatus(week.status_at(now or timezone.now())))


# --- Fair registrations ----------------------------------------------------------------------------


def weeks_open_for_registration(*, now: dt.datetime | None = None) -> QuerySet[RecruitmentWeek]:
    """Weeks an employer may still apply to join: upcoming or open (not closed) at ``now``."""
    today = (now or timezone.now()).astimezone(SHANGHAI).date()
    return RecruitmentWeek.objects.filter(ends_on__gte=today).order_by("starts_on")


def _with_postings(qs: QuerySet[FairRegistration]) -> QuerySet[FairRegistration]:
    from employers.models import JobPosting

    return qs.select_related("week", "venue").prefetch_related(
        Prefetch("postings", queryset=JobPosting.objects.only("id", "title", "status", "employer_id").order_by("id"))
    )


def fair_registrations_of(*, employer) -> QuerySet[FairRegistration]:
    """An employer's own registrations, newest first, with week, venue and shown postings. Two queries."""
    return _with_postings(FairRegistration.objects.filter(employer=employer)).order_by("-submitted_at", "-id")


def fair_registration_of(*, employer, pk: int) -> FairRegistration | None:
    return fair_registrations_of(employer=employer).filter(pk=pk).first()


def fair_registrations_reviewable_by(*, user) -> QuerySet[FairRegistration]:
    """Registrations at the venues ``user`` works for (a main venue: its whole system); all for a
    superuser; none for anyone else."""
    from employers.permissions import reviewer_venue_q
    from venues.models import Venue

    qs = _with_postings(FairRegistration.objects.select_related("employer")).order_by("-submitted_at", "-id")
    if not (user.is_authenticated and user.is_active and (user.is_superuser or user.is_staff)):
        return qs.none()
    if user.is_superuser:
        return qs
    # The user's venues as the subquery (see employers_reviewable_by): pages walk fair_reg_submitted_idx.
    return qs.filter(venue__in=Venue.objects.filter(reviewer_venue_q(user, "")).values("pk"))
