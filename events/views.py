"""Public pages of the recruitment weeks: thin views over selectors."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from venues import selectors as venue_selectors

from . import selectors


def home(request: HttpRequest) -> HttpResponse:
    """The four weeks with their live status, the venues, the organisers and their contacts.

    A fixed number of queries whatever the number of weeks and venues (tests pin it).
    """
    return render(
        request,
        "events/home.html",
        {
            "weeks": selectors.weeks_with_status(),
            "directory": venue_selectors.venues_grouped_by_province(),
            "organisers": venue_selectors.organisers(),
            "contact_groups": venue_selectors.organiser_contacts(),
        },
    )


def week_detail(request: HttpRequest, year: int, season: str) -> HttpResponse:
    row = selectors.week_detail(year=year, season=season)
    if row is None:
        raise Http404("No such recruitment week")
    return render(
        request,
        "events/recruitmentweek_detail.html",
        {"row": row, "week": row.week, "directory": venue_selectors.venues_grouped_by_province()},
    )
