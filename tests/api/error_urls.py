"""The portal's URLs and error handlers, plus two views that fail: a DRF view under /api/ and a page."""

from django.urls import path
from rest_framework import permissions
from rest_framework.views import APIView

from recruitment_weeks.urls import handler400, handler403, handler404, handler500
from recruitment_weeks.urls import urlpatterns as portal

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


class Broken(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request):
        raise RuntimeError("a bug in an API view")


def broken_page(request):
    raise RuntimeError("a bug in a page")


urlpatterns = [path("api/v1/broken/", Broken.as_view()), path("broken/", broken_page), *portal]
