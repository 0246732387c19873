from django.urls import path

from . import feeds

# The week pages show the venues too, so they are served by venues.views; the project's URLconf adds
# them to this namespace ("events").
app_name = "events"
urlpatterns = [
    path("calendar.ics", feeds.weeks_calendar, name="calendar"),
]
