from django.urls import path

from . import views

urlpatterns = [
    path("weeks/", views.WeekListView.as_view(), name="week-list"),
    path("weeks/<int:pk>/", views.WeekDetailView.as_view(), name="week-detail"),
]
