from django.urls import path

from . import views

app_name = "graduates"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile_edit, name="profile"),
    path("<int:pk>/resume.pdf", views.resume_download, name="resume_download"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("recommended/", views.recommended, name="recommended"),
    path("saved/", views.saved_postings, name="saved_postings"),
    path("saved/<int:posting_id>/remove/", views.saved_posting_remove, name="saved_posting_remove"),
    path("searches/", views.saved_searches, name="saved_searches"),
    path("searches/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
    path("export/", views.export, name="export"),
    path("delete/", views.account_delete, name="account_delete"),
]
