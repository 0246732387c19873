"""Public pages of the weeks and their venues: the home page, a week's page, the unified page (统一网页)
and the organisers' contacts."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from events import selectors as event_selectors

from . import selectors


def venue_list(request: HttpRequest) -> HttpResponse:
    """The unified page: every venue with its link. One query for all venues."""
    return render(request, "venues/venue_list.html", {"directory": selectors.venues_grouped_by_province()})


def contact(request: HttpRequest) -> HttpResponse:
    """Section 五 of the notice, as published."""
    return render(request, "venues/organisercontact_list.html", {"contact_groups": selectors.organiser_contacts()})


def home(request: HttpRequest) -> HttpResponse:
    """The four weeks with their live status, the venues, the organisers and their contacts.

    A fixed number of queries whatever the number of weeks and venues (tests pin it).
    """
    return render(
        request,
        "events/home.html",
        {
            "weeks": event_selectors.weeks_with_status(),
            "directory": selectors.venues_grouped_by_province(),
            "organisers": selectors.organisers(),
            "contact_groups": selectors.organiser_contacts(),
        },
    )


def week_detail(request: HttpRequest, year: int, season: str) -> HttpResponse:
    row = event_selectors.week_detail(year=year, season=season)
    if row is None:
        raise Http404("No such recruitment week")
    return render(
        request,
        "events/recruitmentweek_detail.html",
        {"row": row, "week": row.week, "directory": selectors.venues_grouped_by_province()},
    )
