"""API sign-in for integrators: POST /api/v1/auth/token/ exchanges a username and password for the
account's token (``Authorization: Token <key>``), signing in through ``login_attempt`` so the throttle
and lockout apply as on the login page; DELETE revokes the caller's token. Staff accounts
also send ``otp_code`` (authenticator app or recovery code): without a valid one, 403
``second_factor_required``. A token expires
API_TOKEN_TTL_DAYS after it was issued (then 401 ``token_expired``; ask for a new one)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from . import second_factor, services
from .authentication import SecondFactorRequired


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(trim_whitespace=False, write_only=True)
    otp_code = serializers.CharField(
        max_length=32,
        required=False,
        write_only=True,
        help_text="Staff accounts: a code from the authenticator app, or a recovery code (used up).",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class TokenView(APIView):
    # Sign-in attempts are throttled by login_attempt itself (the "auth" rate per address, shared with
    # the login page and the admin's); DELETE has the default throttles.

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    @extend_schema(request=CredentialsSerializer, responses=TokenSerializer)
    def post(self, request):
        """Sign in and get the account's token (the same one until it expires or is revoked)."""
        serializer = CredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        credentials = dict(serializer.validated_data)
        otp_code = credentials.pop("otp_code", "")
        try:
            user = services.login_attempt(request=request._request, **credentials)
        except DjangoValidationError as exc:
            if exc.code == "throttled":
                raise Throttled(wait=getattr(request._request, "signin_refusal", None).wait) from None
            # Locked, or wrong credentials: one message for the whole request, never a field's.
            raise ValidationError({"non_field_errors": exc.messages}) from None
        if second_factor.second_factor_required(user):
            # Staff get a token only past the second factor: the staff API trusts a token of an
            # enrolled account as it trusts a verified session.
            try:
                second_factor.second_factor_check(user=user, code=otp_code)
            except DjangoValidationError:
                raise SecondFactorRequired() from None
        return Response(TokenSerializer({"token": services.token_issue(user=user).key}).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        """Revoke the caller's token."""
        services.token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
