"""Token authentication whose tokens expire API_TOKEN_TTL_DAYS after they were issued."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from .backends import PROFILE_RELATED
from .second_factor import second_factor_satisfied
from .services import token_expired


class TokenExpired(exceptions.APIException):
    """An expired token is a 401 (with ``WWW-Authenticate: Token``), not the 403 of a request that
    carries no credentials: the client should fetch a new token from /api/v1/auth/token/."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("接口令牌已过期，请重新获取。")
    default_code = "token_expired"
    auth_header = "Token"


class _TokenWithProfiles:
    """What TokenAuthentication asks of its model (``objects`` and ``DoesNotExist``), with the user's
    profiles loaded in the same query as the token and its user, as sessions load them."""

    DoesNotExist = Token.DoesNotExist
    objects = Token.objects.select_related(*(f"user__{name}" for name in PROFILE_RELATED))


class ExpiringTokenAuthentication(TokenAuthentication):
    def get_model(self):
        return _TokenWithProfiles

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise TokenExpired()
        return user, token


class SecondFactorRequired(exceptions.APIException):
    """A staff account on the staff API without the second factor: enrol at /accounts/two-factor/enrol/
    and sign in there, or get a token with ``otp_code`` (code ``second_factor_required``)."""

    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("工作人员账户须先启用并通过两步验证，才能使用此接口。")
    default_code = "second_factor_required"


def second_factor_checked(request) -> bool:
    """For the staff API's permission classes, after their role check: True, or SecondFactorRequired."""
    if not second_factor_satisfied(request):
        raise SecondFactorRequired()
    return True
