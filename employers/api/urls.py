from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
# The signed-in employer's own workspace.
router.register("employer/postings", views.PostingViewSet, basename="employer-posting")
# Reviewers (venue staff): employers of their venues, and the decisions.
router.register("employers", views.EmployerReviewViewSet, basename="employer-review")

urlpatterns = [
    path("employer/register/", views.RegisterView.as_view(), name="employer-register"),
    path("employer/profile/", views.ProfileView.as_view(), name="employer-profile"),
    *router.urls,
]
