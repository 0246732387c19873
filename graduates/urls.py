from django.urls import path

from . import career_centre, views

# The project's URLconf composes the "graduates" namespace from these and the marketplace's.
urlpatterns = [
    path("register/", views.register, name="register"),
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile_edit, name="profile"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("export/", views.export, name="export"),
    path("delete/", views.account_delete, name="account_delete"),
    path("outcome/", views.outcome_edit, name="outcome"),
]

# A career centre's pages about its own graduates, in the project's "career_centre" namespace.
career_centre_urlpatterns = [
    path("graduates/", career_centre.graduate_list, name="graduate_list"),
    path("graduates/confirm/", career_centre.graduate_confirm_bulk, name="graduate_confirm_bulk"),
    path("graduates/<int:pk>/", career_centre.graduate_confirm, name="graduate_confirm"),
    path("outcomes/", career_centre.outcomes, name="outcomes"),
    path("outcomes.csv", career_centre.outcomes_csv, name="outcomes_csv"),
]
