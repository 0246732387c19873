"""Pages of invitations: the employer invites from a posting's matches and lists what it sent (and
withdraws); the graduate lists what they received and accepts or declines. The same services and
selectors as the API."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.models import Employer, JobPosting
from employers.views.common import approved_required, employer_required
from graduates.models import Graduate
from graduates.selectors import graduates_visible_to_employers
from graduates.views import graduate_required
from marketplace.permissions import may_see_posting_matches
from recruitment_weeks.service_errors import add_to_form

from . import selectors, services
from .forms import InvitationForm
from .models import Invitation

PAGE_SIZE = 20


def _graduate_or_404(value) -> Graduate:
    """The graduate named by ``value`` if an approved employer may read about them (invitation_send
    then checks that they are among the posting's matches); anything else: 404."""
    text = str(value or "")
    graduate = None
    if text.isascii() and text.isdigit() and len(text) <= 10:
        graduate = graduates_visible_to_employers().filter(pk=int(text)).first()
    if graduate is None:
        raise Http404("No such graduate")
    return graduate


@approved_required
def invitation_new(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    """The invitation form for one of the posting's matches (``?graduate=<id>``); POST sends it."""
    posting = JobPosting.objects.select_related("employer", "province").filter(pk=pk).first()
    if posting is None or not may_see_posting_matches(request.user, posting):
        raise Http404("No such posting")
    sessions = selectors.invitable_sessions(employer=employer)
    data = request.POST if request.method == "POST" else None
    graduate = _graduate_or_404((data or request.GET).get("graduate"))
    form = InvitationForm(data, initial={"graduate": graduate.pk}, sessions=sessions)
    if data is not None and form.is_valid():
        try:
            services.invitation_send(
                employer=employer,
                posting=posting,
                graduate=graduate,
                actor=request.user,
                message=form.cleaned_data["message"],
                session=form.cleaned_data["session"],
            )
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("已向%(name)s发出邀约。") % {"name": graduate.name})
            return redirect("jobs:matches", pk=posting.pk)
    status = 400 if form.is_bound else 200
    context = {"posting": posting, "graduate": graduate, "form": form}
    return render(request, "invitations/invitation_form.html", context, status=status)


@employer_required
def employer_invitation_list(request: HttpRequest, employer: Employer) -> HttpResponse:
    """The invitations the employer sent, newest first, paged. Fixed query count."""
    page = Paginator(selectors.invitations_sent_by(employer=employer), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "invitations/sent_list.html", {"page": page})


@require_POST
@employer_required
def invitation_withdraw(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    invitation = selectors.invitation_sent_by(employer=employer, pk=pk)
    if invitation is None:  # another employer's, or none: the same answer
        raise Http404("No such invitation")
    try:
        services.invitation_withdraw(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已撤回邀约。"))
    return redirect(reverse("employers:invitation_list") + f"#invitation-{pk}")


@graduate_required
def graduate_invitation_list(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    """The invitations the graduate received, newest first, paged. Fixed query count."""
    page = Paginator(selectors.invitations_of(graduate=graduate), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "invitations/received_list.html", {"page": page})


def next_page(invitation: Invitation) -> str:
    """Where accepting leads: to a session invitation's booking (the 专场 page that lists it, or the
    invitation's own booking form), otherwise to the posting's application form."""
    if invitation.session_id is not None:
        if invitation.session.special_fair_id is not None:
            url = reverse("fairs:special_fair_detail", args=[invitation.session.special_fair_id])
            return f"{url}#session-{invitation.session_id}"
        return reverse("graduates:invitation_list") + f"#invitation-{invitation.pk}"
    return reverse("jobs:detail", args=[invitation.posting_id]) + "#apply-box"


@require_POST
@graduate_required
def invitation_accept(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    """Accept: the employer now sees the graduate's contact details; on to the application form or
    the session's booking."""
    invitation = selectors.invitation_of(graduate=graduate, pk=pk)
    if invitation is None:
        raise Http404("No such invitation")
    try:
        invitation = services.invitation_accept(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(reverse("graduates:invitation_list") + f"#invitation-{pk}")
    if invitation.session_id is not None:
        messages.success(request, _("已接受邀约，请预约场次。"))
    else:
        messages.success(request, _("已接受邀约，请投递该职位。"))
    return redirect(next_page(invitation))


@require_POST
@graduate_required
def invitation_decline(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    invitation = selectors.invitation_of(graduate=graduate, pk=pk)
    if invitation is None:  # another graduate's, or none: the same answer
        raise Http404("No such invitation")
    try:
        services.invitation_decline(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已婉拒邀约。"))
    return redirect(reverse("graduates:invitation_list") + f"#invitation-{pk}")
