from django.urls import path

from . import feeds

app_name = "feeds"
urlpatterns = [
    path("venues/<slug:slug>/postings.rss", feeds.VenuePostingsRss(), name="venue_rss"),
    path("venues/<slug:slug>/postings.atom", feeds.VenuePostingsAtom(), name="venue_atom"),
    path("venues/<slug:slug>/postings.json", feeds.venue_postings_json, name="venue_json"),
    path("weeks/<int:year>/<slug:season>/postings.rss", feeds.WeekPostingsRss(), name="week_rss"),
    path("weeks/<int:year>/<slug:season>/postings.atom", feeds.WeekPostingsAtom(), name="week_atom"),
    path("weeks/<int:year>/<slug:season>/postings.json", feeds.week_postings_json, name="week_json"),
]
