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
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import matching, selectors, services
from .enums import ApplicationStatus, GraduateStatus
from .forms import DeleteAccountForm, ProfileEditForm, RegistrationForm, apply_service_errors
from .models import Application, Graduate
from .permissions import may_download_resume

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
            apply_service_errors(form, exc)
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
            apply_service_errors(form, exc)
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


@login_required
def resume_download(request: HttpRequest, pk: int) -> FileResponse:
    """The PDF résumé, to the graduate and to employers the graduate applied to; 404 to anyone else
    (so nobody learns whether a résumé exists)."""
    graduate = get_object_or_404(Graduate, pk=pk)
    if not graduate.resume_pdf or not may_download_resume(request.user, graduate):
        raise Http404("No résumé")
    response = FileResponse(
        graduate.resume_pdf.open("rb"),
        as_attachment=True,
        filename=f"resume-{graduate.pk}.pdf",  # ours, ASCII: never the uploader's file name
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


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


@require_POST
@graduate_required
def application_withdraw(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    application = selectors.application_of(graduate=graduate, pk=pk)
    if application is None:
        raise Http404("No such application")
    try:
        services.application_withdraw(application=application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已撤回申请。"))
    return redirect("graduates:application_detail", pk=pk)


@graduate_required
def recommended(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    """Postings that fit the graduate best, with why (graduates.matching)."""
    matches = matching.recommended_postings(graduate=graduate)
    return render(request, "graduates/recommended.html", {"graduate": graduate, "matches": matches})


@graduate_required
def saved_postings(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    page = Paginator(selectors.saved_postings_of(graduate=graduate), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "graduates/saved_postings.html", {"page": page})


@require_POST
@graduate_required
def saved_posting_remove(request: HttpRequest, graduate: Graduate, posting_id: int) -> HttpResponse:
    if services.saved_posting_remove(graduate=graduate, posting_id=posting_id):
        messages.success(request, _("已取消收藏。"))
    else:
        messages.info(request, _("该职位不在您的收藏中。"))
    return redirect("graduates:saved_postings")


@graduate_required
def saved_searches(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    return render(
        request, "graduates/saved_searches.html", {"searches": list(selectors.saved_searches_of(graduate=graduate))}
    )


@require_POST
@graduate_required
def saved_search_delete(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    if not services.saved_search_delete(graduate=graduate, saved_search_id=pk):
        raise Http404("No such saved search")
    messages.success(request, _("已删除保存的搜索。"))
    return redirect("graduates:saved_searches")


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
