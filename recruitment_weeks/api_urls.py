"""Every app's API under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("recruitment_weeks.accounts.api_urls")),
    path("", include("events.api.urls")),
    path("", include("venues.api.urls")),
    path("", include("universities.api.urls")),
    path("", include("employers.api.urls")),
    path("", include("graduates.api.urls")),
    path("", include("marketplace.api.urls")),
    path("", include("fairs.api.urls")),
    path("", include("conversations.api.urls")),
    path("", include("invitations.api.urls")),
    path("", include("console.api.urls")),
]
