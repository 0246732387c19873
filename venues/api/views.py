import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from venues.enums import System
from venues.models import Venue

from .serializers import VenueSerializer

PROVINCE_CODE_MESSAGE = _("省级行政区划代码为两位数字，如 11。")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("system", OpenApiTypes.STR, enum=System.values),
            OpenApiParameter(
                "province",
                OpenApiTypes.STR,
                pattern="^[0-9]{2}$",
                description=_("省级行政区划代码（GB/T 2260），如 11"),
            ),
        ]
    )
)
class VenueViewSet(viewsets.ReadOnlyModelViewSet):
    """Every venue (the unified page's list) with its activity-zone link; filter with ?system= or ?province=."""

    serializer_class = VenueSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    pagination_class = None  # 66 rows at most: one page is what an embedding site wants

    def get_queryset(self):
        qs = Venue.objects.select_related("province", "parent").order_by("kind", "province__code", "system")
        if system := self.request.query_params.get("system"):
            try:
                qs = qs.filter(system=serializers.ChoiceField(System.choices).run_validation(system))
            except serializers.ValidationError as exc:  # an unknown system is a mistake, not "no venues"
                raise serializers.ValidationError({"system": exc.detail}) from None
        if province := self.request.query_params.get("province"):
            # Two digits or a 400: anything else (a NUL byte, which PostgreSQL refuses) is a mistake too.
            if not re.fullmatch(r"[0-9]{2}", province):
                raise serializers.ValidationError({"province": [PROVINCE_CODE_MESSAGE]})
            qs = qs.filter(province__code=province)
        return qs
