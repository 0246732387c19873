from django.urls import path

from .views import employer, graduate
from .views import jobs as public_views

app_name = "jobs"
urlpatterns = [
    path("", public_views.search, name="search"),
    path("save-search/", public_views.save_search, name="save_search"),
    path("<int:pk>/", public_views.detail, name="detail"),
    path("<int:pk>/apply/", public_views.apply, name="apply"),
    path("<int:pk>/save/", public_views.save, name="save"),
    path("<int:pk>/report/", public_views.report, name="report"),
    path("<int:pk>/matches/", public_views.matches, name="matches"),
]

# Added by the project's URLconf to the employer's workspace ("employers").
employer_urlpatterns = [
    path("", employer.dashboard, name="dashboard"),
    path("postings/", employer.posting_list, name="posting_list"),
    path("postings/<int:pk>/applications/", employer.application_list, name="application_list"),
    path("applications/<int:pk>/", employer.application_detail, name="application_detail"),
    path("applications/<int:pk>/interview/", employer.application_interview, name="application_interview"),
    path("applications/<int:pk>/offer/", employer.application_offer, name="application_offer"),
    path("applications/<int:pk>/hire/", employer.application_hire, name="application_hire"),
    path("applications/<int:pk>/reject/", employer.application_reject, name="application_reject"),
]
# Added by the project's URLconf to the graduate's pages ("graduates").
graduate_urlpatterns = [
    path("<int:pk>/resume.pdf", graduate.resume_download, name="resume_download"),
    path("applications/<int:pk>/withdraw/", graduate.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/accept/", graduate.application_accept, name="application_accept"),
    path("applications/<int:pk>/decline/", graduate.application_decline, name="application_decline"),
    path("recommended/", graduate.recommended, name="recommended"),
    path("saved/", graduate.saved_postings, name="saved_postings"),
    path("saved/<int:posting_id>/remove/", graduate.saved_posting_remove, name="saved_posting_remove"),
    path("searches/", graduate.saved_searches, name="saved_searches"),
    path("searches/<int:pk>/delete/", graduate.saved_search_delete, name="saved_search_delete"),
]
