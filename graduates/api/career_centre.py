"""/api/v1/career-centre/graduates/ — a career centre's own graduates, and confirming them; the same
selectors and services as the pages (graduates.career_centre)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from recruitment_weeks.pagination import KeysetCursorPagination
from recruitment_weeks.parsers import PortalJSONParser
from universities.selectors import approved_career_centre_of

from .. import services
from ..models import Graduate
from . import serializers as s


class IsApprovedCareerCentre(permissions.BasePermission):
    message = _("仅限审核通过的高校就业指导中心工作人员。")

    def has_permission(self, request, view) -> bool:
        return approved_career_centre_of(request.user) is not None


class CareerCentreView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsApprovedCareerCentre]

    def own_graduates(self):
        member = approved_career_centre_of(self.request.user)
        return Graduate.objects.filter(listed_university_id=member.university_id)


class CareerCentreGraduateListView(CareerCentreView):
    """GET /api/v1/career-centre/graduates/?confirmed=true|false — the university's graduates, oldest
    registration first (cursor pages)."""

    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[OpenApiParameter("confirmed", OpenApiTypes.BOOL, description=_("只看已确认或未确认的"))],
        responses=s.CareerCentreGraduateSerializer(many=True),
    )
    def get(self, request):
        graduates = self.own_graduates().order_by("submitted_at", "id")
        confirmed = request.query_params.get("confirmed", "")
        if confirmed in ("true", "false"):
            graduates = graduates.filter(university_confirmed_at__isnull=confirmed == "false")
        elif confirmed:
            raise ValidationError({"confirmed": [_("应为 true 或 false。")]})
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(graduates, request, view=self)
        return paginator.get_paginated_response(s.CareerCentreGraduateSerializer(page, many=True).data)


class CareerCentreGraduateConfirmView(CareerCentreView):
    """POST /api/v1/career-centre/graduates/{id}/confirm/ — confirm (and correct) the student number,
    degree, major and graduation year; approves a pending registration. Another university's
    graduate is a 404."""

    parser_classes = [PortalJSONParser]

    @extend_schema(request=s.ConfirmGraduateInputSerializer, responses=s.CareerCentreGraduateSerializer)
    def post(self, request, pk: int):
        graduate = self.own_graduates().filter(pk=pk).first()
        if graduate is None:
            raise Http404
        serializer = s.ConfirmGraduateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        graduate = services.graduate_confirm(graduate=graduate, actor=request.user, **serializer.validated_data)
        return Response(s.CareerCentreGraduateSerializer(graduate).data)
