from django.urls import path

from . import views

app_name = "graduates"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("", views.dashboard, name="dashboard"),
]
