from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.reference.validators import MOBILE_RE, normalize_mobile

from .services import login_attempt, password_set


class LockoutFormMixin:
    """Signs in through ``login_attempt``, so the throttle and lockout messages reach the form."""

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


class LockoutAuthenticationForm(LockoutFormMixin, AuthenticationForm):
    """Django's login form, signing in through the lockout rule. Usernames are not case-sensitive
    here (unlike Django's default), so the message does not say they are."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("请输入一个正确的用户名和密码。注意密码区分大小写，用户名不区分。"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("用户名、邮箱或手机号")


class LockoutAdminAuthenticationForm(LockoutFormMixin, AdminAuthenticationForm):
    """The admin's login form (staff only), behind the same throttle and lockout."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _("请输入一个正确的工作人员账户用户名和密码。注意密码区分大小写，用户名不区分。"),
    }


class PasswordResetRequestForm(forms.Form):
    """An email address, or a mobile number that the account has verified (the link is texted)."""

    email = forms.CharField(label=_("电子邮箱或已验证的手机号"), max_length=254)

    def clean_email(self):
        value = self.cleaned_data["email"].strip()
        if MOBILE_RE.fullmatch(normalize_mobile(value)):
            return normalize_mobile(value)
        validators.validate_email(value)
        return value


class PortalSetPasswordForm(SetPasswordForm):
    """Django's new-password form (its validators and messages), saving through ``password_set`` so
    the account's other sessions and its API token end."""

    def save(self, commit=True):
        return password_set(user=self.user, password=self.cleaned_data["new_password1"])


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=32,
        help_text=_("验证器应用中显示的 6 位数字；手机不在身边时，可输入一个恢复码。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class MobileCodeForm(forms.Form):
    code = forms.RegexField(label=_("短信验证码"), regex=r"^\s*\d{6}\s*$", max_length=12)
