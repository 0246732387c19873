from django.urls import path

from . import views

# The project's URLconf composes the "employers" namespace from these and the marketplace's and fairs'.
urlpatterns = [
    path("register/", views.register, name="register"),
    path("profile/", views.profile, name="profile"),
    path("<int:pk>/licence/", views.licence, name="licence"),
    path("team/", views.team, name="team"),
    path("team/<int:pk>/role/", views.member_role, name="member_role"),
    path("team/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("postings/new/", views.posting_create, name="posting_create"),
    path("postings/<int:pk>/", views.posting_edit, name="posting_edit"),
    path("postings/<int:pk>/publish/", views.posting_publish, name="posting_publish"),
    path("postings/<int:pk>/close/", views.posting_close, name="posting_close"),
]
