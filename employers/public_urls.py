from django.urls import path

from . import public_views

app_name = "jobs"
urlpatterns = [
    path("", public_views.search, name="search"),
]
