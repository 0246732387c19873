"""/api/v1/weeks/: the recruitment weeks, public. One view per operation."""

from django.utils import timezone
from rest_framework import generics, permissions

from .. import selectors
from . import serializers as s


class _WeekView(generics.GenericAPIView):
    serializer_class = s.WeekSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.weeks_for_api()

    def get_serializer_context(self):
        # One instant for the whole response, as on the pages.
        return {**super().get_serializer_context(), "now": timezone.now()}


class WeekListView(_WeekView, generics.ListAPIView):
    """The recruitment weeks, oldest first, each with its live status."""


class WeekDetailView(_WeekView, generics.RetrieveAPIView):
    """One recruitment week with its live status."""
