"""Invitations under /api/v1/invitations/: sent/ for the employer, received/ for the graduate."""

from django.urls import path

from . import views

urlpatterns = [
    path("invitations/sent/", views.SentInvitationListView.as_view(), name="api-invitations-sent"),
    path("invitations/sent/<int:pk>/", views.SentInvitationDetailView.as_view(), name="api-invitation-sent-detail"),
    path(
        "invitations/sent/<int:pk>/withdraw/",
        views.SentInvitationWithdrawView.as_view(),
        name="api-invitation-withdraw",
    ),
    path("invitations/received/", views.ReceivedInvitationListView.as_view(), name="api-invitations-received"),
    path(
        "invitations/received/<int:pk>/",
        views.ReceivedInvitationDetailView.as_view(),
        name="api-invitation-received-detail",
    ),
    path(
        "invitations/received/<int:pk>/accept/",
        views.ReceivedInvitationAcceptView.as_view(),
        name="api-invitation-accept",
    ),
    path(
        "invitations/received/<int:pk>/decline/",
        views.ReceivedInvitationDeclineView.as_view(),
        name="api-invitation-decline",
    ),
]
