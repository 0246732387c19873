"""Token authentication whose tokens expire API_TOKEN_TTL_DAYS after they were issued."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.authentication import TokenAuthentication

from .services import token_expired


class TokenExpired(exceptions.APIException):
    """An expired token is a 401 (with ``WWW-Authenticate: Token``), not the 403 of a request that
    carries no credentials: the client should fetch a new token from /api/v1/auth/token/."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("接口令牌已过期，请重新获取。")
    default_code = "token_expired"
    auth_header = "Token"


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise TokenExpired()
        return user, token
