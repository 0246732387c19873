from django.urls import path

from . import views

# The project's URLconf composes the "graduates" namespace from these and the marketplace's.
urlpatterns = [
    path("register/", views.register, name="register"),
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile_edit, name="profile"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("export/", views.export, name="export"),
    path("delete/", views.account_delete, name="account_delete"),
]
