"""Registration, the workspace's front page, the profile and the licence file."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..enums import EmployerStatus
from ..forms import EmployerEditForm, EmployerRegistrationForm
from ..models import Employer
from ..permissions import can_view_licence, employer_of
from ..validators import LICENCE_CONTENT_TYPES
from .common import administrator_only, employer_required


def register(request: HttpRequest) -> HttpResponse:
    """Account and profile in one form; on success the employer is signed in, pending review."""
    if request.user.is_authenticated:
        if employer_of(request.user) is not None:
            return redirect("employers:dashboard")
        return render(request, "employers/employer_register.html", {"signed_in_other": True})
    form = EmployerRegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_register(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                email=form.cleaned_data["email"],
                profile=form.profile_data(),
                licence=form.cleaned_data["licence"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, employer.user)
            messages.success(request, _("注册信息已提交，请等待审核会场审核。审核结果将通过站内消息和邮件通知您。"))
            return redirect("employers:dashboard")
    return render(request, "employers/employer_register.html", {"form": form})


@employer_required
@administrator_only
def profile(request: HttpRequest, employer: Employer) -> HttpResponse:
    """Edit the profile; for a rejected employer, saving is resubmitting."""
    employer = Employer.objects.select_related("reviewing_venue", "province").get(pk=employer.pk)
    form = EmployerEditForm(request.POST or None, request.FILES or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        was_rejected = employer.status == EmployerStatus.REJECTED
        try:
            services.employer_update(
                employer=employer,
                actor=request.user,
                changes=form.changed_profile(),
                licence=form.cleaned_data.get("licence") or None,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if was_rejected:
                messages.success(request, _("单位信息已修改并重新提交审核。"))
            else:
                messages.success(request, _("单位信息已保存。"))
            return redirect("employers:dashboard")
    return render(request, "employers/employer_form.html", {"form": form, "employer": employer})


@login_required
def licence(request: HttpRequest, pk: int) -> HttpResponse:
    """The licence file, to the employer itself and its reviewers only (404 to anyone else, so ids
    cannot be probed). Always a download with a name we make, never rendered in the portal's origin."""
    employer = get_object_or_404(Employer.objects.select_related("reviewing_venue"), pk=pk)
    if not can_view_licence(request.user, employer) or not employer.licence:
        raise Http404("No licence")
    ext = f".{employer.licence_kind}"
    response = FileResponse(
        employer.licence.open("rb"),
        as_attachment=True,
        filename=f"licence-{employer.uscc}{ext}",
        content_type=LICENCE_CONTENT_TYPES.get(ext, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    return response
