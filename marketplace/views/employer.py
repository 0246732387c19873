"""The employer's marketplace pages (/employer/…): the workspace front page and posting list with their
application counts, the applications received per posting, one application, and the moves on it.

The moves are marketplace.services' (mark viewed, invite, offer, hire, reject): each audits the change
and notifies the graduate; an illegal move is refused with the service's message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from employers import selectors as employer_selectors
from employers.models import Employer
from employers.permissions import can_publish
from employers.views.common import employer_required, page_of
from graduates.enums import ApplicationStatus
from graduates.validators import RESUME_SECTIONS as RESUME_SCHEMA
from recruitment_weeks.reference.enums import DegreeLevel

from .. import selectors
from .. import services as application_services
from ..forms import InterviewForm, application_reject_form


def _application_or_404(employer: Employer, pk: int):
    application = selectors.employer_application(employer=employer, pk=pk)
    if application is None:  # not there, or to another employer's posting: the same answer
        raise Http404("No such application")
    return application


@employer_required
def application_list(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    posting = employer_selectors.posting_of(employer=employer, pk=pk)
    if posting is None:
        raise Http404("No such posting")
    page = page_of(request, selectors.employer_applications(employer=employer, posting_id=posting.pk))
    if isinstance(page, HttpResponse):
        return page
    return render(
        request,
        "employers/application_list.html",
        {"employer": employer, "posting": posting, "applications": page.rows, "page": page},
    )


RESUME_SECTIONS = {
    "education": gettext_lazy("教育经历"),
    "internships": gettext_lazy("实习经历"),
    "awards": gettext_lazy("获奖情况"),
    "skills": gettext_lazy("技能"),
}


def _entry_value(name, value) -> str:
    """One field of a résumé entry as a person reads it: a degree by its label, not its code."""
    if name == "degree" and value in DegreeLevel.values:
        return str(DegreeLevel(value).label)
    return str(value)


def _text(value) -> str:
    if isinstance(value, dict):
        return " · ".join(_entry_value(k, v) for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list | tuple):
        return "、".join(_text(v) for v in value if v not in (None, "", [], {}))
    return "" if value is None else str(value)


def resume_sections(graduate) -> list[tuple[str, list[str]]]:
    """The graduate's structured résumé as (heading, lines), whatever shape it has today: read
    defensively because the résumé is the graduates area's and may grow."""
    resume = getattr(graduate, "resume", None)
    if not isinstance(resume, dict):
        return []
    # In the résumé form's order, not the stored one (PostgreSQL's jsonb keeps keys sorted by length).
    keys = [key for key in RESUME_SCHEMA if key in resume] + [key for key in resume if key not in RESUME_SCHEMA]
    sections = []
    for key in keys:
        value = resume[key]
        items = value if isinstance(value, list) else [value]
        fields = list(RESUME_SCHEMA.get(key, (0, {}))[1])
        items = [
            {**{f: item[f] for f in fields if f in item}, **item} if isinstance(item, dict) else item for item in items
        ]
        lines = [line for line in (_text(item) for item in items) if line]
        if lines:
            sections.append((str(RESUME_SECTIONS.get(key, key)), lines))
    return sections


def _detail(request, employer, application, *, interview_form=None, reject_form=None) -> HttpResponse:
    graduate = application.graduate
    initial = {}
    if application.interview_at:
        initial = {
            "at": application.interview_at,
            "mode": application.interview_mode,
            "location": application.interview_location,
            "note": application.interview_note,
        }
    return render(
        request,
        "employers/application_detail.html",
        {
            "employer": employer,
            "application": application,
            "posting": application.posting,
            "graduate": graduate,
            # Contact details and the résumé because the graduate applied here; not once withdrawn.
            "show_contact": graduate is not None and application.status != ApplicationStatus.WITHDRAWN,
            "resume": resume_sections(graduate),
            "undecided": application.status in ApplicationStatus.undecided,
            "interview_form": interview_form or InterviewForm(initial=initial),
            "reject_form": reject_form or application_reject_form(),
        },
    )


@employer_required
def application_detail(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    """Opening a submitted application marks it viewed (the graduate is told, once)."""
    application = _application_or_404(employer, pk)
    if application.status == ApplicationStatus.SUBMITTED:
        application_services.application_mark_viewed(application=application, actor=request.user)
        application = _application_or_404(employer, pk)
    return _detail(request, employer, application)


def _move(request: HttpRequest, employer: Employer, pk: int, call, done: str) -> HttpResponse:
    application = _application_or_404(employer, pk)
    try:
        call(application)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("employers:application_detail", pk=application.pk)


def _form_move(request: HttpRequest, employer: Employer, pk: int, form_class, service, done: str, *, name: str):
    """A move that takes a form (an interview invitation, a rejection's reason): ``service`` is
    called with the application, the actor and the form's cleaned data (its fields are named as
    the service's arguments). Errors on those fields show on the detail page with the form (under
    the context ``name``); a refusal of the move itself is a message."""
    application = _application_or_404(employer, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(application=application, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_error(None, exc)
            else:
                messages.error(request, "；".join(exc.messages))
                return redirect("employers:application_detail", pk=application.pk)
        else:
            messages.success(request, done)
            return redirect("employers:application_detail", pk=application.pk)
    return _detail(request, employer, application, **{name: form})


@require_POST
@employer_required
def application_interview(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    invite, done = application_services.application_invite, _("已发送面试邀请。")
    return _form_move(request, employer, pk, InterviewForm, invite, done, name="interview_form")


@require_POST
@employer_required
def application_offer(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    return _move(
        request,
        employer,
        pk,
        lambda a: application_services.application_offer(application=a, actor=request.user),
        _("已发放录用通知。"),
    )


@require_POST
@employer_required
def application_hire(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    return _move(
        request,
        employer,
        pk,
        lambda a: application_services.application_hire(application=a, actor=request.user),
        _("已标记为录用。"),
    )


@require_POST
@employer_required
def application_reject(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    reject, done = application_services.application_reject, _("已告知求职者不合适。")
    return _form_move(request, employer, pk, application_reject_form, reject, done, name="reject_form")


# --- The workspace's pages that count applications ---------------------------------------------------


@employer_required
def dashboard(request: HttpRequest, employer: Employer) -> HttpResponse:
    return render(
        request,
        "employers/employer_dashboard.html",
        {
            "employer": employer,
            "summary": selectors.employer_summary(employer=employer),
            "can_publish": can_publish(employer),
        },
    )


@employer_required
def posting_list(request: HttpRequest, employer: Employer) -> HttpResponse:
    page = page_of(request, selectors.postings_with_counts(employer=employer))
    if isinstance(page, HttpResponse):
        return page
    return render(
        request,
        "employers/jobposting_list.html",
        {"employer": employer, "postings": page.rows, "page": page, "can_publish": can_publish(employer)},
    )
