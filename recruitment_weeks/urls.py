from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import employers.urls
import events.urls
import fairs.urls
import graduates.urls
import invitations.urls
import marketplace.urls
import universities.urls
import venues.urls
from recruitment_weeks import views as portal_views
from venues import views as venue_views

# JSON in the API's error format under /api/, the HTML error pages everywhere else.
handler400 = "recruitment_weeks.api_errors.bad_request"
handler403 = "recruitment_weeks.api_errors.permission_denied"
handler404 = "recruitment_weeks.api_errors.page_not_found"
handler500 = "recruitment_weeks.api_errors.server_error"

urlpatterns = [
    path("healthz", portal_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/landing/", portal_views.landing, name="landing"),
    path("accounts/", include("recruitment_weeks.accounts.urls")),
    path("inbox/", include("recruitment_weeks.notifications.urls")),
    path("conversations/", include("conversations.urls")),
    path("api/v1/", include("recruitment_weeks.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its init script as a separate response (?script): no inline code.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("", venue_views.home, name="home"),
    # A workspace or section is one URL namespace served by several layers: each app lists its own
    # routes, and the project (the only place that sees every layer) puts them together.
    path("weeks/", include((events.urls.urlpatterns + venues.urls.week_urlpatterns, "events"))),
    path("venues/", include((venues.urls.urlpatterns + fairs.urls.venue_urlpatterns, "venues"))),
    path("contact/", venue_views.contact, name="contact"),
    path("jobs/", include("marketplace.urls")),
    path("feeds/", include("marketplace.feed_urls")),
    path(
        "employer/",
        include(
            (
                employers.urls.urlpatterns
                + marketplace.urls.employer_urlpatterns
                + fairs.urls.employer_urlpatterns
                + invitations.urls.employer_urlpatterns,
                "employers",
            )
        ),
    ),
    path(
        "career-centre/",
        include((universities.urls.urlpatterns + graduates.urls.career_centre_urlpatterns, "career_centre")),
    ),
    path(
        "graduate/",
        include(
            (
                graduates.urls.urlpatterns
                + marketplace.urls.graduate_urlpatterns
                + fairs.urls.graduate_urlpatterns
                + invitations.urls.graduate_urlpatterns,
                "graduates",
            )
        ),
    ),
    path("fairs/", include((fairs.urls.urlpatterns, "fairs"))),
]
