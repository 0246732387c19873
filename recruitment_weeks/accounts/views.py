"""Account pages beside the login: forgotten password (Django's reset views and tokens), the staff's
second factor (enrolment, verification), and the account's sessions and API token."""

import datetime as dt
from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from rest_framework.authtoken.models import Token

from . import second_factor, selectors, services
from .forms import MobileCodeForm, PasswordResetRequestForm, PortalSetPasswordForm, SecondFactorCodeForm
from .models import account_mobile


class PasswordResetRequestView(FormView):
    """Ask for a reset link. Every address gets the same "check your email" page; the lookup and the
    email happen in a task, so the response takes as long whether the account exists or not."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetRequestForm

    def form_valid(self, form):
        try:
            services.password_reset_request(request=self.request, email=form.cleaned_data["email"])
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        return redirect("accounts:password_reset_done")


class PasswordResetDoneView(TemplateView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"minutes": settings.PASSWORD_RESET_TIMEOUT // 60}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the email: a new password, then signed in on this browser only."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = PortalSetPasswordForm
    post_reset_login = True
    post_reset_login_backend = "recruitment_weeks.accounts.backends.PortalBackend"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(TemplateView):
    template_name = "accounts/password_reset_complete.html"


# --- Staff second factor ------------------------------------------------------------------------------


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = {request.get_host()}
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts=allowed, require_https=request.is_secure()):
        return candidate
    return reverse("admin:index")


def _staff_only(request) -> None:
    if not second_factor.second_factor_required(request.user):
        raise PermissionDenied


@login_required
def second_factor_enrol(request):
    """Set up the authenticator app: a QR code (and the secret, to type in), confirmed with a code;
    then the recovery codes, shown once."""
    _staff_only(request)
    next_url = _next_url(request)
    if second_factor.second_factor_enrolled(request.user):
        return redirect(f"{reverse('accounts:second_factor_verify')}?{urlencode({'next': next_url})}")
    device = second_factor.totp_enrolment_start(user=request.user)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = form.cleaned_data["code"]
            codes = second_factor.totp_enrolment_confirm(request=request, user=request.user, code=code)
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            return render(request, "accounts/second_factor_recovery_codes.html", {"codes": codes, "next_url": next_url})
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next_url": next_url,
        "qr_svg": mark_safe(second_factor.totp_qr_svg(device)),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "config_url": device.config_url,
    }
    return render(request, "accounts/second_factor_enrol.html", context)


@login_required
def second_factor_verify(request):
    """After the password: a code from the authenticator app, or a recovery code."""
    _staff_only(request)
    next_url = _next_url(request)
    if not second_factor.second_factor_enrolled(request.user):
        return redirect(f"{reverse('accounts:second_factor_enrol')}?{urlencode({'next': next_url})}")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            used = second_factor.second_factor_verify(request=request, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            if used == "recovery":
                left = second_factor.recovery_codes_left(user=request.user)
                messages.warning(
                    request,
                    ngettext(
                        "已使用一个恢复码，还剩 %(left)d 个。恢复码用完前，请联系超级管理员重置两步验证。",
                        "已使用一个恢复码，还剩 %(left)d 个。恢复码用完前，请联系超级管理员重置两步验证。",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(next_url)
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next_url": next_url})


# --- Account security: sessions and the API token -------------------------------------------------------


@login_required
def security(request):
    """The account's live sessions (this one marked) and its API token, with "sign out everywhere"."""
    sessions = list(selectors.sign_in_sessions_of(user=request.user))
    token = Token.objects.filter(user=request.user).first()
    context = {
        "mobile": account_mobile(request.user),
        "code_form": MobileCodeForm(),
        "sessions": sessions,
        "current_key": request.session.session_key,
        "token": token,
        "token_expires": token.created + dt.timedelta(days=settings.API_TOKEN_TTL_DAYS) if token else None,
        "token_expired": services.token_expired(token) if token else False,
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def security_session_end(request):
    try:
        session_id = int(request.POST.get("session", ""))
    except ValueError:
        session_id = 0
    if session_id and services.sign_in_session_end(user=request.user, session_id=session_id):
        messages.success(request, _("该设备已退出登录。"))
    else:
        messages.error(request, _("该会话不存在或已结束。"))
    return redirect("accounts:security")


@login_required
@require_POST
def security_sign_out_everywhere(request):
    services.sessions_end_all(user=request.user)
    logout(request)
    messages.success(request, _("已在所有设备上退出登录，接口令牌也已撤销。"))
    return redirect("accounts:login")


@login_required
@require_POST
def security_token_revoke(request):
    if services.token_revoke(user=request.user):
        messages.success(request, _("接口令牌已撤销。"))
    return redirect("accounts:security")


# --- Verified email ---------------------------------------------------------------------------------------


@login_required
@require_POST
def email_verify_send(request):
    user = request.user
    if user.email_is_verified:
        messages.info(request, _("邮箱已验证。"))
    elif services.email_verification_request(request=request, user=user):
        messages.success(request, _("验证邮件已发送到 %(email)s，请打开其中的链接。") % {"email": user.email})
    else:
        messages.error(request, _("验证邮件发送过于频繁，请稍后再试。"))
    candidate = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
    return redirect(candidate if allowed else "accounts:security")


def email_verify(request, token: str):
    """The link from the verification email (works signed in or not: the link names the account)."""
    try:
        verified = services.email_verify(token=token)
    except ValidationError as exc:
        return render(request, "accounts/email_verify.html", {"error": exc.messages[0]})
    return render(request, "accounts/email_verify.html", {"verified": verified})


# --- Verified mobile -------------------------------------------------------------------------------------


@login_required
@require_POST
def mobile_verify_send(request):
    if services.mobile_verification_request(request=request, user=request.user):
        messages.success(request, _("验证码已发送到您的手机，10 分钟内有效。"))
    else:
        messages.error(request, _("无法发送验证码：没有手机号、已验证，或发送过于频繁。"))
    return redirect("accounts:security")


@login_required
@require_POST
def mobile_verify(request):
    form = MobileCodeForm(request.POST)
    if form.is_valid():
        try:
            services.mobile_verify(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("手机号已验证。"))
    else:
        messages.error(request, _("请输入收到的 6 位验证码。"))
    return redirect("accounts:security")
