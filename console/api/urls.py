from django.urls import path

from . import views

urlpatterns = [
    path("staff/review-queue/employers/", views.PendingEmployerList.as_view(), name="staff-queue-employers"),
    path("staff/review-queue/graduates/", views.PendingGraduateList.as_view(), name="staff-queue-graduates"),
    path(
        "staff/review-queue/fair-registrations/",
        views.PendingFairRegistrationList.as_view(),
        name="staff-queue-fair-registrations",
    ),
    path("staff/site-reports/", views.SiteReportView.as_view(), name="staff-site-reports"),
    path("staff/statistics/", views.StatisticsView.as_view(), name="staff-statistics"),
]
