"""/api/v1/invitations/: the employer's sent invitations (list, send, withdraw) and the graduate's
received ones (list, accept, decline). The same services and selectors as the pages; another side's
invitation is 404, like a missing one."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.api.views import IsEmployer
from employers.models import JobPosting
from employers.permissions import employer_of
from graduates.api.views import GraduateView
from graduates.selectors import graduates_visible_to_employers
from marketplace.permissions import may_see_posting_matches
from recruitment_weeks.pagination import KeysetCursorPagination

from .. import selectors, services
from ..permissions import may_send_invitations
from . import serializers as s


class CanSendInvitations(permissions.BasePermission):
    message = _("单位注册信息审核通过后才能发出邀约。")

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or may_send_invitations(request.user)


class EmployerInvitationView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsEmployer]

    @property
    def employer(self):
        return employer_of(self.request.user)


class SentInvitationListView(EmployerInvitationView):
    """GET /api/v1/invitations/sent/ — the employer's invitations, newest first (cursor pages) · POST
    {"posting", "graduate", "message", "session"} — invite one of the posting's matches. 201."""

    permission_classes = [*EmployerInvitationView.permission_classes, CanSendInvitations]
    pagination_class = KeysetCursorPagination

    @extend_schema(operation_id="invitations_sent_list", responses=s.SentInvitationSerializer(many=True))
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.invitations_sent_by(employer=self.employer), request, view=self)
        return paginator.get_paginated_response(s.SentInvitationSerializer(page, many=True).data)

    @extend_schema(request=s.InvitationSendSerializer, responses={201: s.SentInvitationSerializer})
    def post(self, request):
        serializer = s.InvitationSendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        posting = JobPosting.objects.select_related("employer").filter(pk=data["posting"]).first()
        if posting is None or not may_see_posting_matches(request.user, posting):
            raise ValidationError({"posting": [_("只能为贵单位正在招聘的职位发出邀约。")]})
        # Any graduate an approved employer may read about; invitation_send then checks the matches.
        graduate = graduates_visible_to_employers().filter(pk=data["graduate"]).first()
        if graduate is None:
            raise ValidationError({"graduate": [_("只能邀约该职位的匹配毕业生。")]})
        session = None
        if data.get("session") is not None:
            session = selectors.invitable_sessions(employer=self.employer).filter(pk=data["session"]).first()
            if session is None:
                raise ValidationError({"session": [_("只能邀请参加贵单位已审核通过、尚未开始的场次。")]})
        invitation = services.invitation_send(
            employer=self.employer,
            posting=posting,
            graduate=graduate,
            actor=request.user,
            message=data["message"],
            session=session,
        )
        invitation = selectors.invitation_sent_by(employer=self.employer, pk=invitation.pk)
        return Response(s.SentInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class SentInvitationDetailView(EmployerInvitationView):
    @extend_schema(responses=s.SentInvitationSerializer)
    def get(self, request, pk: int):
        invitation = selectors.invitation_sent_by(employer=self.employer, pk=pk)
        if invitation is None:
            raise Http404
        return Response(s.SentInvitationSerializer(invitation).data)


class SentInvitationWithdrawView(EmployerInvitationView):
    """POST /api/v1/invitations/sent/<id>/withdraw/ — while the graduate has not answered."""

    @extend_schema(request=None, responses=s.SentInvitationSerializer)
    def post(self, request, pk: int):
        invitation = selectors.invitation_sent_by(employer=self.employer, pk=pk)
        if invitation is None:  # another employer's or none: the same 404
            raise Http404
        services.invitation_withdraw(invitation=invitation, actor=request.user)
        return Response(s.SentInvitationSerializer(selectors.invitation_sent_by(employer=self.employer, pk=pk)).data)


class ReceivedInvitationListView(GraduateView):
    """GET /api/v1/invitations/received/ — the invitations sent to the graduate, newest first."""

    pagination_class = KeysetCursorPagination

    @extend_schema(operation_id="invitations_received_list", responses=s.ReceivedInvitationSerializer(many=True))
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.invitations_of(graduate=self.graduate), request, view=self)
        return paginator.get_paginated_response(s.ReceivedInvitationSerializer(page, many=True).data)


def _own(view: GraduateView, pk: int):
    invitation = selectors.invitation_of(graduate=view.graduate, pk=pk)
    if invitation is None:  # another graduate's or none: the same 404
        raise Http404
    return invitation


class ReceivedInvitationDetailView(GraduateView):
    @extend_schema(responses=s.ReceivedInvitationSerializer)
    def get(self, request, pk: int):
        return Response(s.ReceivedInvitationSerializer(_own(self, pk)).data)


class ReceivedInvitationAcceptView(GraduateView):
    """POST /api/v1/invitations/received/<id>/accept/ — the employer may then see the graduate's
    contact details; ``next_url`` is the application form or the session's booking."""

    @extend_schema(request=None, responses=s.InvitationAnsweredSerializer)
    def post(self, request, pk: int):
        services.invitation_accept(invitation=_own(self, pk), actor=request.user)
        return Response(s.InvitationAnsweredSerializer(_own(self, pk)).data)


class ReceivedInvitationDeclineView(GraduateView):
    """POST /api/v1/invitations/received/<id>/decline/."""

    @extend_schema(request=None, responses=s.InvitationAnsweredSerializer)
    def post(self, request, pk: int):
        services.invitation_decline(invitation=_own(self, pk), actor=request.user)
        return Response(s.InvitationAnsweredSerializer(_own(self, pk)).data)
