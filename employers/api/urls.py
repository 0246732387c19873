from django.urls import path

from . import views

urlpatterns = [
    path("employer/register/", views.RegisterView.as_view(), name="employer-register"),
    path("employer/profile/", views.ProfileView.as_view(), name="employer-profile"),
    # The signed-in employer's own workspace.
    path("employer/team/", views.TeamListView.as_view(), name="employer-team-list"),
    path("employer/team/<int:pk>/role/", views.MemberRoleView.as_view(), name="employer-team-role"),
    path("employer/team/<int:pk>/remove/", views.MemberRemoveView.as_view(), name="employer-team-remove"),
    path("employer/postings/", views.PostingListView.as_view(), name="employer-posting-list"),
    path("employer/postings/<int:pk>/", views.PostingDetailView.as_view(), name="employer-posting-detail"),
    path("employer/postings/<int:pk>/publish/", views.PostingPublishView.as_view(), name="employer-posting-publish"),
    path("employer/postings/<int:pk>/close/", views.PostingCloseView.as_view(), name="employer-posting-close"),
    # Reviewers (venue staff): employers of their venues, and the decisions.
    path("employers/", views.EmployerReviewListView.as_view(), name="employer-review-list"),
    path("employers/<int:pk>/", views.EmployerReviewDetailView.as_view(), name="employer-review-detail"),
    path("employers/<int:pk>/approve/", views.EmployerApproveView.as_view(), name="employer-review-approve"),
    path("employers/<int:pk>/reject/", views.EmployerRejectView.as_view(), name="employer-review-reject"),
    path("employers/<int:pk>/suspend/", views.EmployerSuspendView.as_view(), name="employer-review-suspend"),
    path("employers/<int:pk>/reinstate/", views.EmployerReinstateView.as_view(), name="employer-review-reinstate"),
]
