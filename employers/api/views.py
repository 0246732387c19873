"""The employer API (/api/v1/employer/…) and the reviewers' actions (/api/v1/employers/…,
/api/v1/fair-registrations/…). The same services and selectors as the pages; a service's
ValidationError becomes a 400 with field-level messages, "not approved" a 403."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from recruitment_weeks.accounts.authentication import second_factor_checked
from recruitment_weeks.parsers import PortalJSONParser

from .. import selectors, services
from ..permissions import employer_of, is_employer_administrator
from . import serializers as s


class IsEmployer(permissions.BasePermission):
    message = _("此接口仅限用人单位账户使用。")

    def has_permission(self, request, view) -> bool:
        return employer_of(request.user) is not None


class AdministratorWrites(permissions.BasePermission):
    """Reads for every member of the team; writes (the profile, fair registrations, the team) for its
    administrators only."""

    message = _("此操作仅限本单位管理员。")

    def has_permission(self, request, view) -> bool:
        if employer_of(request.user) is None:
            return False
        return request.method in permissions.SAFE_METHODS or is_employer_administrator(request.user)


class IsStaff(permissions.BasePermission):
    """Staff or superuser past the second factor; which rows they may act on is the queryset's business
    (others: 404)."""

    message = _("此接口仅限会场工作人员使用。")

    def has_permission(self, request, view) -> bool:
        user = request.user
        staff = bool(user and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))
        return staff and second_factor_checked(request)


class EmployerMixin:
    permission_classes = [IsEmployer]

    @property
    def employer(self):
        return employer_of(self.request.user)


# --- Registration and profile ----------------------------------------------------------------------


class RegisterView(APIView):
    """POST (multipart, with ``licence``): create the account and the employer, pending review."""

    permission_classes = [permissions.AllowAny]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=s.RegistrationSerializer, responses={201: s.EmployerSerializer})
    def post(self, request):
        if request.user.is_authenticated:
            raise PermissionDenied(_("已登录的账户不能再注册用人单位。"))
        serializer = s.RegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        account = {name: data.pop(name) for name in ("username", "email", "password")}
        licence = data.pop("licence")
        employer = services.employer_register(**account, profile=data, licence=licence)
        return Response(s.EmployerSerializer(employer).data, status=status.HTTP_201_CREATED)


class ProfileView(EmployerMixin, APIView):
    """GET the employer's own profile and review state; PATCH to edit it (a rejected employer's
    edit resubmits it for review)."""

    permission_classes = [IsEmployer, AdministratorWrites]
    parser_classes = [PortalJSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=s.EmployerSerializer)
    def get(self, request):
        return Response(s.EmployerSerializer(self.employer).data)

    @extend_schema(request=s.EmployerProfileSerializer, responses=s.EmployerSerializer)
    def patch(self, request):
        serializer = s.EmployerProfileSerializer(self.employer, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        licence = changes.pop("licence", None)
        employer = services.employer_update(
            employer=self.employer, actor=request.user, changes=changes, licence=licence
        )
        return Response(s.EmployerSerializer(employer).data)


# --- The team ----------------------------------------------------------------------------------------
# Administrators only: the list, inviting, changing a role, removing. Another employer's member ids are 404.


class IsEmployerAdministrator(permissions.BasePermission):
    message = _("此操作仅限本单位管理员。")

    def has_permission(self, request, view) -> bool:
        return is_employer_administrator(request.user)


class _TeamView(EmployerMixin, generics.GenericAPIView):
    permission_classes = [IsEmployer, IsEmployerAdministrator]
    serializer_class = s.MemberSerializer
    parser_classes = [PortalJSONParser]

    def get_queryset(self):
        return selectors.team_of(employer=self.employer)


class TeamListView(_TeamView, generics.ListAPIView):
    """GET: the employer's team, earliest member first. POST invites an account by email address (a new
    account is emailed a link to set its password)."""

    @extend_schema(request=s.MemberInviteInputSerializer, responses={201: s.MemberSerializer})
    def post(self, request):
        serializer = s.MemberInviteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = services.member_invite(employer=self.employer, actor=request.user, **serializer.validated_data)
        return Response(s.MemberSerializer(self.get_queryset().get(pk=member.pk)).data, status=status.HTTP_201_CREATED)


class MemberRoleView(_TeamView):
    """POST: make the member an administrator or a recruiter (the last administrator stays one)."""

    @extend_schema(request=s.MemberRoleInputSerializer, responses=s.MemberSerializer)
    def post(self, request, pk):
        member = self.get_object()
        serializer = s.MemberRoleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = services.member_change_role(member=member, actor=request.user, role=serializer.validated_data["role"])
        return Response(s.MemberSerializer(member).data)


class MemberRemoveView(_TeamView):
    """POST: remove the member from the team (not the last administrator); the account stays."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, pk):
        services.member_remove(member=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Postings ----------------------------------------------------------------------------------------
# The employer's own postings (another employer's ids are 404). JSON only: in form encoding an empty
# optional field means "not given" and a repeated key "the last one", so a form body could not mean
# what the schema says (schemathesis found it).


class _PostingView(EmployerMixin, generics.GenericAPIView):
    serializer_class = s.PostingSerializer
    parser_classes = [PortalJSONParser]

    def get_queryset(self):
        return selectors.postings_of(employer=self.employer).prefetch_related("disciplines")

    def respond(self, posting, status_code=status.HTTP_200_OK) -> Response:
        """The posting as the list shows it, read again after the write."""
        return Response(s.PostingSerializer(self.get_queryset().get(pk=posting.pk)).data, status=status_code)


def _posting_changes(serializer) -> dict:
    """A validated posting input as the services' keywords: data, disciplines, publish."""
    data = dict(serializer.validated_data)
    return {"publish": data.pop("publish", False), "disciplines": data.pop("disciplines", None), "data": data}


class PostingListView(_PostingView, generics.ListAPIView):
    """GET: the employer's postings, newest change first. POST creates a draft, or publishes at once
    with ``publish: true``."""

    @extend_schema(request=s.PostingCreateInputSerializer, responses={201: s.PostingSerializer})
    def post(self, request):
        serializer = s.PostingCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        posting = services.posting_create(employer=self.employer, actor=request.user, **_posting_changes(serializer))
        return self.respond(posting, status.HTTP_201_CREATED)


class PostingDetailView(_PostingView, generics.RetrieveAPIView):
    """GET one of the employer's postings; PATCH edits it (``publish: true`` publishes it)."""

    @extend_schema(request=s.PostingUpdateInputSerializer, responses=s.PostingSerializer)
    def patch(self, request, pk):
        posting = self.get_object()
        serializer = s.PostingUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        posting = services.posting_update(posting=posting, actor=request.user, **_posting_changes(serializer))
        return self.respond(posting)


class PostingPublishView(_PostingView):
    """POST: publish the posting."""

    @extend_schema(request=None, responses=s.PostingSerializer)
    def post(self, request, pk):
        return self.respond(services.posting_publish(posting=self.get_object(), actor=request.user))


class PostingCloseView(_PostingView):
    """POST: close the posting."""

    @extend_schema(request=None, responses=s.PostingSerializer)
    def post(self, request, pk):
        return self.respond(services.posting_close(posting=self.get_object(), actor=request.user))


# --- Reviewers ---------------------------------------------------------------------------------------


STATUS_PARAMETER = OpenApiParameter("status", OpenApiTypes.STR, description=_("按审核状态筛选，如 pending"))


class ReviewDecisionView(generics.GenericAPIView):
    """A staff decision endpoint: validate the body, call the review service on the object, answer
    with the object as the list shows it. Subclasses give the queryset (the objects the user may
    review: others are 404) and ``post``."""

    permission_classes = [IsStaff]
    decided_object = ""  # the review service's keyword for the object

    def decide(self, call, input_serializer_class) -> Response:
        serializer = input_serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        obj = call(**{self.decided_object: self.get_object()}, actor=self.request.user, **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)


class _EmployerReviewView(generics.GenericAPIView):
    """Employers the signed-in staff user reviews; an employer outside the user's venues is 404."""

    serializer_class = s.EmployerSerializer
    permission_classes = [IsStaff]
    decided_object = "employer"

    def get_queryset(self):
        return selectors.employers_reviewable_by(user=self.request.user)


class EmployerReviewListView(_EmployerReviewView, generics.ListAPIView):
    """Employers the signed-in staff user reviews, newest submission first (``?status=pending``)."""

    def get_queryset(self):
        return selectors.employers_reviewable_by(
            user=self.request.user, status=self.request.query_params.get("status") or None
        )

    @extend_schema(parameters=[STATUS_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class EmployerReviewDetailView(_EmployerReviewView, generics.RetrieveAPIView):
    """One employer the signed-in staff user reviews."""


class EmployerApproveView(_EmployerReviewView, ReviewDecisionView):
    """POST: approve the employer's registration (an optional note)."""

    @extend_schema(request=s.DecisionNoteInputSerializer, responses=s.EmployerSerializer)
    def post(self, request, pk):
        return self.decide(services.employer_approve, s.DecisionNoteInputSerializer)


class EmployerRejectView(_EmployerReviewView, ReviewDecisionView):
    """POST: reject the employer's registration, with the reason."""

    @extend_schema(request=s.DecisionReasonInputSerializer, responses=s.EmployerSerializer)
    def post(self, request, pk):
        return self.decide(services.employer_reject, s.DecisionReasonInputSerializer)


class EmployerSuspendView(_EmployerReviewView, ReviewDecisionView):
    """POST: suspend an approved employer, with the reason."""

    @extend_schema(request=s.DecisionReasonInputSerializer, responses=s.EmployerSerializer)
    def post(self, request, pk):
        return self.decide(services.employer_suspend, s.DecisionReasonInputSerializer)


class EmployerReinstateView(_EmployerReviewView, ReviewDecisionView):
    """POST: reinstate a suspended employer (an optional note)."""

    @extend_schema(request=s.DecisionNoteInputSerializer, responses=s.EmployerSerializer)
    def post(self, request, pk):
        return self.decide(services.employer_reinstate, s.DecisionNoteInputSerializer)
