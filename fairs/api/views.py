"""/api/v1/ of the fairs: the employer's registrations to join a week's fair (/employer/fair-registrations/)
and the reviewers' decisions on them (/fair-registrations/). The same services as the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from employers.api import serializers as es
from employers.api.views import STATUS_PARAMETER, EmployerMixin, IsStaff, ReviewDecisionMixin

from .. import selectors, services
from . import serializers as s


class FairRegistrationViewSet(
    EmployerMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The employer's registrations to join a week's fair; POST applies (approved employers only),
    withdraw/ withdraws."""

    serializer_class = s.FairRegistrationSerializer

    def get_queryset(self):
        return selectors.fair_registrations_of(employer=self.employer)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "employer": self.employer}

    def create(self, request, *args, **kwargs):
        employer = self.employer
        if not employer.is_approved:
            raise PermissionDenied(_("单位注册信息审核通过后才能申请加入招聘会。"))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = services.fair_registration_apply(
            employer=employer, actor=request.user, **serializer.validated_data
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=registration.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        registration = services.fair_registration_withdraw(registration=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=registration.pk)).data)


@extend_schema_view(list=extend_schema(parameters=[STATUS_PARAMETER]))
class FairRegistrationReviewViewSet(ReviewDecisionMixin, viewsets.ReadOnlyModelViewSet):
    """Fair registrations at the signed-in staff user's venues (``?status=pending``), and decisions."""

    serializer_class = s.ReviewFairRegistrationSerializer
    permission_classes = [IsStaff]

    def get_queryset(self):
        qs = selectors.fair_registrations_reviewable_by(user=self.request.user)
        if status_filter := self.request.query_params.get("status"):
            qs = qs.filter(status=status_filter)
        return qs

    decided_object = "registration"

    @extend_schema(request=es.NoteSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(services.fair_registration_approve, es.NoteSerializer)

    @extend_schema(request=es.ReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(services.fair_registration_reject, es.ReasonSerializer)
