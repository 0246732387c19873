from rest_framework.routers import SimpleRouter

from .views import WeekViewSet

router = SimpleRouter()
router.register("weeks", WeekViewSet, basename="week")
urlpatterns = router.urls
