"""DRF's throttles, counting each client under its address from ``client_address`` (the same one the
sign-in lockout uses) instead of DRF's own reading of X-Forwarded-For."""

from rest_framework import throttling

from .client import client_address


class ClientAddressMixin:
    def get_ident(self, request):
        return client_address(request) or "unknown"


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    pass


class SignInRateThrottle(ClientAddressMixin, throttling.SimpleRateThrottle):
    """Every sign-in attempt, whichever door (login page, admin login, token endpoint), counted per
    client address under the "auth" rate. Works on a Django HttpRequest as well as a DRF Request."""

    scope = "auth"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
