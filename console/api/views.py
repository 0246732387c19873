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
from employers.api import serializers as decision_serializers
from employers.api.views import ReviewDecisionView
from events.enums import FairRegistrationStatus
from events.models import RecruitmentWeek
from fairs import services as fair_services
from fairs import session_selectors as fair_selectors
from fairs.enums import SessionStatus
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
    StaffParticipationSerializer,
    StaffSessionSerializer,
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


# --- Sessions and 专场 applications awaiting review -------------------------------------------------


def _status(request, choices) -> str:
    """``?status=`` of a review list: pending unless asked otherwise; an unknown value is a 400."""
    value = request.query_params.get("status") or "pending"
    if value not in choices.values:
        raise ValidationError({"status": [_("状态只能是：%(values)s。") % {"values": " / ".join(choices.values)}]})
    return value


def _status_parameter(choices) -> OpenApiParameter:
    return OpenApiParameter(
        "status", OpenApiTypes.STR, enum=list(choices.values), default="pending", description=_("按审核状态筛选")
    )


class _StaffSessionView(generics.GenericAPIView):
    """Sessions the signed-in staff user reviews (their venues, and the 专场 their venues organise or
    co-organise); any other session is 404."""

    permission_classes = [IsVenueStaff]
    serializer_class = StaffSessionSerializer
    decided_object = "session"

    def get_queryset(self):
        return fair_selectors.sessions_reviewable_by(user=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


class StaffSessionList(_StaffSessionView, generics.ListAPIView):
    """GET: sessions awaiting approval at the user's venues, the longest-waiting first (``?status=``
    for the decided ones)."""

    def get_queryset(self):
        return fair_selectors.sessions_reviewable_by(
            user=self.request.user, status=_status(self.request, SessionStatus)
        )

    @extend_schema(parameters=[_status_parameter(SessionStatus)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class StaffSessionDetail(_StaffSessionView, generics.RetrieveAPIView):
    """GET: one session the user reviews."""


class StaffSessionApprove(_StaffSessionView, ReviewDecisionView):
    """POST {note}: approve the session (the same service as the admin's action); graduates may book it."""

    permission_classes = [IsVenueStaff]

    @extend_schema(request=decision_serializers.DecisionNoteInputSerializer, responses=StaffSessionSerializer)
    def post(self, request, pk):
        return self.decide(fair_services.session_approve, decision_serializers.DecisionNoteInputSerializer)


class StaffSessionReject(_StaffSessionView, ReviewDecisionView):
    """POST {reason}: reject the session with the reason the employer reads."""

    permission_classes = [IsVenueStaff]

    @extend_schema(request=decision_serializers.DecisionReasonInputSerializer, responses=StaffSessionSerializer)
    def post(self, request, pk):
        return self.decide(fair_services.session_reject, decision_serializers.DecisionReasonInputSerializer)


class _StaffParticipationView(generics.GenericAPIView):
    """Employers' applications to join the 专场 the signed-in staff user's venues organise or
    co-organise; any other is 404."""

    permission_classes = [IsVenueStaff]
    serializer_class = StaffParticipationSerializer
    decided_object = "participation"

    def get_queryset(self):
        return fair_selectors.participations_reviewable_by(user=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


class StaffParticipationList(_StaffParticipationView, generics.ListAPIView):
    """GET: applications to join the user's 专场 awaiting review, the longest-waiting first
    (``?status=`` for the decided ones)."""

    def get_queryset(self):
        return fair_selectors.participations_reviewable_by(
            user=self.request.user, status=_status(self.request, FairRegistrationStatus)
        )

    @extend_schema(parameters=[_status_parameter(FairRegistrationStatus)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class StaffParticipationDetail(_StaffParticipationView, generics.RetrieveAPIView):
    """GET: one application the user reviews."""


class StaffParticipationApprove(_StaffParticipationView, ReviewDecisionView):
    """POST {note}: approve the application; the employer's booth is on the 专场."""

    permission_classes = [IsVenueStaff]

    @extend_schema(request=decision_serializers.DecisionNoteInputSerializer, responses=StaffParticipationSerializer)
    def post(self, request, pk):
        return self.decide(fair_services.participation_approve, decision_serializers.DecisionNoteInputSerializer)


class StaffParticipationReject(_StaffParticipationView, ReviewDecisionView):
    """POST {reason}: reject the application with the reason the employer reads."""

    permission_classes = [IsVenueStaff]

    @extend_schema(request=decision_serializers.DecisionReasonInputSerializer, responses=StaffParticipationSerializer)
    def post(self, request, pk):
        return self.decide(fair_services.participation_reject, decision_serializers.DecisionReasonInputSerializer)
