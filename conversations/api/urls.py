from django.urls import path

from . import views

urlpatterns = [
    path("conversations/", views.ConversationListView.as_view(), name="api-conversations"),
    path("conversations/<int:pk>/", views.ConversationDetailView.as_view(), name="api-conversation-detail"),
    path("conversations/<int:pk>/messages/", views.MessageListView.as_view(), name="api-conversation-messages"),
    path("conversations/<int:pk>/read/", views.ConversationReadView.as_view(), name="api-conversation-read"),
    path(
        "invitations/<int:pk>/conversation/",
        views.InvitationConversationView.as_view(),
        name="api-invitation-conversation",
    ),
]
