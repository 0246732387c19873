"""/api/v1/ for the list of universities and the career centre's notices: the same services and
selectors as the pages."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from recruitment_weeks.pagination import KeysetCursorPagination

from .. import selectors, services
from ..permissions import is_career_centre
from . import serializers as s


class IsCareerCentre(permissions.BasePermission):
    message = _("仅限审核通过的高校就业指导中心工作人员。")

    def has_permission(self, request, view) -> bool:
        return is_career_centre(request.user)


class UniversitySearchView(APIView):
    """GET /api/v1/universities/?q= — the list of universities whose name contains ``q`` (or whose
    code starts with it), at most 20, by name: what a graduate or a career centre picks from."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description=_("校名或学校标识码的一部分"))],
        responses=inline_serializer(name="UniversityResults", fields={"results": s.UniversitySerializer(many=True)}),
    )
    def get(self, request):
        found = selectors.universities_matching(query=request.query_params.get("q", ""))
        return Response({"results": s.UniversitySerializer(found, many=True).data})


class CareerCentreNoticeListView(APIView):
    """GET /api/v1/career-centre/notices/ — notices addressed to the member's university, newest first."""

    permission_classes = [permissions.IsAuthenticated, IsCareerCentre]
    pagination_class = KeysetCursorPagination

    @extend_schema(responses=s.UniversityNoticeSerializer(many=True))
    def get(self, request):
        member = selectors.approved_career_centre_of(request.user)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.notices_for_university(university=member.university), request, view=self
        )
        return paginator.get_paginated_response(s.UniversityNoticeSerializer(page, many=True).data)


class CareerCentreNoticeAcknowledgeView(APIView):
    """POST /api/v1/career-centre/notices/{id}/acknowledge/ — the university's receipt (idempotent).
    A notice not addressed to the member's university is a 404."""

    permission_classes = [permissions.IsAuthenticated, IsCareerCentre]

    @extend_schema(request=None, responses=s.NoticeAcknowledgementOutSerializer)
    def post(self, request, pk: int):
        member = selectors.approved_career_centre_of(request.user)
        notice = selectors.notices_for_university(university=member.university).filter(pk=pk).first()
        if notice is None:
            raise Http404
        acknowledgement = services.university_notice_acknowledge(notice=notice, actor=request.user)
        return Response(s.NoticeAcknowledgementOutSerializer(acknowledgement).data)
