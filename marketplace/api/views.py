"""/api/v1/ of the job marketplace: the public job search and job pages, matches and recommendations,
a graduate's applications and saved items, and the applications an employer received. The same
services and selectors as the pages."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.api import serializers as es
from employers.api.views import EmployerMixin
from employers.models import JobPosting
from employers.permissions import employer_of
from employers.selectors import postings_public, with_disciplines
from graduates import selectors as graduate_selectors
from graduates.api.views import CanApply, GraduateView, IsGraduate
from recruitment_weeks.pagination import InvalidCursor, KeysetCursorPagination

from .. import matching, selectors, services
from ..permissions import may_see_posting_matches
from ..search import PAGE_SIZE, search_postings
from ..search_params import JobSearchForm, clean_search_params
from . import serializers as s


def results_of(name: str, serializer) -> serializers.Serializer:
    """The schema of the unpaginated {"results": [...]} bodies."""
    return inline_serializer(name=name, fields={"results": serializer(many=True)})


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
    parameters.append(
        OpenApiParameter("cursor", OpenApiTypes.STR, description=KeysetCursorPagination.cursor_query_description)
    )
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
        params = clean_search_params(request.query_params.dict())
        paginator = KeysetCursorPagination()
        size = paginator.get_page_size(request)  # a 400 on page_size outside 1–100
        try:
            page = search_postings(params=params, cursor=request.query_params.get("cursor") or None, limit=size)
        except InvalidCursor as exc:
            raise ValidationError({"cursor": [paginator.invalid_cursor_message]}) from exc
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


class RecommendationsView(GraduateView):
    """GET /api/v1/graduates/me/recommendations/ — best-fitting postings with reasons."""

    @extend_schema(responses=results_of("Recommendations", s.PostingMatchSerializer))
    def get(self, request):
        found = matching.recommended_postings(graduate=self.graduate)
        return Response({"results": s.PostingMatchSerializer(found, many=True).data})


class ApplicationListView(GraduateView):
    """GET /api/v1/applications/ — own applications, newest change first (cursor pages) · POST
    {"posting", "note"} — apply once (approved graduates only; a repeat gives the same application). 201."""

    permission_classes = [permissions.IsAuthenticated, IsGraduate, CanApply]
    pagination_class = KeysetCursorPagination

    @extend_schema(operation_id="applications_list", responses=s.ApplicationSerializer(many=True))
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            graduate_selectors.applications_of(graduate=self.graduate), request, view=self
        )
        return paginator.get_paginated_response(s.ApplicationSerializer(page, many=True).data)

    @extend_schema(request=s.ApplyInputSerializer, responses={201: s.ApplicationSerializer})
    def post(self, request):
        serializer = s.ApplyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        posting = postings_public().filter(pk=serializer.validated_data["posting"]).first()
        if posting is None:
            raise ValidationError({"posting": [_("该职位已关闭或不存在。")]})
        application = services.application_submit(
            graduate=self.graduate, posting=posting, note=serializer.validated_data["note"]
        )
        return Response(s.ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


def _own_application(view: GraduateView, pk: int):
    application = graduate_selectors.application_of(graduate=view.graduate, pk=pk)
    if application is None:  # another graduate's or none: the same 404
        raise Http404
    return application


class ApplicationDetailView(GraduateView):
    @extend_schema(responses=s.ApplicationDetailSerializer)
    def get(self, request, pk: int):
        application = _own_application(self, pk)
        history = graduate_selectors.application_history(application=application)
        return Response(s.ApplicationDetailSerializer(application, context={"history": history}).data)


class ApplicationWithdrawView(GraduateView):
    """POST /api/v1/applications/<id>/withdraw/ — while not yet decided."""

    @extend_schema(request=None, responses=s.ApplicationDetailSerializer)
    def post(self, request, pk: int):
        application = _own_application(self, pk)
        application = services.application_withdraw(application=application, actor=request.user)
        application = graduate_selectors.application_of(graduate=self.graduate, pk=pk)
        history = graduate_selectors.application_history(application=application)
        return Response(s.ApplicationDetailSerializer(application, context={"history": history}).data)


class _OfferAnswerView(GraduateView):
    def answer(self, request, pk: int, call):
        application = _own_application(self, pk)
        call(application)
        application = graduate_selectors.application_of(graduate=self.graduate, pk=pk)
        history = graduate_selectors.application_history(application=application)
        return Response(s.ApplicationDetailSerializer(application, context={"history": history}).data)


class ApplicationAcceptView(_OfferAnswerView):
    """POST /api/v1/applications/<id>/accept/ — accept an offer (the employer is notified)."""

    @extend_schema(request=None, responses=s.ApplicationDetailSerializer)
    def post(self, request, pk: int):
        return self.answer(request, pk, lambda a: services.application_accept(application=a, actor=request.user))


class ApplicationDeclineView(_OfferAnswerView):
    """POST /api/v1/applications/<id>/decline/ {reason (optional)} — decline an offer (the employer
    is notified, with the reason)."""

    @extend_schema(request=s.OfferDeclineSerializer, responses=s.ApplicationDetailSerializer)
    def post(self, request, pk: int):
        serializer = s.OfferDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data.get("reason", "")
        return self.answer(
            request, pk, lambda a: services.application_decline(application=a, actor=request.user, reason=reason)
        )


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
        searches = graduate_selectors.saved_searches_of(graduate=self.graduate)
        return Response({"results": s.SavedSearchSerializer(searches, many=True).data})

    @extend_schema(request=s.SavedSearchInputSerializer, responses={201: s.SavedSearchSerializer})
    def post(self, request):
        serializer = s.SavedSearchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = services.saved_search_save(
            graduate=self.graduate,
            params=serializer.validated_data["params"],
            name=serializer.validated_data["name"],
        )
        return Response(s.SavedSearchSerializer(saved).data, status=status.HTTP_201_CREATED)


class SavedSearchDetailView(GraduateView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        if not services.saved_search_delete(graduate=self.graduate, saved_search_id=pk):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Applications received (the employer's side) -------------------------------------------------


class ReceivedApplicationListView(EmployerMixin, generics.ListAPIView):
    """Applications to the employer's postings, newest first (``?posting=<id>`` for one posting)."""

    serializer_class = s.ReceivedApplicationSerializer

    def get_queryset(self):
        posting = self.request.query_params.get("posting")
        if posting is not None and not posting.isdigit():
            raise NotFound("No such posting")
        return selectors.employer_applications(employer=self.employer, posting_id=int(posting) if posting else None)

    @extend_schema(parameters=[OpenApiParameter("posting", OpenApiTypes.INT, description=_("只看该职位收到的投递"))])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class _ReceivedApplicationView(EmployerMixin, generics.GenericAPIView):
    """One application to the employer's postings (any other is 404). The moves call
    marketplace.services and notify the graduate; an illegal move is a 400 with the reason."""

    serializer_class = s.ReceivedApplicationDetailSerializer

    def get_queryset(self):
        return selectors.employer_applications_in_full(employer=self.employer)

    def respond(self, application) -> Response:
        """The application as its detail shows it, read again after the move."""
        return Response(s.ReceivedApplicationDetailSerializer(self.get_queryset().get(pk=application.pk)).data)


