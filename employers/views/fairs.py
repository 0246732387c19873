"""Joining a week's job fair: the employer's registrations, applying, withdrawing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import selectors as event_selectors
from events import services as event_services
from events.forms import FairRegistrationForm

from ..models import Employer
from ..permissions import can_publish
from .common import approved_required, attach_errors, employer_required, forbidden


@employer_required
def fair_list(request: HttpRequest, employer: Employer) -> HttpResponse:
    return render(
        request,
        "employers/fairregistration_list.html",
        {
            "employer": employer,
            "registrations": event_selectors.fair_registrations_of(employer=employer),
            "can_publish": can_publish(employer),
        },
    )


@approved_required
def fair_apply(request: HttpRequest, employer: Employer) -> HttpResponse:
    form = FairRegistrationForm(request.POST or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        try:
            registration = event_services.fair_registration_apply(
                employer=employer,
                week=form.cleaned_data["week"],
                venue=form.cleaned_data["venue"],
                postings=form.cleaned_data["postings"],
                actor=request.user,
            )
        except ValidationError as exc:
            if attach_errors(form, exc):
                return forbidden(request, exc.messages[0], employer=employer)
        else:
            messages.success(
                request,
                _("已申请加入“%(week)s”（%(venue)s），等待会场审核。")
                % {"week": registration.week.display_name, "venue": registration.venue},
            )
            return redirect("employers:fair_list")
    return render(request, "employers/fairregistration_form.html", {"form": form, "employer": employer})


@require_POST
@employer_required
def fair_withdraw(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    registration = event_selectors.fair_registration_of(employer=employer, pk=pk)
    if registration is None:
        raise Http404("No such registration")
    try:
        event_services.fair_registration_withdraw(registration=registration, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已撤回报名。"))
    return redirect("employers:fair_list")
