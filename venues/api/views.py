from rest_framework import permissions, viewsets

from venues.models import Venue

from .serializers import VenueSerializer


class VenueViewSet(viewsets.ReadOnlyModelViewSet):
    """Every venue (the unified page's list) with its activity-zone link; filter with ?system= or ?province=."""

    serializer_class = VenueSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    pagination_class = None  # 66 rows at most: one page is what an embedding site wants

    def get_queryset(self):
        qs = Venue.objects.select_related("province", "parent").order_by("kind", "province__code", "system")
        if system := self.request.query_params.get("system"):
            qs = qs.filter(system=system)
        if province := self.request.query_params.get("province"):
            qs = qs.filter(province__code=province)
        return qs
