from django.urls import path

from . import views

# Added by the project's URLconf to the employer's workspace ("employers") and the venues ("venues").
employer_urlpatterns = [
    path("fairs/", views.fair_list, name="fair_list"),
    path("fairs/apply/", views.fair_apply, name="fair_apply"),
    path("fairs/<int:pk>/withdraw/", views.fair_withdraw, name="fair_withdraw"),
]
venue_urlpatterns = [
    path("<slug:slug>/", views.venue_detail, name="venue_detail"),
    path("<slug:slug>/fairs/<int:week_id>/", views.venue_week_fair, name="venue_week_fair"),
]
