from django.urls import path

from . import views

app_name = "employers"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("<int:pk>/licence/", views.licence, name="licence"),
    path("postings/", views.posting_list, name="posting_list"),
    path("postings/new/", views.posting_create, name="posting_create"),
    path("postings/<int:pk>/", views.posting_edit, name="posting_edit"),
    path("postings/<int:pk>/publish/", views.posting_publish, name="posting_publish"),
    path("postings/<int:pk>/close/", views.posting_close, name="posting_close"),
    path("postings/<int:pk>/applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/interview/", views.application_interview, name="application_interview"),
    path("applications/<int:pk>/offer/", views.application_offer, name="application_offer"),
    path("applications/<int:pk>/hire/", views.application_hire, name="application_hire"),
    path("applications/<int:pk>/reject/", views.application_reject, name="application_reject"),
    path("fairs/", views.fair_list, name="fair_list"),
    path("fairs/apply/", views.fair_apply, name="fair_apply"),
    path("fairs/<int:pk>/withdraw/", views.fair_withdraw, name="fair_withdraw"),
]
