"""Graduate and public job endpoints under /api/v1/."""

from django.urls import path

from . import views

urlpatterns = [
    path("jobs/", views.JobSearchView.as_view(), name="api-jobs"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="api-job-detail"),
    path("jobs/<int:pk>/matches/", views.PostingMatchesView.as_view(), name="api-job-matches"),
    path("graduates/", views.GraduateRegisterView.as_view(), name="api-graduate-register"),
    path("graduates/me/", views.GraduateMeView.as_view(), name="api-graduate-me"),
    path("graduates/me/resubmit/", views.GraduateResubmitView.as_view(), name="api-graduate-resubmit"),
    path("graduates/me/resume-pdf/", views.ResumePdfView.as_view(), name="api-graduate-resume-pdf"),
    path("graduates/me/export/", views.ExportView.as_view(), name="api-graduate-export"),
    path("graduates/me/delete/", views.DeleteAccountView.as_view(), name="api-graduate-delete"),
    path("graduates/me/recommendations/", views.RecommendationsView.as_view(), name="api-graduate-recommendations"),
    path("applications/", views.ApplicationListView.as_view(), name="api-applications"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="api-application-detail"),
    path("applications/<int:pk>/withdraw/", views.ApplicationWithdrawView.as_view(), name="api-application-withdraw"),
    path("saved-postings/", views.SavedPostingListView.as_view(), name="api-saved-postings"),
    path("saved-postings/<int:posting_id>/", views.SavedPostingDetailView.as_view(), name="api-saved-posting-detail"),
    path("saved-searches/", views.SavedSearchListView.as_view(), name="api-saved-searches"),
    path("saved-searches/<int:pk>/", views.SavedSearchDetailView.as_view(), name="api-saved-search-detail"),
]
