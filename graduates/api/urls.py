"""The graduate's own account endpoints under /api/v1/graduates/."""

from django.urls import path

from . import views

urlpatterns = [
    path("graduates/", views.GraduateRegisterView.as_view(), name="api-graduate-register"),
    path("graduates/me/", views.GraduateMeView.as_view(), name="api-graduate-me"),
    path("graduates/me/resubmit/", views.GraduateResubmitView.as_view(), name="api-graduate-resubmit"),
    path("graduates/me/resume-pdf/", views.ResumePdfView.as_view(), name="api-graduate-resume-pdf"),
    path("graduates/me/export/", views.ExportView.as_view(), name="api-graduate-export"),
    path("graduates/me/delete/", views.DeleteAccountView.as_view(), name="api-graduate-delete"),
]
