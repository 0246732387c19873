"""Public pages of the venues (the unified page, 统一网页) and the organisers' contacts."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


def venue_list(request: HttpRequest) -> HttpResponse:
    """The unified page: every venue with its link. One query for all venues."""
    return render(request, "venues/venue_list.html", {"directory": selectors.venues_grouped_by_province()})


def venue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A venue's facts, its announcements and, for each week, the approved employers of its fair with
    their public postings. Five queries at most whatever the numbers (tests pin it)."""
    detail = selectors.venue_detail(slug=slug)
    if detail is None:
        raise Http404("No such venue")
    return render(
        request,
        "venues/venue_detail.html",
        {
            "venue": detail.venue,
            "branches": detail.branches,
            "announcements": selectors.venue_announcements(venue=detail.venue),
            "fairs": selectors.venue_fairs(venue=detail.venue),
        },
    )


def contact(request: HttpRequest) -> HttpResponse:
    """Section 五 of the notice, as published."""
    return render(request, "venues/organisercontact_list.html", {"contact_groups": selectors.organiser_contacts()})
