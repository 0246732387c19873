"""Reads of recruitment weeks for the public pages, and of fair registrations."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from .enums import Season, WeekStatus
from .models import SHANGHAI, RecruitmentWeek


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


def weeks_for_api() -> QuerySet[RecruitmentWeek]:
    """Every week, oldest first (ties by id: a stable order for keyset pages)."""
    return RecruitmentWeek.objects.order_by("starts_on", "id")


def week_detail(*, year: int, season: str, now: dt.datetime | None = None) -> WeekWithStatus | None:
    """The week of ``year`` and ``season`` with its status, or None if there is no such week."""
    if season not in Season.values:
        return None
    week = RecruitmentWeek.objects.filter(year=year, season=season).first()
    if week is None:
        return None
    return WeekWithStatus(week=week, status=WeekStatus(week.status_at(now or timezone.now())))


def current_or_next_week(*, now: dt.datetime | None = None) -> RecruitmentWeek | None:
    """The week open at ``now``, else the next one to open; None when every week has closed."""
    today = (now or timezone.now()).astimezone(SHANGHAI).date()
    return RecruitmentWeek.objects.filter(ends_on__gte=today).order_by("starts_on", "id").first()


def week_of_record(*, now: dt.datetime | None = None) -> RecruitmentWeek | None:
    """The week paperwork is about at ``now``: the current or next week, else the latest one that
    ran (None only when there are no weeks at all)."""
    return current_or_next_week(now=now) or RecruitmentWeek.objects.order_by("-starts_on", "-id").first()


# --- Registration windows ----------------------------------------------------------------------------


def weeks_open_for_registration(*, now: dt.datetime | None = None) -> QuerySet[RecruitmentWeek]:
    """Weeks an employer may still apply to join: upcoming or open (not closed) at ``now``."""
    today = (now or timezone.now()).astimezone(SHANGHAI).date()
    return RecruitmentWeek.objects.filter(ends_on__gte=today).order_by("starts_on")
