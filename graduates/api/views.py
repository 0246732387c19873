"""/api/v1/ for graduates and the public job search: the same services and selectors as the pages."""

from django.contrib.auth import login
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from recruitment_weeks.parsers import PortalJSONParser

from .. import selectors, services
from ..permissions import can_apply, is_graduate
from . import serializers as s


class IsGraduate(permissions.BasePermission):
    message = _("仅限已注册的毕业生。")

    def has_permission(self, request, view) -> bool:
        return is_graduate(request.user)


class CanApply(permissions.BasePermission):
    message = _("您的注册信息尚未审核通过，暂不能投递简历。")

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or can_apply(request.user)


class GraduateView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsGraduate]

    @property
    def graduate(self):
        return selectors.graduate_of(self.request.user)


# --- Public job search ---------------------------------------------------------------------------------


# --- Registration and profile ----------------------------------------------------------------------------


def _profile_kwargs(data: dict) -> dict:
    profile = {k: v for k, v in data.items() if k in services.profiles.PROFILE_FIELDS}
    if "preferred_cities" in data:
        profile["preferred_cities"] = data["preferred_cities"]
    return profile


class GraduateRegisterView(APIView):
    """POST /api/v1/graduates/ — account and profile (JSON); signs the new graduate in. 201."""

    permission_classes = [permissions.AllowAny]
    parser_classes = [PortalJSONParser]

    @extend_schema(request=s.RegisterSerializer, responses={201: s.GraduateOwnSerializer})
    def post(self, request):
        if request.user.is_authenticated:
            raise ValidationError({"non_field_errors": [_("您已登录。如需注册毕业生账户，请先退出。")]})
        serializer = s.RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        graduate = services.graduate_register(
            username=data["username"],
            password=data["password"],
            profile=_profile_kwargs(data),
            preferred_provinces=data.get("preferred_provinces", []),
            privacy_consent=data["privacy_consent"],
        )
        login(request._request, graduate.user)
        return Response(s.GraduateOwnSerializer(graduate).data, status=status.HTTP_201_CREATED)


class GraduateMeView(GraduateView):
    """GET /api/v1/graduates/me/ · PATCH any profile fields (identity fixed once approved)."""

    parser_classes = [PortalJSONParser]

    @extend_schema(responses=s.GraduateOwnSerializer)
    def get(self, request):
        return Response(s.GraduateOwnSerializer(self.graduate).data)

    @extend_schema(request=s.ProfileInputSerializer, responses=s.GraduateOwnSerializer)
    def patch(self, request):
        serializer = s.ProfileInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        graduate = services.graduate_update_profile(
            graduate=self.graduate,
            actor=request.user,
            profile=_profile_kwargs(data),
            preferred_provinces=data.get("preferred_provinces"),
        )
        return Response(s.GraduateOwnSerializer(graduate).data)


class GraduateResubmitView(GraduateView):
    """POST /api/v1/graduates/me/resubmit/ — a rejected registration, corrected, back to review."""

    @extend_schema(request=None, responses=s.GraduateOwnSerializer)
    def post(self, request):
        graduate = services.graduate_resubmit(graduate=self.graduate, actor=request.user)
        return Response(s.GraduateOwnSerializer(graduate).data)


class ResumePdfView(GraduateView):
    """PUT /api/v1/graduates/me/resume-pdf/ (multipart, field resume_pdf) · DELETE removes it."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=s.ResumePdfSerializer, responses=s.GraduateOwnSerializer)
    def put(self, request):
        serializer = s.ResumePdfSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        graduate = services.graduate_update_profile(
            graduate=self.graduate,
            actor=request.user,
            profile={},
            resume_pdf=serializer.validated_data["resume_pdf"],
        )
        return Response(s.GraduateOwnSerializer(graduate).data)

    @extend_schema(responses={204: None})
    def delete(self, request):
        services.graduate_update_profile(graduate=self.graduate, actor=request.user, profile={}, remove_resume_pdf=True)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExportView(GraduateView):
    """GET /api/v1/graduates/me/export/ — everything about the graduate."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(selectors.graduate_data_export(graduate=self.graduate))


class DeleteAccountView(GraduateView):
    """POST /api/v1/graduates/me/delete/ {"password": …} — deletes the account; 204."""

    @extend_schema(request=s.DeleteAccountSerializer, responses={204: None})
    def post(self, request):
        serializer = s.DeleteAccountSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not request.user.check_password(serializer.validated_data["password"]):
            raise ValidationError({"password": [_("密码不正确。")]})
        services.graduate_delete_account(graduate=self.graduate, actor=request.user)
        request._request.session.flush()
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Applications --------------------------------------------------------------------------------------------


# --- Saved postings and searches ------------------------------------------------------------------------------


class GraduateOutcomeView(GraduateView):
    """GET /api/v1/graduates/me/outcome/ · PUT {"outcome", "organisation"} — the graduate's 毕业去向."""

    parser_classes = [PortalJSONParser]

    @extend_schema(responses=s.OutcomeSerializer)
    def get(self, request):
        return Response(s.OutcomeSerializer(self.graduate).data)

    @extend_schema(request=s.OutcomeInputSerializer, responses=s.OutcomeSerializer)
    def put(self, request):
        serializer = s.OutcomeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        graduate = services.graduate_record_outcome(
            graduate=self.graduate,
            actor=request.user,
            outcome=serializer.validated_data["outcome"],
            organisation=serializer.validated_data["organisation"],
        )
        return Response(s.OutcomeSerializer(graduate).data)
