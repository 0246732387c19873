"""The marketplace under /api/v1/: jobs, a graduate's applications and saved items, the applications an
employer received."""

from django.urls import path

from . import views

urlpatterns = [
    path("jobs/", views.JobSearchView.as_view(), name="api-jobs"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="api-job-detail"),
    path("jobs/<int:pk>/matches/", views.PostingMatchesView.as_view(), name="api-job-matches"),
    path("graduates/me/recommendations/", views.RecommendationsView.as_view(), name="api-graduate-recommendations"),
    path("applications/", views.ApplicationListView.as_view(), name="api-applications"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="api-application-detail"),
    path("applications/<int:pk>/withdraw/", views.ApplicationWithdrawView.as_view(), name="api-application-withdraw"),
    path("applications/<int:pk>/accept/", views.ApplicationAcceptView.as_view(), name="api-application-accept"),
    path("applications/<int:pk>/decline/", views.ApplicationDeclineView.as_view(), name="api-application-decline"),
    path("saved-postings/", views.SavedPostingListView.as_view(), name="api-saved-postings"),
    path("saved-postings/<int:posting_id>/", views.SavedPostingDetailView.as_view(), name="api-saved-posting-detail"),
    path("saved-searches/", views.SavedSearchListView.as_view(), name="api-saved-searches"),
    path("saved-searches/<int:pk>/", views.SavedSearchDetailView.as_view(), name="api-saved-search-detail"),
    # The applications the signed-in employer received.
    path("employer/applications/", views.ReceivedApplicationListView.as_view(), name="employer-application-list"),
    path(
        "employer/applications/<int:pk>/",
        views.ReceivedApplicationDetailView.as_view(),
        name="employer-application-detail",
    ),
    path(
        "employer/applications/<int:pk>/view/",
        views.ReceivedApplicationMarkViewedView.as_view(),
        name="employer-application-view",
    ),
    path(
        "employer/applications/<int:pk>/invite/",
        views.ReceivedApplicationInviteView.as_view(),
        name="employer-application-invite",
    ),
    path(
        "employer/applications/<int:pk>/offer/",
        views.ReceivedApplicationOfferView.as_view(),
        name="employer-application-offer",
    ),
    path(
        "employer/applications/<int:pk>/hire/",
        views.ReceivedApplicationHireView.as_view(),
        name="employer-application-hire",
    ),
    path(
        "employer/applications/<int:pk>/reject/",
        views.ReceivedApplicationRejectView.as_view(),
        name="employer-application-reject",
    ),
]
