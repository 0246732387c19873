"""A career centre's pages about its own graduates: the list, confirming one, confirming several.
Thin views over graduates.services.confirmations and graduates.selectors; another university's
graduate is a 404, exactly like a graduate that does not exist."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recruitment_weeks.service_errors import add_to_form
from universities.selectors import approved_career_centre_of

from . import selectors, services
from .forms import ConfirmGraduateForm
from .models import Graduate
from .outcomes import (
    GROUP_UNIVERSITY,
    outcome_cells,
    outcome_csv_response,
    outcome_headings,
    outcome_table,
    outcome_weeks,
)

PAGE_SIZE = 50
MAX_BULK = 200


def career_centre_required(view):
    """Approved career-centre members only: anonymous → login page; anyone else → 403."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs):
        member = approved_career_centre_of(request.user)
        if member is None:
            raise PermissionDenied(_("此页面仅供审核通过的高校就业指导中心工作人员使用。"))
        return view(request, member, *args, **kwargs)

    return wrapped


@career_centre_required
def graduate_list(request: HttpRequest, member) -> HttpResponse:
    """The university's graduates, the unconfirmed first; a fixed number of queries per page."""
    queryset = selectors.graduates_of_university(university_id=member.university_id)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "graduates/career_centre/graduate_list.html", {"member": member, "page": page})


@career_centre_required
def graduate_confirm(request: HttpRequest, member, pk: int) -> HttpResponse:
    graduate = selectors.graduates_of_university(university_id=member.university_id).filter(pk=pk).first()
    if graduate is None:
        raise Http404("No such graduate")
    initial = {name: getattr(graduate, name) for name in ("student_number", "degree", "major", "graduation_year")}
    form = ConfirmGraduateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.graduate_confirm(graduate=graduate, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("已确认%(name)s的信息。") % {"name": graduate.name})
            return redirect("career_centre:graduate_list")
    return render(
        request,
        "graduates/career_centre/graduate_confirm.html",
        {"member": member, "graduate": graduate, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@career_centre_required
def graduate_confirm_bulk(request: HttpRequest, member) -> HttpResponse:
    """Confirm the ticked graduates as they entered their details. Ids of other universities'
    graduates are simply not found (the list is filtered by the member's university)."""
    ids = [int(value) for value in request.POST.getlist("graduate")[:MAX_BULK] if value.isascii() and value.isdigit()]
    graduates = list(selectors.graduates_of_university(university_id=member.university_id).filter(pk__in=ids))
    if not graduates:
        messages.warning(request, _("请先勾选要确认的毕业生。"))
        return redirect("career_centre:graduate_list")
    done, refused = services.graduates_confirm_as_entered(graduates=graduates, actor=request.user)
    if done:
        messages.success(request, _("已确认 %(count)d 名毕业生。") % {"count": len(done)})
    for line in refused:
        messages.warning(request, line)
    return redirect("career_centre:graduate_list")


def _own_graduates(member):
    return Graduate.objects.filter(listed_university_id=member.university_id)


@career_centre_required
def outcomes(request: HttpRequest, member) -> HttpResponse:
    """The university's 毕业去向 figures, and per recruitment week."""
    graduates, headings = _own_graduates(member), outcome_headings()
    rows = [
        list(zip(headings, outcome_cells(row), strict=True))
        for row in outcome_table(graduates=graduates, group=GROUP_UNIVERSITY)
    ]
    return render(
        request,
        "graduates/career_centre/outcomes.html",
        {"member": member, "headings": headings, "rows": rows, "weeks": outcome_weeks(graduates=graduates)},
    )


@career_centre_required
def outcomes_csv(request: HttpRequest, member) -> HttpResponse:
    """The same figures as a CSV download (text cells safe from formula injection)."""
    rows = outcome_table(graduates=_own_graduates(member), group=GROUP_UNIVERSITY)
    return outcome_csv_response(rows, filename="outcomes.csv")
