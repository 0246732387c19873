"""The public job pages (/jobs/): search, a posting with its employer, and the graduate's actions on
it (apply, save, save the search); plus the posting's matching graduates for its own employer.

Only employers.selectors.postings_public() rows appear; everything else is a 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers import services as employer_services
from employers.models import JobPosting
from employers.permissions import employer_of
from employers.selectors import postings_public, with_disciplines
from events.enums import FairRegistrationStatus
from events.models import FairRegistration
from graduates import selectors as graduate_selectors
from graduates.permissions import can_apply
from graduates.views import graduate_required
from recruitment_weeks.pagination import InvalidCursor
from recruitment_weeks.service_errors import add_to_form

from .. import matching, selectors
from .. import services as graduate_services
from ..forms import ApplyForm, ReportPostingForm, SavedSearchNameForm
from ..permissions import may_see_posting_matches
from ..search import listed_postings, search_postings
from ..search_params import CHOICES_SECONDS, JobSearchForm, search_key


def search(request: HttpRequest) -> HttpResponse:
    """Keyword (Chinese 1-, 2-, 3+-character queries) and filters, newest or best paid first,
    cursor-paginated. A fixed number of queries whatever the page."""
    form = JobSearchForm(request.GET or None)
    page, params, cursor_error = None, {}, False
    if not form.is_bound or form.is_valid():
        params = form.params() if form.is_bound else {}
        try:
            page = search_postings(params=params, cursor=request.GET.get("cursor") or None)
        except InvalidCursor:
            cursor_error = True
            page = search_postings(params=params)
        page.postings = listed_postings(page.postings)
    query = search_key(params)
    # The filters' HTML depends only on the filter values (and the language): cacheable unless the
    # form shows errors or values as typed.
    filters = {k: v for k, v in params.items() if k != "q"}
    filters_key = None if form.is_bound and form.errors else "f?" + search_key(filters)
    return render(
        request,
        "jobs/search.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "cursor_error": cursor_error,
            "params": params,
            "filtered": bool(params),
            "filters_open": bool(set(params) - {"q", "sort"}) or bool(form.is_bound and form.errors),
            "filters_key": filters_key,
            "filters_seconds": CHOICES_SECONDS,
            "graduate": graduate_selectors.graduate_of(request.user),
            "save_form": SavedSearchNameForm(),
        },
    )


def _public_posting(pk: int) -> JobPosting:
    # the employer's province too: the page shows where the employer is
    return get_object_or_404(with_disciplines(postings_public().select_related("employer__province")), pk=pk)


def _render_detail(
    request: HttpRequest,
    posting: JobPosting,
    apply_form: ApplyForm | None = None,
    status: int = 200,
    report_form: ReportPostingForm | None = None,
):
    graduate = graduate_selectors.graduate_of(request.user)
    fairs = (
        FairRegistration.objects.filter(postings=posting, status=FairRegistrationStatus.APPROVED)
        .select_related("week", "venue")
        .order_by("week__starts_on", "venue__slug")
    )
    return render(
        request,
        "jobs/detail.html",
        {
            "posting": posting,
            "employer": posting.employer,
            "fairs": list(fairs),
            "graduate": graduate,
            "can_apply": can_apply(request.user),
            "application": selectors.application_for_posting(graduate=graduate, posting=posting),
            "saved": bool(graduate_selectors.saved_posting_ids(graduate=graduate, posting_ids=[posting.pk])),
            "match": matching.match_posting(graduate=graduate, posting=posting) if graduate else None,
            "apply_form": apply_form or ApplyForm(),
            "report_form": report_form or ReportPostingForm(),
            "is_owner": may_see_posting_matches(request.user, posting),
        },
        status=status,
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The posting and its employer; for a graduate, their application, saved state and fit."""
    return _render_detail(request, _public_posting(pk))


@require_POST
@graduate_required
def apply(request: HttpRequest, graduate, pk: int) -> HttpResponse:
    """Apply once (a double click or two requests at once give one application)."""
    posting = _public_posting(pk)
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            application = graduate_services.application_submit(
                graduate=graduate, posting=posting, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("已投递。单位处理后，您会在“我的申请”和消息中看到状态变化。"))
            return redirect("graduates:application_detail", pk=application.pk)
    return _render_detail(request, posting, apply_form=form, status=400)


@require_POST
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Report (举报) the posting to the venue reviewing its employer: any signed-in user, one open report
    per person and posting."""
    posting = _public_posting(pk)
    form = ReportPostingForm(request.POST)
    if form.is_valid():
        try:
            employer_services.posting_report(
                posting=posting,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("已收到您的举报，审核会场将尽快核实处理。谢谢！"))
            return redirect("jobs:detail", pk=pk)
    return _render_detail(request, posting, report_form=form, status=400)


@require_POST
@graduate_required
def save(request: HttpRequest, graduate, pk: int) -> HttpResponse:
    """Save (收藏) or, with remove=1, forget a posting; back to the posting."""
    if request.POST.get("remove"):
        if graduate_services.saved_posting_remove(graduate=graduate, posting_id=pk):
            messages.success(request, _("已取消收藏。"))
        else:
            messages.info(request, _("该职位不在您的收藏中。"))
    else:
        graduate_services.saved_posting_add(graduate=graduate, posting=_public_posting(pk))
        messages.success(request, _("已收藏。"))
    return redirect("jobs:detail", pk=pk)


@require_POST
@graduate_required
def save_search(request: HttpRequest, graduate) -> HttpResponse:
    """Save the current search (its keyword and filters are posted as hidden fields)."""
    name_form = SavedSearchNameForm(request.POST)
    name = name_form.cleaned_data["name"] if name_form.is_valid() else ""
    params = {k: v for k, v in request.POST.items() if k in JobSearchForm.base_fields}
    try:
        saved = graduate_services.saved_search_save(graduate=graduate, params=params, name=name)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('jobs:search')}?{urlencode(params)}")
    messages.success(request, _("已保存搜索“%(name)s”。") % {"name": saved.name})
    return redirect("graduates:saved_searches")


@login_required
def matches(request: HttpRequest, pk: int) -> HttpResponse:
    """The graduates whose visible job-seeking information fits this posting best — for the posting's
    own (approved) employer only. Contact details only for graduates who applied to this employer."""
    posting = JobPosting.objects.select_related("employer", "province").filter(pk=pk).first()
    if posting is None or not may_see_posting_matches(request.user, posting):
        raise Http404("No such posting")
    found = matching.matching_graduates(posting=posting)
    contact_ids = selectors.graduate_ids_with_contact_for(
        employer=employer_of(request.user), graduate_ids=[m.obj.pk for m in found]
    )
    return render(
        request,
        "jobs/matches.html",
        {"posting": posting, "rows": [(m, m.obj.pk in contact_ids) for m in found]},
    )
