from django.urls import path

from . import views

# The project's URLconf composes the "career_centre" namespace from these and the graduates app's.
urlpatterns = [
    path("register/", views.register, name="register"),
    path("", views.dashboard, name="dashboard"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
]
