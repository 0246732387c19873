from django.urls import path

from . import public_views

app_name = "jobs"
urlpatterns = [
    path("", public_views.search, name="search"),
    path("save-search/", public_views.save_search, name="save_search"),
    path("<int:pk>/", public_views.detail, name="detail"),
    path("<int:pk>/apply/", public_views.apply, name="apply"),
    path("<int:pk>/save/", public_views.save, name="save"),
    path("<int:pk>/matches/", public_views.matches, name="matches"),
]
