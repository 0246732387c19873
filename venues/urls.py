from django.urls import path

from . import views

# A venue's own page shows its fairs, so it is served by fairs.views; the project's URLconf composes
# the "venues" namespace from both lists.
urlpatterns = [
    path("", views.venue_list, name="venue_list"),
]
week_urlpatterns = [
    path("<int:year>/<slug:season>/", views.week_detail, name="week_detail"),
]
