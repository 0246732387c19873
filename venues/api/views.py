"""/api/v1/venues/: every venue and its activity-zone link, public. One view per operation."""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers

from venues.enums import System

from .. import selectors
from .serializers import VenueSerializer

PROVINCE_CODE_MESSAGE = _("省级行政区划代码为两位数字，如 11。")


def _list_filters(query_params) -> dict:
    """?system= and ?province= checked: an unknown system or a malformed code is a 400, not "no venues"."""
    filters = {}
    if system := query_params.get("system"):
        try:
            filters["system"] = serializers.ChoiceField(System.choices).run_validation(system)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"system": exc.detail}) from None
    if province := query_params.get("province"):
        # Two digits or a 400: anything else (a NUL byte, which PostgreSQL refuses) is a mistake too.
        if not re.fullmatch(r"[0-9]{2}", province):
            raise serializers.ValidationError({"province": [PROVINCE_CODE_MESSAGE]})
        filters["province"] = province
    return filters


class VenueListView(generics.ListAPIView):
    """Every venue (the unified page's list) with its activity-zone link; filter with ?system= or ?province=."""

    serializer_class = VenueSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None  # 66 rows at most: one page is what an embedding site wants

    def get_queryset(self):
        return selectors.venues_for_api(**_list_filters(self.request.query_params))

    @extend_schema(
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
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class VenueDetailView(generics.RetrieveAPIView):
    """One venue by its slug, with its activity-zone link."""

    serializer_class = VenueSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.venues_for_api()
