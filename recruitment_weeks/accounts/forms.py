from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .services import login_attempt


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form, signing in through the lockout rule."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = login_attempt(request=self.request, username=username, password=password)
            except ValidationError as exc:
                # Django's own wording (and its translations) for a wrong username or password.
                raise self.get_invalid_login_error() if exc.code == "invalid_login" else exc from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
