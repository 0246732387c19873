from django.urls import path

from . import feeds, views

# The home page is routed in recruitment_weeks/urls.py as the top-level name "home".
app_name = "events"
urlpatterns = [
    path("calendar.ics", feeds.weeks_calendar, name="calendar"),
    path("<int:year>/<slug:season>/", views.week_detail, name="week_detail"),
]
