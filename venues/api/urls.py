from django.urls import path
from rest_framework.routers import SimpleRouter

from . import staff
from .views import VenueViewSet

router = SimpleRouter()
router.register("venues", VenueViewSet, basename="venue")
urlpatterns = [
    path("staff/review-queue/employers/", staff.PendingEmployerList.as_view(), name="staff-queue-employers"),
    path("staff/review-queue/graduates/", staff.PendingGraduateList.as_view(), name="staff-queue-graduates"),
    path(
        "staff/review-queue/fair-registrations/",
        staff.PendingFairRegistrationList.as_view(),
        name="staff-queue-fair-registrations",
    ),
    path("staff/site-reports/", staff.SiteReportView.as_view(), name="staff-site-reports"),
    path("staff/statistics/", staff.StatisticsView.as_view(), name="staff-statistics"),
    *router.urls,
]
