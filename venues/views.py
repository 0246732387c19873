"""Public pages of the weeks and their venues: the home page, a week's page, the unified page (统一网页)
and the organisers' contacts."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from events import selectors as event_selectors
from events.enums import WeekStatus

from . import selectors
from .duties import branch_duties


def venue_list(request: HttpRequest) -> HttpResponse:
    """The unified page: every venue with its link. One query for all venues, only when the cached
    directory has expired (the template calls it)."""
    return render(
        request,
        "venues/venue_list.html",
        {"directory": selectors.venues_grouped_by_province, **_directory_cache()},
    )


def _directory_cache() -> dict:
    return {"directory_cache_seconds": settings.PUBLIC_DIRECTORY_CACHE_SECONDS}


def contact(request: HttpRequest) -> HttpResponse:
    """Section 五 of the notice, as published."""
    return render(request, "venues/organisercontact_list.html", {"contact_groups": selectors.organiser_contacts()})


def home(request: HttpRequest) -> HttpResponse:
    """The current or next week and a job search box first, then the other weeks (closed ones
    last), the venues, the organisers and their contacts.

    A fixed number of queries whatever the number of weeks and venues (tests pin it). The venues,
    duties, organisers and contacts are read only when their cached fragment has expired: the
    template calls them.
    """
    rows = event_selectors.weeks_with_status()
    ahead = [row for row in rows if row.status != WeekStatus.CLOSED]
    closed = [row for row in rows if row.status == WeekStatus.CLOSED][::-1]
    return render(
        request,
        "events/home.html",
        {
            # The current or next week leads, after the job search; then the later weeks, and the
            # closed ones last, the most recent first.
            "lead": ahead[0] if ahead else None,
            "weeks": ahead[1:] + closed,
            "directory": selectors.venues_grouped_by_province,
            "duties": branch_duties,
            "organisers": selectors.organisers,
            "contact_groups": selectors.organiser_contacts,
            **_directory_cache(),
        },
    )


def week_detail(request: HttpRequest, year: int, season: str) -> HttpResponse:
    row = event_selectors.week_detail(year=year, season=season)
    if row is None:
        raise Http404("No such recruitment week")
    return render(
        request,
        "events/recruitmentweek_detail.html",
        {"row": row, "week": row.week, "directory": selectors.venues_grouped_by_province, **_directory_cache()},
    )
