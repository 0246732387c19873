"""/api/v1/ for graduates and the public job search: the same services and selectors as the pages."""

from urllib.parse import urlencode

from django.contrib.auth import login
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.models import JobPosting
from employers.search import PAGE_SIZE, InvalidCursor, search_postings
from employers.selectors import postings_public
from recruitment_weeks.pagination import KeysetCursorPagination

from .. import matching, selectors, services
from ..permissions import can_apply, employer_of, is_graduate, may_see_posting_matches
from ..search_params import JobSearchForm, clean_search_params
from ..selectors import with_disciplines
from . import serializers as s


def field_errors(exc: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as DRF's 400 body: {"field": ["message"], "non_field_errors": [...]}."""
    if hasattr(exc, "error_dict"):
        return ValidationError({("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()})
    return ValidationError({"non_field_errors": exc.messages})


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


def results_of(name: str, serializer) -> serializers.Serializer:
    """The schema of the unpaginated {"results": [...]} bodies."""
    return inline_serializer(name=name, fields={"results": serializer(many=True)})


# --- Public job search ---------------------------------------------------------------------------------


def _search_parameters() -> list[OpenApiParameter]:
    """The query parameters, described from the one form that validates them (page, API, saved searches)."""
    parameters = []
    for name, field in JobSearchForm.base_fields.items():
        values = [value for value, _label in getattr(field, "choices", []) if value != ""]
        parameters.append(
            OpenApiParameter(
                name,
                OpenApiTypes.INT if name in ("salary_min", "salary_max", "week") else OpenApiTypes.STR,
                description=field.label,
                enum=values or None,
            )
        )
    parameters.append(OpenApiParameter("cursor", OpenApiTypes.STR, description=_("下一页或上一页链接中的分页参数")))
    parameters.append(
        OpenApiParameter(
            "page_size",
            {"type": "integer", "minimum": 1, "maximum": KeysetCursorPagination.max_page_size, "default": PAGE_SIZE},
            description=KeysetCursorPagination.page_size_query_description,
        )
    )
    return parameters


class JobSearchView(APIView):
    """GET /api/v1/jobs/?q=会计&province=11&…&sort=new|salary&cursor=…&page_size=… — keyset pages
    (20, or page_size 1–100, as every API list): {"results": [...], "next": url|null, "previous":
    url|null}. Filters as on /jobs/."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="jobs_list",
        parameters=_search_parameters(),
        responses=inline_serializer(
            name="JobSearchPage",
            fields={
                "results": s.PostingListSerializer(many=True),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
            },
        ),
    )
    def get(self, request):
        try:
            params = clean_search_params(request.query_params.dict())
        except DjangoValidationError as exc:
            raise field_errors(exc) from exc
        size = KeysetCursorPagination().get_page_size(request)  # a 400 on page_size outside 1–100
        try:
            page = search_postings(params=params, cursor=request.query_params.get("cursor") or None, limit=size)
        except InvalidCursor as exc:
            raise ValidationError({"cursor": [_("分页参数无效，请从第一页开始。")]}) from exc
        kept = {**params, "page_size": size} if size != PAGE_SIZE else params

        def link(cursor):
            if not cursor:
                return None
            return request.build_absolute_uri(f"{request.path}?{urlencode({**kept, 'cursor': cursor})}")

        return Response(
            {
                "results": s.posting_list_items(page.postings),
                "next": link(page.next_cursor),
                "previous": link(page.previous_cursor),
            }
        )


class JobDetailView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=s.PostingDetailSerializer)
    def get(self, request, pk: int):
        posting = get_object_or_404(with_disciplines(postings_public()), pk=pk)
        return Response(s.PostingDetailSerializer(posting).data)


class PostingMatchesView(APIView):
    """GET /api/v1/jobs/<id>/matches/ — for the posting's own approved employer only (404 otherwise)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=results_of("PostingMatches", s.GraduateMatchSerializer))
    def get(self, request, pk: int):
        posting = JobPosting.objects.select_related("employer", "province").filter(pk=pk).first()
        if posting is None or not may_see_posting_matches(request.user, posting):
            raise Http404
        found = matching.matching_graduates(posting=posting)
        contact_ids = selectors.graduate_ids_with_contact_for(
            employer=employer_of(request.user), graduate_ids=[m.obj.pk for m in found]
        )
        return Response(
            {"results": s.GraduateMatchSerializer(found, many=True, context={"contact_ids": contact_ids}).data}
        )


# --- Registration and profile ----------------------------------------------------------------------------


def _profile_kwargs(data: dict) -> dict:
    profile = {k: v for k, v in data.items() if k in services.profiles.PROFILE_FIELDS}
    if "preferred_cities" in data:
        profile["preferred_cities"] = data["preferred_cities"]
    return profile


class GraduateRegisterView(APIView):
    """POST /api/v1/graduates/ — account and profile (JSON); signs the new graduate in. 201."""

    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser]

    @extend_schema(request=s.RegisterSerializer, responses={201: s.GraduateOwnSerializer})
    def post(self, request):
        if request.user.is_authenticated:
            raise ValidationError({"non_field_errors": [_("您已登录。如需注册毕业生账户，请先退出。")]})
        serializer = s.RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            graduate = services.graduate_register(
                username=data["username"],
                password=data["password"],
                profile=_profile_kwargs(data),
                preferred_provinces=data.get("preferred_provinces", []),
                privacy_consent=data["privacy_consent"],
            )
        except DjangoValidationError as exc:
            raise field_errors(exc) from exc
        login(request._request, graduate.user)
        return Response(s.GraduateOwnSerializer(graduate).data, status=status.HTTP_201_CREATED)


class GraduateMeView(GraduateView):
    """GET /api/v1/graduates/me/ · PATCH any profile fields (identity fixed once approved)."""

    parser_classes = [JSONParser]

    @extend_schema(responses=s.GraduateOwnSerializer)
    def get(self, request):
        return Response(s.GraduateOwnSerializer(self.graduate).data)

    @extend_schema(request=s.ProfileInputSerializer, responses=s.GraduateOwnSerializer)
    def patch(self, request):
        serializer = s.ProfileInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            graduate = services.graduate_update_profile(
                graduate=self.graduate,
                actor=request.user,
                profile=_profile_kwargs(data),
                preferred_provinces=data.get("preferred_provinces"),
            )
        except DjangoValidationError as exc:
            raise field_errors(exc) from exc
        return Response(s.GraduateOwnSerializer(graduate).data)


class GraduateResubmitView(GraduateView):
    """POST /api/v1/graduates/me/resubmit/ — a rejected registration, corrected, back to review."""

    @extend_schema(request=None, responses=s.GraduateOwnSerializer)
    def post(self, request):
        try:
            graduate = services.graduate_resubmit(graduate=self.graduate, actor=request.user)
        except DjangoValidationError as exc:
            raise field_errors(exc) from exc
        return Response(s.GraduateOwnSerializer(graduate).data)


class ResumePdfView(GraduateView):
    """PUT /api/v1/graduates/me/resume-pdf/ (multipart, field resume_pdf) · DELETE removes it."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=s.ResumePdfSerializer, responses=s.GraduateOwnSerializer)
    def put(self, request):
        serializer = s.ResumePdfSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            graduate = services.graduate_update_profile(
                graduate=self.graduate,
                actor=request.user,
                profile={},
                resume_pdf=serializer.validated_data["resume_pdf"],
            )
        except DjangoValidationError as exc:
            raise field_errors(exc) from exc
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


class RecommendationsView(GraduateView):
    """GET /api/v1/graduates/me/recommendations/ — best-fitting postings with reasons."""

    @extend_schema(responses=results_of("Recommendations", s.PostingMatchSerializer))
    def get(self, request):
        found = matching.recommended_postings(graduate=self.graduate)
        return Response({"results": s.PostingMatchSerializer(found, many=True).data})


# --- Applications --------------------------------------------------------------------------------------------


class ApplicationListView(GraduateView):
    """GET /api/v1/applications/ — own applications, newest change first (cursor pages) · POST
    {"posting", "note"} — apply once (approved graduates only; a repeat gives the same application). 201."""

    permission_classes = [permissions.IsAuthenticated, IsGraduate, CanApply]
    pagination_class = KeysetCursorPagination

    @extend_schema(operation_id="applications_list", responses=s.ApplicationSerializer(many=True))
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.applications_of(graduate=self.graduate), request, view=self)
        return paginator.get_paginated_response(s.ApplicationSerializer(page, many=True).data)

    @extend_schema(request=s.ApplyInputSerializer, responses={201: s.ApplicationSerializer})
    def post(self, request):
        serializer = s.ApplyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        posting = postings_public().filter(pk=serializer.validated_data["posting"]).first()
        if posting is None:
            raise ValidationError({"posting": [_("该职位已关闭或不存在。")]})
        try:
            application = services.application_submit(
                graduate=self.graduate, posting=posting, note=serializer.validated_data["note"]
            )
        except DjangoValidationError as exc:
            raise field_errors(exc) from exc
        return Response(s.ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


def _own_application(view: GraduateView, pk: int):
    application = selectors.application_of(graduate=view.graduate, pk=pk)
    if application is None:  # another graduate's or none: the same 404
        raise Http404
    return application


class ApplicationDetailView(GraduateView):
    @extend_schema(responses=s.ApplicationDetailSerializer)
    def get(self, request, pk: int):
        application = _own_application(self, pk)
        history = selectors.application_history(application=application)
        return Response(s.ApplicationDetailSerializer(application, context={"history": history}).data)


class ApplicationWithdrawView(GraduateView):
    """POST /api/v1/applications/<id>/withdraw/ — while not yet decided."""

    @extend_schema(request=None, responses=s.ApplicationDetailSerializer)
    def post(self, request, pk: int):
        application = _own_application(self, pk)
        try:
            application = services.application_withdraw(application=application, actor=request.user)
        except DjangoValidationError as exc:
            raise field_errors(exc) from exc
        application = selectors.application_of(graduate=self.graduate, pk=pk)
        history = selectors.application_history(application=application)
        return Response(s.ApplicationDetailSerializer(application, context={"history": history}).data)


# --- Saved postings and searches ------------------------------------------------------------------------------


class SavedPostingListView(GraduateView):
    pagination_class = KeysetCursorPagination

    @extend_schema(responses=s.SavedPostingSerializer(many=True))
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.saved_postings_of(graduate=self.graduate), request, view=self)
        return paginator.get_paginated_response(s.SavedPostingSerializer(page, many=True).data)

    @extend_schema(request=s.SavedPostingInputSerializer, responses={201: s.SavedPostingSerializer})
    def post(self, request):
        serializer = s.SavedPostingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        posting = postings_public().filter(pk=serializer.validated_data["posting"]).first()
        if posting is None:
            raise ValidationError({"posting": [_("该职位已关闭或不存在。")]})
        saved = services.saved_posting_add(graduate=self.graduate, posting=posting)
        return Response(s.SavedPostingSerializer(saved).data, status=status.HTTP_201_CREATED)


class SavedPostingDetailView(GraduateView):
    @extend_schema(responses={204: None})
    def delete(self, request, posting_id: int):
        if not services.saved_posting_remove(graduate=self.graduate, posting_id=posting_id):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


class SavedSearchListView(GraduateView):
    @extend_schema(responses=results_of("SavedSearches", s.SavedSearchSerializer))
    def get(self, request):
        searches = selectors.saved_searches_of(graduate=self.graduate)
        return Response({"results": s.SavedSearchSerializer(searches, many=True).data})

    @extend_schema(request=s.SavedSearchInputSerializer, responses={201: s.SavedSearchSerializer})
    def post(self, request):
        serializer = s.SavedSearchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            saved = services.saved_search_save(
                graduate=self.graduate,
                params=serializer.validated_data["params"],
                name=serializer.validated_data["name"],
            )
        except DjangoValidationError as exc:
            raise field_errors(exc) from exc
        return Response(s.SavedSearchSerializer(saved).data, status=status.HTTP_201_CREATED)


class SavedSearchDetailView(GraduateView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        if not services.saved_search_delete(graduate=self.graduate, saved_search_id=pk):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)
