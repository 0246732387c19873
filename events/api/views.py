from django.utils import timezone
from rest_framework import permissions, viewsets

from events.models import RecruitmentWeek

from .serializers import WeekSerializer


class WeekViewSet(viewsets.ReadOnlyModelViewSet):
    """The recruitment weeks, oldest first, each with its live status."""

    serializer_class = WeekSerializer
    permission_classes = [permissions.AllowAny]
    queryset = RecruitmentWeek.objects.order_by("starts_on", "id")

    def get_serializer_context(self):
        # One instant for the whole response, as on the pages.
        return {**super().get_serializer_context(), "now": timezone.now()}
