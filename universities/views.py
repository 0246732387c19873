"""The career centre's own pages: registration and its workspace. (Its graduates' pages belong to the
graduates app, which sits above this one: graduates.career_centre.)"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from recruitment_weeks.service_errors import add_to_form

from . import selectors, services
from .enums import CareerCentreStatus
from .forms import CareerCentreRegistrationForm
from .selectors import approved_career_centre_of, career_centre_of


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


def _approved_member(request: HttpRequest):
    member = approved_career_centre_of(request.user)
    if member is None:
        raise PermissionDenied(_("此页面仅供审核通过的高校就业指导中心工作人员使用。"))
    return member


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    """The notices addressed to the member's university, unacknowledged marked. Fixed query count."""
    member = _approved_member(request)
    page = Paginator(selectors.notices_for_university(university=member.university), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "universities/notice_list.html", {"member": member, "page": page})


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One notice and its acknowledgement (POST acknowledges). A notice not addressed to the
    member's university is a 404, like one that does not exist."""
    member = _approved_member(request)
    notice = selectors.notices_for_university(university=member.university).filter(pk=pk).first()
    if notice is None:
        raise Http404("No such notice")
    if request.method == "POST":
        services.university_notice_acknowledge(notice=notice, actor=request.user)
        messages.success(request, _("已签收。"))
        return redirect("career_centre:notice_detail", pk=notice.pk)
    return render(request, "universities/notice_detail.html", {"member": member, "notice": notice})
