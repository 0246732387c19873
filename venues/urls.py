from django.urls import path

from . import views

app_name = "venues"
urlpatterns = [
    path("", views.venue_list, name="venue_list"),
    path("<slug:slug>/", views.venue_detail, name="venue_detail"),
]
