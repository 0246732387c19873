"""The graduate's pages: thin views over graduates.services and graduates.selectors."""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from recruitment_weeks.service_errors import add_to_form

from . import selectors, services
from .enums import ApplicationStatus, GraduateStatus
from .forms import SERVICE_FIELDS, DeleteAccountForm, OutcomeForm, ProfileEditForm, RegistrationForm
from .models import Application, Graduate

PAGE_SIZE = 20


def graduate_required(view):
    """Signed-in graduates only: anonymous → login page; other roles → 403."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs):
        graduate = selectors.graduate_of(request.user)
        if graduate is None:
            raise PermissionDenied(_("此页面仅供已注册的毕业生使用。"))
        return view(request, graduate, *args, **kwargs)

    return wrapped


def register(request: HttpRequest) -> HttpResponse:
    """Account and profile in one form; on success the graduate is signed in, pending review."""
    if selectors.graduate_of(request.user) is not None:
        return redirect("graduates:dashboard")
    form = RegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not request.user.is_authenticated and form.is_valid():
        data = form.cleaned_data
        try:
            graduate = services.graduate_register(
                username=data["username"],
                password=data["password1"],
                profile=form.profile(),
                preferred_provinces=list(data["preferred_provinces"]),
                privacy_consent=data["privacy_consent"],
                resume_pdf=data.get("resume_pdf"),
            )
        except ValidationError as exc:
            add_to_form(form, exc, SERVICE_FIELDS)
        else:
            login(request, graduate.user)
            messages.success(request, _("注册成功，请等待%(venue)s审核。") % {"venue": graduate.reviewing_venue})
            return redirect("graduates:dashboard")
    return render(
        request,
        "graduates/register.html",
        {"form": form, "pdf_lost": bool(request.FILES.get("resume_pdf")) and form.is_bound},
        status=400 if form.is_bound and form.has_errors else 200,
    )


@graduate_required
def dashboard(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    counts = dict(
        Application.objects.filter(graduate=graduate)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    interviews = list(
        selectors.applications_of(graduate=graduate).filter(
            status=ApplicationStatus.INTERVIEW, interview_at__gte=timezone.now()
        )[:5]
    )
    return render(
        request,
        "graduates/dashboard.html",
        {
            "graduate": graduate,
            "counts": [(s, s.label, counts.get(s.value, 0)) for s in ApplicationStatus if counts.get(s.value)],
            "total": sum(counts.values()),
            "interviews": interviews,
            "approved": graduate.status == GraduateStatus.APPROVED,
        },
    )


@graduate_required
def profile_edit(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    """Edit the profile; a rejected graduate's save is the corrected resubmission."""
    form = ProfileEditForm(request.POST or None, request.FILES or None, graduate=graduate)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            updated = services.graduate_update_profile(
                graduate=graduate,
                actor=request.user,
                profile=form.profile(),
                preferred_provinces=list(data["preferred_provinces"]),
                resume_pdf=data.get("resume_pdf"),
                remove_resume_pdf=data.get("remove_resume_pdf", False),
                resubmit=graduate.status == GraduateStatus.REJECTED,
            )
        except ValidationError as exc:
            add_to_form(form, exc, SERVICE_FIELDS)
        else:
            if graduate.status == GraduateStatus.REJECTED and updated.status == GraduateStatus.PENDING:
                messages.success(request, _("已保存并重新提交审核。"))
            else:
                messages.success(request, _("已保存。"))
            return redirect("graduates:dashboard")
    return render(
        request,
        "graduates/profile_form.html",
        {"form": form, "graduate": graduate, "pdf_lost": bool(request.FILES.get("resume_pdf")) and form.is_bound},
        status=400 if form.is_bound and form.has_errors else 200,
    )


@graduate_required
def application_list(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    """Every application with its status, interview details and history. Fixed query count."""
    page = Paginator(selectors.applications_of(graduate=graduate), PAGE_SIZE).get_page(request.GET.get("page"))
    histories = selectors.application_histories(applications=page.object_list)
    rows = [(a, histories.get(a.pk, [])) for a in page.object_list]
    return render(request, "graduates/application_list.html", {"page": page, "rows": rows})


@graduate_required
def application_detail(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    application = selectors.application_of(graduate=graduate, pk=pk)
    if application is None:  # someone else's, or none: the same answer
        raise Http404("No such application")
    return render(
        request,
        "graduates/application_detail.html",
        {
            "application": application,
            "history": selectors.application_history(application=application),
            "can_withdraw": application.status in ApplicationStatus.undecided,
        },
    )


@graduate_required
def export(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    """Everything about the graduate as a JSON file."""
    data = selectors.graduate_data_export(graduate=graduate)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="graduate-{graduate.pk}-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@graduate_required
def account_delete(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    """Confirm with the password; then everything personal goes (see services.graduate_delete_account)."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.graduate_delete_account(graduate=graduate, actor=request.user)
        logout(request)
        messages.success(request, _("您的账户和个人信息已删除。"))
        return redirect("home")
    return render(
        request,
        "graduates/account_delete.html",
        {"form": form, "graduate": graduate},
        status=400 if form.is_bound and form.errors else 200,
    )


@graduate_required
def outcome_edit(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    """毕业去向: where the graduate went (or that they are still looking)."""
    initial = {"outcome": graduate.outcome, "organisation": graduate.outcome_organisation}
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.graduate_record_outcome(
                graduate=graduate,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("已保存毕业去向。"))
            return redirect("graduates:dashboard")
    return render(
        request,
        "graduates/outcome_form.html",
        {"form": form, "graduate": graduate},
        status=400 if form.is_bound and form.errors else 200,
    )