class ReceivedApplicationDetailView(_ReceivedApplicationView, generics.RetrieveAPIView):
    """One application with the graduate's intentions, résumé and contact details."""


class ReceivedApplicationMarkViewedView(_ReceivedApplicationView):
    """Mark viewed (what opening it on the page does); a second call changes nothing."""

    @extend_schema(request=None, responses=s.ReceivedApplicationDetailSerializer)
    def post(self, request, pk):
        return self.respond(services.application_mark_viewed(application=self.get_object(), actor=request.user))


class ReceivedApplicationInviteView(_ReceivedApplicationView):
    """POST: invite the graduate to an interview (notified)."""

    @extend_schema(request=s.ApplicationInviteInputSerializer, responses=s.ReceivedApplicationDetailSerializer)
    def post(self, request, pk):
        application = self.get_object()
        serializer = s.ApplicationInviteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.respond(
            services.application_invite(application=application, actor=request.user, **serializer.validated_data)
        )


class ReceivedApplicationOfferView(_ReceivedApplicationView):
    """POST: make the graduate an offer (notified)."""

    @extend_schema(request=None, responses=s.ReceivedApplicationDetailSerializer)
    def post(self, request, pk):
        return self.respond(services.application_offer(application=self.get_object(), actor=request.user))


class ReceivedApplicationHireView(_ReceivedApplicationView):
    """POST: record the graduate as hired (notified)."""

    @extend_schema(request=None, responses=s.ReceivedApplicationDetailSerializer)
    def post(self, request, pk):
        return self.respond(services.application_hire(application=self.get_object(), actor=request.user))


class ReceivedApplicationRejectView(_ReceivedApplicationView):
    """POST: reject the application, with the reason (notified)."""

    @extend_schema(request=es.DecisionReasonInputSerializer, responses=s.ReceivedApplicationDetailSerializer)
    def post(self, request, pk):
        application = self.get_object()
        serializer = es.DecisionReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.respond(
            services.application_reject(
                application=application, actor=request.user, reason=serializer.validated_data["reason"]
            )
        )
