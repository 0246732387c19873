"""DRF's throttles, counting each client under its address from ``client_address`` (the same one the
sign-in lockout uses) instead of DRF's own reading of X-Forwarded-For."""

import hashlib

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


class PasswordResetAddressThrottle(SignInRateThrottle):
    """Password-reset requests per client address (the "password_reset" rate); over it, the page says
    so, which tells nothing about any account."""

    scope = "password_reset"


class PasswordResetEmailThrottle(throttling.SimpleRateThrottle):
    """Password-reset emails per email address (the "password_reset_email" rate), whoever asks. Over
    it, the request is dropped silently: the page must look the same whether the address has an
    account or not."""

    scope = "password_reset_email"

    def __init__(self, email: str):
        super().__init__()
        self.email = email.strip().lower()

    def get_cache_key(self, request, view):
        digest = hashlib.sha256(self.email.encode("utf-8", "surrogatepass")).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}


class EmailVerifyThrottle(throttling.SimpleRateThrottle):
    """Verification emails per account (the "email_verify" rate)."""

    scope = "email_verify"

    def __init__(self, user_id: int):
        super().__init__()
        self.user_id = user_id

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.user_id}


class MobileVerifyThrottle(EmailVerifyThrottle):
    """Verification text messages per account (the "mobile_verify" rate)."""

    scope = "mobile_verify"
