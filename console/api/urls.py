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
    path("staff/sessions/", views.StaffSessionList.as_view(), name="staff-session-list"),
    path("staff/sessions/<int:pk>/", views.StaffSessionDetail.as_view(), name="staff-session-detail"),
    path("staff/sessions/<int:pk>/approve/", views.StaffSessionApprove.as_view(), name="staff-session-approve"),
    path("staff/sessions/<int:pk>/reject/", views.StaffSessionReject.as_view(), name="staff-session-reject"),
    path(
        "staff/special-fair-participations/",
        views.StaffParticipationList.as_view(),
        name="staff-participation-list",
    ),
    path(
        "staff/special-fair-participations/<int:pk>/",
        views.StaffParticipationDetail.as_view(),
        name="staff-participation-detail",
    ),
    path(
        "staff/special-fair-participations/<int:pk>/approve/",
        views.StaffParticipationApprove.as_view(),
        name="staff-participation-approve",
    ),
    path(
        "staff/special-fair-participations/<int:pk>/reject/",
        views.StaffParticipationReject.as_view(),
        name="staff-participation-reject",
    ),
]
