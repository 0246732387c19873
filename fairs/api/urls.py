from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("employer/fair-registrations", views.FairRegistrationViewSet, basename="employer-fair-registration")
router.register("fair-registrations", views.FairRegistrationReviewViewSet, basename="fair-registration-review")
urlpatterns = router.urls
