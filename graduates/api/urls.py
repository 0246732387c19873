"""The graduate's own account endpoints under /api/v1/graduates/."""

from django.urls import path

from . import career_centre, views

urlpatterns = [
    path("graduates/", views.GraduateRegisterView.as_view(), name="api-graduate-register"),
    path("graduates/me/", views.GraduateMeView.as_view(), name="api-graduate-me"),
    path("graduates/me/resubmit/", views.GraduateResubmitView.as_view(), name="api-graduate-resubmit"),
    path("graduates/me/resume-pdf/", views.ResumePdfView.as_view(), name="api-graduate-resume-pdf"),
    path("graduates/me/export/", views.ExportView.as_view(), name="api-graduate-export"),
    path("graduates/me/delete/", views.DeleteAccountView.as_view(), name="api-graduate-delete"),
    path("graduates/me/outcome/", views.GraduateOutcomeView.as_view(), name="api-graduate-outcome"),
    path(
        "career-centre/graduates/",
        career_centre.CareerCentreGraduateListView.as_view(),
        name="api-career-centre-graduates",
    ),
    path(
        "career-centre/graduates/<int:pk>/confirm/",
        career_centre.CareerCentreGraduateConfirmView.as_view(),
        name="api-career-centre-graduate-confirm",
    ),
]
