from django.urls import path

from . import views

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
]
