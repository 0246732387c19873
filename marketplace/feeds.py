"""Read-only feeds of a venue's or a week's fair postings (RSS 2.0, Atom 1.0 and JSON Feed 1.1), for
provincial sites to embed. Only public postings shown in an approved fair registration appear.

Feed readers and embedding sites render an RSS ``<description>`` and an Atom ``<summary type="html">``
as HTML, so everything put there from what people typed (a posting's city, a venue's name) is
HTML-escaped first: it reads as the text that was typed and never becomes markup. Titles and the Atom
subtitle are plain text (the XML escaping is enough) and are left as they are."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from employers.selectors import postings_public
from events.models import RecruitmentWeek
from marketplace.search import filter_postings
from venues.models import Venue

FEED_SIZE = 50


def _week(year: int, season: str) -> RecruitmentWeek:
    return get_object_or_404(RecruitmentWeek, year=year, season=season)


def fair_postings(*, venue: Venue | None = None, week: RecruitmentWeek | None = None):
    """The newest public postings shown at the venue and/or in the week's fair. One query."""
    params = {"venue": venue.slug if venue else None, "week": week.pk if week else None}
    return filter_postings(postings_public(), params).order_by("-published_at", "-id")[:FEED_SIZE]


class VenuePostingsRss(Feed):
    def get_object(self, request, slug: str):
        return get_object_or_404(Venue, slug=slug)

    def title(self, venue):
        return _("%(venue)s · 招聘会职位") % {"venue": venue}

    def link(self, venue):
        return reverse("venues:venue_detail", args=[venue.slug])

    def subtitle(self, venue):
        return _("在%(venue)s招聘会展示的最新职位。") % {"venue": venue}

    def description(self, venue):
        return escape(self.subtitle(venue))

    def items(self, venue):
        return fair_postings(venue=venue)

    def item_title(self, posting):
        return f"{posting.title} · {posting.employer.name}"

    def item_description(self, posting):
        return _("%(city)s · 月薪 %(low)s–%(high)s 元 · 招聘 %(n)s 人") % {
            "city": escape(posting.city),
            "low": posting.salary_min,
            "high": posting.salary_max,
            "n": posting.headcount,
        }

    def item_link(self, posting):
        return reverse("jobs:detail", args=[posting.pk])

    def item_pubdate(self, posting):
        return posting.published_at


class VenuePostingsAtom(VenuePostingsRss):
    feed_type = Atom1Feed


class WeekPostingsRss(VenuePostingsRss):
    def get_object(self, request, year: int, season: str):
        return _week(year, season)

    def title(self, week):
        return _("%(week)s · 招聘会职位") % {"week": week.display_name}

    def link(self, week):
        return reverse("events:week_detail", args=[week.year, week.season])

    def subtitle(self, week):
        return _("在%(week)s招聘会展示的最新职位。") % {"week": week.display_name}

    def items(self, week):
        return fair_postings(week=week)


class WeekPostingsAtom(WeekPostingsRss):
    feed_type = Atom1Feed


def _json_feed(request, *, title: str, home: str, postings) -> JsonResponse:
    base = settings.SITE_URL
    items = [
        {
            "id": str(p.pk),
            "url": base + reverse("jobs:detail", args=[p.pk]),
            "title": f"{p.title} · {p.employer.name}",
            "content_text": p.description,
            "date_published": p.published_at.isoformat() if p.published_at else None,
            "_posting": {
                "city": p.city,
                "salary_min": p.salary_min,
                "salary_max": p.salary_max,
                "headcount": p.headcount,
                "employer": p.employer.name,
            },
        }
        for p in postings
    ]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": base + home,
        "feed_url": request.build_absolute_uri(),
        "items": items,
    }
    return JsonResponse(feed, json_dumps_params={"ensure_ascii": False})


def venue_postings_json(request, slug: str):
    venue = get_object_or_404(Venue, slug=slug)
    return _json_feed(
        request,
        title=VenuePostingsRss().title(venue),
        home=reverse("venues:venue_detail", args=[slug]),
        postings=fair_postings(venue=venue),
    )


def week_postings_json(request, year: int, season: str):
    week = _week(year, season)
    return _json_feed(
        request,
        title=WeekPostingsRss().title(week),
        home=reverse("events:week_detail", args=[year, season]),
        postings=fair_postings(week=week),
    )
