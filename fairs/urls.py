from django.urls import path

import recruitment_weeks.converters  # noqa: F401 - registers the <id:> converter

from . import session_views, views

# Added by the project's URLconf to the employer's workspace ("employers") and the venues ("venues").
employer_urlpatterns = [
    path("fairs/", views.fair_list, name="fair_list"),
    path("fairs/apply/", views.fair_apply, name="fair_apply"),
    path("fairs/<int:pk>/withdraw/", views.fair_withdraw, name="fair_withdraw"),
    path("sessions/", session_views.session_list, name="session_list"),
    path("sessions/new/", session_views.session_create, name="session_create"),
    path("sessions/<int:pk>/", session_views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/cancel/", session_views.session_cancel, name="session_cancel"),
    path("sessions/bookings/<int:pk>/attended/", session_views.booking_mark_attended, name="booking_mark_attended"),
    path("special-fairs/<int:pk>/join/", session_views.special_fair_join, name="special_fair_join"),
]
venue_urlpatterns = [
    path("<slug:slug>/", views.venue_detail, name="venue_detail"),
    path("<slug:slug>/fairs/<int:week_id>/", views.venue_week_fair, name="venue_week_fair"),
    path("<slug:slug>/fairs/<int:week_id>/booths/<id:employer_id>/", views.venue_week_booth, name="venue_week_booth"),
]
# The graduate's bookings ("graduates").
graduate_urlpatterns = [
    path("bookings/", session_views.booking_list, name="booking_list"),
    path("sessions/<int:pk>/book/", session_views.session_book, name="session_book"),
    path("bookings/<int:pk>/cancel/", session_views.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/join/", session_views.booking_join, name="booking_join"),
    path("bookings/<int:pk>/calendar.ics", session_views.booking_ics, name="booking_ics"),
]
# The public 专场 pages ("fairs").
urlpatterns = [
    path("", session_views.special_fair_list, name="special_fair_list"),
    path("<int:pk>/", session_views.special_fair_detail, name="special_fair_detail"),
    path("<int:pk>/booths/<id:employer_id>/", session_views.booth, name="booth"),
]
