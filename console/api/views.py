"""Staff endpoints under /api/v1/staff/: review queues, site-link reports, statistics.

Scoped exactly as the admin (venues.permissions): a provincial staff member sees and reports for
their venue(s) only; ministry staff for their whole system; superusers for all. Everyone else: 403.
The endpoints call the same selectors and services as the admin pages.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from console.statistics import GROUP_PROVINCE, GROUP_VENUE, venue_statistics
from events.models import RecruitmentWeek
from recruitment_weeks.accounts.authentication import second_factor_checked
from venues import selectors, services
from venues.permissions import can_manage_venue, is_venue_staff

from .. import selectors as console_selectors
from .serializers import (
    PendingEmployerSerializer,
    PendingFairRegistrationSerializer,
    PendingGraduateSerializer,
    ReportRowSerializer,
    SiteLinkReportSerializer,
    SiteLinkSubmitSerializer,
    StatisticsSerializer,
)


class IsVenueStaff(permissions.BasePermission):
    """Signed in, ``is_staff`` and a member of at least one venue (or a superuser), past the second factor."""

    message = _("仅限会场工作人员。")

    def has_permission(self, request, view) -> bool:
        return is_venue_staff(request.user) and second_factor_checked(request)


class _QueueView(generics.ListAPIView):
    permission_classes = [IsVenueStaff]
    selector = None

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


class PendingEmployerList(_QueueView):
    """Employers waiting for review at the user's venues, the longest-waiting first."""

    serializer_class = PendingEmployerSerializer
    selector = staticmethod(console_selectors.pending_employers)


class PendingGraduateList(_QueueView):
    """Graduates waiting for review at the user's venues, the longest-waiting first."""

    serializer_class = PendingGraduateSerializer
    selector = staticmethod(console_selectors.pending_graduates)


class PendingFairRegistrationList(_QueueView):
    """Fair registrations waiting for review at the user's venues, the longest-waiting first."""

    serializer_class = PendingFairRegistrationSerializer
    selector = staticmethod(console_selectors.pending_fair_registrations)


def _week(request, value) -> RecruitmentWeek:
    if value in (None, ""):
        week = selectors.default_report_week()
        if week is None:
            raise ValidationError({"week": [_("暂无招聘周。")]})
        return week
    try:
        return RecruitmentWeek.objects.get(pk=int(value))
    except (ValueError, RecruitmentWeek.DoesNotExist):
        raise ValidationError({"week": [_("招聘周不存在。")]}) from None


class SiteReportView(APIView):
    """GET ?week=<id>: every branch venue the user manages with its report and status (late and
    missing first). POST {venue (slug), week (id), site_name, site_url}: report or correct a link."""

    permission_classes = [IsVenueStaff]

    @extend_schema(
        parameters=[OpenApiParameter("week", OpenApiTypes.INT, description=_("招聘周编号；默认为当前报送的一周"))],
        responses=inline_serializer(
            name="SiteReportBoard",
            fields={
                "week": serializers.IntegerField(),
                "report_deadline": serializers.DateTimeField(
                    allow_null=True, help_text=_("无截止时为 null：活动开始距通知印发不足一周，不计逾期")
                ),
                "results": ReportRowSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        week = _week(request, request.query_params.get("week"))
        rows = selectors.site_report_board(user=request.user, week=week)
        return Response(
            {
                "week": week.pk,
                "report_deadline": (
                    serializers.DateTimeField().to_representation(week.report_deadline)
                    if week.report_deadline_applies
                    else None
                ),
                "results": ReportRowSerializer(rows, many=True).data,
            }
        )

    @extend_schema(request=SiteLinkSubmitSerializer, responses=SiteLinkReportSerializer)
    def post(self, request):
        serializer = SiteLinkSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        venue = data["venue"]
        if not can_manage_venue(request.user, venue):
            # Another province's venue looks like one that does not exist.
            raise ValidationError({"venue": [_("会场不存在。")]})
        week = get_object_or_404(RecruitmentWeek, pk=data["week"])
        report = services.site_link_report_submit(
            venue=venue, week=week, site_name=data["site_name"], site_url=data["site_url"], actor=request.user
        )
        return Response(SiteLinkReportSerializer(report).data, status=status.HTTP_200_OK)


class StatisticsView(APIView):
    """GET ?group=venue|province (province for ministry staff and superusers): every week's figures."""

    permission_classes = [IsVenueStaff]

    @extend_schema(
        parameters=[
            OpenApiParameter("group", OpenApiTypes.STR, enum=[GROUP_VENUE, GROUP_PROVINCE], default=GROUP_VENUE)
        ],
        responses=StatisticsSerializer,
    )
    def get(self, request):
        group = request.query_params.get("group", GROUP_VENUE)
        if group not in (GROUP_VENUE, GROUP_PROVINCE):
            raise ValidationError({"group": [_("只能是 venue 或 province。")]})
        stats = venue_statistics(user=request.user, group=group)
        return Response(StatisticsSerializer(stats).data)
