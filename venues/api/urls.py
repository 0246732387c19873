from rest_framework.routers import SimpleRouter

from .views import VenueViewSet

router = SimpleRouter()
router.register("venues", VenueViewSet, basename="venue")
urlpatterns = router.urls
