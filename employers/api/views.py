"""The employer API (/api/v1/employer/…) and the reviewers' actions (/api/v1/employers/…,
/api/v1/fair-registrations/…). The same services and selectors as the pages; a service's
ValidationError becomes a 400 with field-level messages, "not approved" a 403."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from events import selectors as event_selectors
from events import services as event_services
from graduates import services as application_services

from .. import selectors, services
from ..permissions import employer_of
from . import serializers as s

NOT_APPROVED_CODES = {"employer_not_approved"}


def run(call):
    """Call a service; translate its refusals into DRF's error responses."""
    try:
        return call()
    except DjangoValidationError as exc:
        if getattr(exc, "code", None) in NOT_APPROVED_CODES:
            raise PermissionDenied(exc.messages[0]) from None
        if hasattr(exc, "error_dict"):
            detail = {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        else:
            detail = {"non_field_errors": exc.messages}
        raise DRFValidationError(detail) from None


class IsEmployer(permissions.BasePermission):
    message = _("此接口仅限用人单位账户使用。")

    def has_permission(self, request, view) -> bool:
        return employer_of(request.user) is not None


class IsStaff(permissions.BasePermission):
    """Staff or superuser; which rows they may act on is the queryset's business (others: 404)."""

    message = _("此接口仅限会场工作人员使用。")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


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
        employer = run(lambda: services.employer_register(**account, profile=data, licence=licence))
        return Response(s.EmployerSerializer(employer).data, status=status.HTTP_201_CREATED)


class ProfileView(EmployerMixin, APIView):
    """GET the employer's own profile and review state; PATCH to edit it (a rejected employer's
    edit resubmits it for review)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=s.EmployerSerializer)
    def get(self, request):
        return Response(s.EmployerSerializer(self.employer).data)

    @extend_schema(request=s.EmployerProfileSerializer, responses=s.EmployerSerializer)
    def patch(self, request):
        serializer = s.EmployerProfileSerializer(self.employer, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        licence = changes.pop("licence", None)
        employer = run(
            lambda: services.employer_update(
                employer=self.employer, actor=request.user, changes=changes, licence=licence
            )
        )
        return Response(s.EmployerSerializer(employer).data)


# --- Postings ----------------------------------------------------------------------------------------


class PostingViewSet(
    EmployerMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The employer's own postings (another employer's ids are 404). POST creates a draft, or
    publishes at once with ``publish: true``; PATCH edits; publish/ and close/ change the status."""

    serializer_class = s.PostingSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    # JSON only: in form encoding an empty optional field means "not given" and a repeated key "the
    # last one", so a form body could not mean what the schema says (schemathesis found it).
    parser_classes = [JSONParser]

    def get_queryset(self):
        return selectors.postings_of(employer=self.employer).prefetch_related("disciplines")

    def _save(self, call):
        serializer = self.get_serializer(data=self.request.data, partial=self.action == "partial_update")
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        publish = data.pop("publish", False)
        disciplines = data.pop("disciplines", None)
        posting = run(lambda: call(data=data, disciplines=disciplines, publish=publish))
        return self.get_queryset().get(pk=posting.pk)

    def create(self, request, *args, **kwargs):
        posting = self._save(lambda **kw: services.posting_create(employer=self.employer, actor=request.user, **kw))
        return Response(self.get_serializer(posting).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        posting = self.get_object()
        posting = self._save(lambda **kw: services.posting_update(posting=posting, actor=request.user, **kw))
        return Response(self.get_serializer(posting).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        posting = run(lambda: services.posting_publish(posting=self.get_object(), actor=request.user))
        return Response(self.get_serializer(self.get_queryset().get(pk=posting.pk)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        posting = run(lambda: services.posting_close(posting=self.get_object(), actor=request.user))
        return Response(self.get_serializer(self.get_queryset().get(pk=posting.pk)).data)


# --- Fair registrations (the employer's side) ----------------------------------------------------


class FairRegistrationViewSet(
    EmployerMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The employer's registrations to join a week's fair; POST applies (approved employers only),
    withdraw/ withdraws."""

    serializer_class = s.FairRegistrationSerializer

    def get_queryset(self):
        return event_selectors.fair_registrations_of(employer=self.employer)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "employer": self.employer}

    def create(self, request, *args, **kwargs):
        employer = self.employer
        if not employer.is_approved:
            raise PermissionDenied(_("单位注册信息审核通过后才能申请加入招聘会。"))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = run(
            lambda: event_services.fair_registration_apply(
                employer=employer, actor=request.user, **serializer.validated_data
            )
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=registration.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        registration = run(
            lambda: event_services.fair_registration_withdraw(registration=self.get_object(), actor=request.user)
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=registration.pk)).data)


# --- Applications received -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("posting", OpenApiTypes.INT, description=_("只看该职位收到的投递"))]
    )
)
class ApplicationViewSet(EmployerMixin, viewsets.ReadOnlyModelViewSet):
    """Applications to the employer's postings (``?posting=<id>`` for one posting). The moves call
    graduates.services and notify the graduate; an illegal move is a 400 with the reason."""

    def get_queryset(self):
        posting = self.request.query_params.get("posting")
        if posting is not None and not posting.isdigit():
            raise NotFound("No such posting")
        qs = selectors.applications_of(employer=self.employer, posting_id=int(posting) if posting else None)
        if self.action != "list":
            qs = qs.select_related("graduate__user").prefetch_related("graduate__preferred_provinces")
        return qs

    def get_serializer_class(self):
        return s.ApplicationSerializer if self.action == "list" else s.ApplicationDetailSerializer

    def _respond(self, application):
        return Response(s.ApplicationDetailSerializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(request=None, responses=s.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def view(self, request, pk=None):
        """Mark viewed (what opening it on the page does); a second call changes nothing."""
        return self._respond(
            run(lambda: application_services.application_mark_viewed(application=self.get_object(), actor=request.user))
        )

    @extend_schema(request=s.InterviewSerializer, responses=s.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        application = self.get_object()
        serializer = s.InterviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._respond(
            run(
                lambda: application_services.application_invite(
                    application=application, actor=request.user, **serializer.validated_data
                )
            )
        )

    @extend_schema(request=None, responses=s.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def offer(self, request, pk=None):
        return self._respond(
            run(lambda: application_services.application_offer(application=self.get_object(), actor=request.user))
        )

    @extend_schema(request=None, responses=s.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def hire(self, request, pk=None):
        return self._respond(
            run(lambda: application_services.application_hire(application=self.get_object(), actor=request.user))
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        application = self.get_object()
        serializer = s.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._respond(
            run(
                lambda: application_services.application_reject(
                    application=application, actor=request.user, reason=serializer.validated_data["reason"]
                )
            )
        )


# --- Reviewers ---------------------------------------------------------------------------------------


STATUS_PARAMETER = OpenApiParameter("status", OpenApiTypes.STR, description=_("按审核状态筛选，如 pending"))


class ReviewDecisionMixin:
    """A staff decision endpoint: validate the body, call the review service on the object (named by
    ``decided_object``, the service's keyword), answer with the object as the list shows it."""

    decided_object = ""

    def _decide(self, call, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        obj = run(
            lambda: call(
                **{self.decided_object: self.get_object()}, actor=self.request.user, **serializer.validated_data
            )
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)


@extend_schema_view(list=extend_schema(parameters=[STATUS_PARAMETER]))
class EmployerReviewViewSet(ReviewDecisionMixin, viewsets.ReadOnlyModelViewSet):
    """Employers the signed-in staff user reviews (``?status=pending``), and the review decisions.
    An employer outside the user's venues is 404."""

    serializer_class = s.EmployerSerializer
    permission_classes = [IsStaff]

    def get_queryset(self):
        qs = selectors.employers_reviewable_by(user=self.request.user)
        if status_filter := self.request.query_params.get("status"):
            qs = qs.filter(status=status_filter)
        return qs

    decided_object = "employer"

    @extend_schema(request=s.NoteSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(services.employer_approve, s.NoteSerializer)

    @extend_schema(request=s.ReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(services.employer_reject, s.ReasonSerializer)

    @extend_schema(request=s.ReasonSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._decide(services.employer_suspend, s.ReasonSerializer)

    @extend_schema(request=s.NoteSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        return self._decide(services.employer_reinstate, s.NoteSerializer)


@extend_schema_view(list=extend_schema(parameters=[STATUS_PARAMETER]))
class FairRegistrationReviewViewSet(ReviewDecisionMixin, viewsets.ReadOnlyModelViewSet):
    """Fair registrations at the signed-in staff user's venues (``?status=pending``), and decisions."""

    serializer_class = s.ReviewFairRegistrationSerializer
    permission_classes = [IsStaff]

    def get_queryset(self):
        qs = event_selectors.fair_registrations_reviewable_by(user=self.request.user)
        if status_filter := self.request.query_params.get("status"):
            qs = qs.filter(status=status_filter)
        return qs

    decided_object = "registration"

    @extend_schema(request=s.NoteSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(event_services.fair_registration_approve, s.NoteSerializer)

    @extend_schema(request=s.ReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(event_services.fair_registration_reject, s.ReasonSerializer)
