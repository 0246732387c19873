"""The employer API (/api/v1/employer/…) and the reviewers' actions (/api/v1/employers/…,
/api/v1/fair-registrations/…). The same services and selectors as the pages; a service's
ValidationError becomes a 400 with field-level messages, "not approved" a 403."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ..permissions import employer_of
from . import serializers as s


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
        employer = services.employer_register(**account, profile=data, licence=licence)
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
        employer = services.employer_update(
            employer=self.employer, actor=request.user, changes=changes, licence=licence
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
        posting = call(data=data, disciplines=disciplines, publish=publish)
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
        posting = services.posting_publish(posting=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=posting.pk)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        posting = services.posting_close(posting=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=posting.pk)).data)


# --- Fair registrations (the employer's side) ----------------------------------------------------


# --- Applications received -------------------------------------------------------------------------


# --- Reviewers ---------------------------------------------------------------------------------------


STATUS_PARAMETER = OpenApiParameter("status", OpenApiTypes.STR, description=_("按审核状态筛选，如 pending"))


class ReviewDecisionMixin:
    """A staff decision endpoint: validate the body, call the review service on the object (named by
    ``decided_object``, the service's keyword), answer with the object as the list shows it."""

    decided_object = ""

    def _decide(self, call, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        obj = call(**{self.decided_object: self.get_object()}, actor=self.request.user, **serializer.validated_data)
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
