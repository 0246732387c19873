"""/api/v1/ of the fairs: the employer's registrations to join a week's fair (/employer/fair-registrations/)
and the reviewers' decisions on them (/fair-registrations/). One view per operation; the same services
and selectors as the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from employers.api import serializers as es
from employers.api.views import (
    STATUS_PARAMETER,
    AdministratorWrites,
    EmployerMixin,
    IsEmployer,
    IsStaff,
    ReviewDecisionView,
)

from .. import selectors, services
from . import serializers as s

# --- The employer's registrations --------------------------------------------------------------------


class _FairRegistrationView(EmployerMixin, generics.GenericAPIView):
    """The employer's own registrations (another employer's ids are 404); every member reads them,
    administrators apply and withdraw."""

    permission_classes = [IsEmployer, AdministratorWrites]
    serializer_class = s.FairRegistrationSerializer

    def get_queryset(self):
        return selectors.fair_registrations_of(employer=self.employer)

    def respond(self, registration, status_code=status.HTTP_200_OK) -> Response:
        """The registration as the list shows it, read again after the write."""
        return Response(self.get_serializer(self.get_queryset().get(pk=registration.pk)).data, status=status_code)


class FairRegistrationListView(_FairRegistrationView, generics.ListAPIView):
    """GET: the employer's registrations to join a week's fair, newest first. POST applies (approved
    employers only)."""

    @extend_schema(request=s.FairRegistrationApplyInputSerializer, responses={201: s.FairRegistrationSerializer})
    def post(self, request):
        employer = self.employer
        if not employer.is_approved:
            raise PermissionDenied(_("单位注册信息审核通过后才能申请加入招聘会。"))
        serializer = s.FairRegistrationApplyInputSerializer(data=request.data, context={"employer": employer})
        serializer.is_valid(raise_exception=True)
        registration = services.fair_registration_apply(
            employer=employer, actor=request.user, **serializer.validated_data
        )
        return self.respond(registration, status.HTTP_201_CREATED)


class FairRegistrationDetailView(_FairRegistrationView, generics.RetrieveAPIView):
    """GET one of the employer's registrations."""


class FairRegistrationWithdrawView(_FairRegistrationView):
    """POST: withdraw the registration."""

    @extend_schema(request=None, responses=s.FairRegistrationSerializer)
    def post(self, request, pk):
        return self.respond(services.fair_registration_withdraw(registration=self.get_object(), actor=request.user))


# --- Reviewers ---------------------------------------------------------------------------------------


class _FairRegistrationReviewView(generics.GenericAPIView):
    """Fair registrations at the signed-in staff user's venues; any other is 404."""

    serializer_class = s.ReviewFairRegistrationSerializer
    permission_classes = [IsStaff]
    decided_object = "registration"

    def get_queryset(self):
        return selectors.fair_registrations_reviewable_by(user=self.request.user)


class FairRegistrationReviewListView(_FairRegistrationReviewView, generics.ListAPIView):
    """Fair registrations at the signed-in staff user's venues, newest first (``?status=pending``)."""

    def get_queryset(self):
        return selectors.fair_registrations_reviewable_by(
            user=self.request.user, status=self.request.query_params.get("status") or None
        )

    @extend_schema(parameters=[STATUS_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class FairRegistrationReviewDetailView(_FairRegistrationReviewView, generics.RetrieveAPIView):
    """One fair registration at the signed-in staff user's venues."""


class FairRegistrationApproveView(_FairRegistrationReviewView, ReviewDecisionView):
    """POST: approve the registration (an optional note)."""

    @extend_schema(request=es.DecisionNoteInputSerializer, responses=s.ReviewFairRegistrationSerializer)
    def post(self, request, pk):
        return self.decide(services.fair_registration_approve, es.DecisionNoteInputSerializer)


class FairRegistrationRejectView(_FairRegistrationReviewView, ReviewDecisionView):
    """POST: reject the registration, with the reason."""

    @extend_schema(request=es.DecisionReasonInputSerializer, responses=s.ReviewFairRegistrationSerializer)
    def post(self, request, pk):
        return self.decide(services.fair_registration_reject, es.DecisionReasonInputSerializer)
