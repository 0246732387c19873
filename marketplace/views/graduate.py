"""The graduate's marketplace pages (/graduate/…): recommendations, saved postings and searches,
withdrawing an application, answering an offer (accept or decline), and the PDF résumé download
(the graduate and employers applied to)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from graduates import selectors as graduate_selectors
from graduates.models import Graduate
from graduates.views import PAGE_SIZE, graduate_required

from .. import matching, selectors, services
from ..permissions import may_download_resume


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


@require_POST
@graduate_required
def application_withdraw(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    application = graduate_selectors.application_of(graduate=graduate, pk=pk)
    if application is None:
        raise Http404("No such application")
    try:
        services.application_withdraw(application=application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已撤回申请。"))
    return redirect("graduates:application_detail", pk=pk)


def _answer_offer(request: HttpRequest, graduate: Graduate, pk: int, call, done: str) -> HttpResponse:
    application = graduate_selectors.application_of(graduate=graduate, pk=pk)
    if application is None:  # someone else's, or none: the same answer
        raise Http404("No such application")
    try:
        call(application)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("graduates:application_detail", pk=pk)


@require_POST
@graduate_required
def application_accept(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    """Accept an offer; the employer is told and then confirms the hire."""
    return _answer_offer(
        request,
        graduate,
        pk,
        lambda a: services.application_accept(application=a, actor=request.user),
        _("已接受录用通知，单位将确认录用。"),
    )


@require_POST
@graduate_required
def application_decline(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    """Decline an offer, with an optional reason (``decline-reason``) the employer reads."""
    reason = request.POST.get("decline-reason", "")
    return _answer_offer(
        request,
        graduate,
        pk,
        lambda a: services.application_decline(application=a, actor=request.user, reason=reason),
        _("已婉拒录用通知，单位已收到您的答复。"),
    )


@graduate_required
def recommended(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    """Postings that fit the graduate best, with why (marketplace.matching)."""
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
        request,
        "graduates/saved_searches.html",
        {"searches": list(graduate_selectors.saved_searches_of(graduate=graduate))},
    )


@require_POST
@graduate_required
def saved_search_delete(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    if not services.saved_search_delete(graduate=graduate, saved_search_id=pk):
        raise Http404("No such saved search")
    messages.success(request, _("已删除保存的搜索。"))
    return redirect("graduates:saved_searches")
