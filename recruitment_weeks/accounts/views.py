"""Account pages beside the login: forgotten password (Django's reset views and tokens)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import FormView, TemplateView

from . import services
from .forms import PasswordResetRequestForm, PortalSetPasswordForm


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
