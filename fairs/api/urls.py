from django.urls import path

from . import session_views, views

urlpatterns = [
    # The signed-in employer's registrations.
    path(
        "employer/fair-registrations/",
        views.FairRegistrationListView.as_view(),
        name="employer-fair-registration-list",
    ),
    path(
        "employer/fair-registrations/<int:pk>/",
        views.FairRegistrationDetailView.as_view(),
        name="employer-fair-registration-detail",
    ),
    path(
        "employer/fair-registrations/<int:pk>/withdraw/",
        views.FairRegistrationWithdrawView.as_view(),
        name="employer-fair-registration-withdraw",
    ),
    # Reviewers (venue staff): registrations at their venues, and the decisions.
    path("fair-registrations/", views.FairRegistrationReviewListView.as_view(), name="fair-registration-review-list"),
    path(
        "fair-registrations/<int:pk>/",
        views.FairRegistrationReviewDetailView.as_view(),
        name="fair-registration-review-detail",
    ),
    path(
        "fair-registrations/<int:pk>/approve/",
        views.FairRegistrationApproveView.as_view(),
        name="fair-registration-review-approve",
    ),
    path(
        "fair-registrations/<int:pk>/reject/",
        views.FairRegistrationRejectView.as_view(),
        name="fair-registration-review-reject",
    ),
    # 专场 and sessions (public), and the signed-in graduate's bookings.
    path("special-fairs/", session_views.SpecialFairListView.as_view(), name="special-fair-list"),
    path("special-fairs/<int:pk>/", session_views.SpecialFairDetailView.as_view(), name="special-fair-detail"),
    path("sessions/", session_views.SessionListView.as_view(), name="session-list"),
    path("sessions/<int:pk>/", session_views.SessionDetailView.as_view(), name="session-detail"),
    path("employer/sessions/", session_views.EmployerSessionListView.as_view(), name="employer-session-list"),
    path(
        "employer/sessions/<int:pk>/",
        session_views.EmployerSessionDetailView.as_view(),
        name="employer-session-detail",
    ),
    path(
        "employer/sessions/<int:pk>/cancel/",
        session_views.EmployerSessionCancelView.as_view(),
        name="employer-session-cancel",
    ),
    path("graduate/bookings/", session_views.BookingListView.as_view(), name="booking-list"),
    path("graduate/bookings/<int:pk>/", session_views.BookingDetailView.as_view(), name="booking-detail"),
    path("graduate/bookings/<int:pk>/cancel/", session_views.BookingCancelView.as_view(), name="booking-cancel"),
]
