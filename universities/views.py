"""The career centre's own pages: registration and its workspace. (Its graduates' pages belong to the
graduates app, which sits above this one: graduates.career_centre.)"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from recruitment_weeks.service_errors import add_to_form

from . import services
from .enums import CareerCentreStatus
from .forms import CareerCentreRegistrationForm
from .selectors import career_centre_of


def register(request: HttpRequest) -> HttpResponse:
    """Account and membership in one form; on success the member is signed in, pending review."""
    if career_centre_of(request.user) is not None:
        return redirect("career_centre:dashboard")
    form = CareerCentreRegistrationForm(request.POST or None)
    if request.method == "POST" and not request.user.is_authenticated and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.career_centre_register(
                username=data["username"],
                password=data["password1"],
                university=data["university"],
                name=data["name"],
                title=data["title"],
                mobile=data["mobile"],
                email=data["email"],
            )
        except ValidationError as exc:
            add_to_form(form, exc, {"password": "password1"})
        else:
            login(request, member.user)
            messages.success(request, _("注册成功，请等待%(venue)s审核。") % {"venue": member.reviewing_venue})
            return redirect("career_centre:dashboard")
    return render(
        request,
        "universities/register.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    member = career_centre_of(request.user)
    if member is None:
        raise PermissionDenied(_("此页面仅供高校就业指导中心工作人员使用。"))
    return render(
        request,
        "universities/dashboard.html",
        {"member": member, "approved": member.status == CareerCentreStatus.APPROVED},
    )
