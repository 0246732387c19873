"""A week's fair: the public venue page with each week's fair, and the employer's side of joining it
(registrations, applying, withdrawing)."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.models import Employer
from employers.permissions import can_publish
from employers.views.common import administrator_only, approved_required, employer_required, forbidden, page_of
from events.models import RecruitmentWeek
from recruitment_weeks.pagination import InvalidCursor
from recruitment_weeks.service_errors import add_to_form, is_permission_refusal
from venues import selectors as venue_selectors

from . import selectors, services, session_selectors
from .forms import FairRegistrationForm


@employer_required
def fair_list(request: HttpRequest, employer: Employer) -> HttpResponse:
    """The employer's fair registrations, newest first, 20 at a time (keyset pages)."""
    page = page_of(request, selectors.fair_registrations_of(employer=employer))
    if isinstance(page, HttpResponse):
        return page
    return render(
        request,
        "employers/fairregistration_list.html",
        {"employer": employer, "registrations": page.rows, "page": page, "can_publish": can_publish(employer)},
    )


@approved_required
@administrator_only
def fair_apply(request: HttpRequest, employer: Employer) -> HttpResponse:
    form = FairRegistrationForm(request.POST or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.fair_registration_apply(
                employer=employer,
                week=form.cleaned_data["week"],
                venue=form.cleaned_data["venue"],
                postings=form.cleaned_data["postings"],
                on_duty_member=form.cleaned_data["on_duty_member"],
                on_duty_hours=form.cleaned_data["on_duty_hours"],
                actor=request.user,
            )
        except ValidationError as exc:
            if is_permission_refusal(exc):
                return forbidden(request, exc.messages[0], employer=employer)
            add_to_form(form, exc)
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
@administrator_only
def fair_withdraw(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    registration = selectors.fair_registration_of(employer=employer, pk=pk)
    if registration is None:
        raise Http404("No such registration")
    try:
        services.fair_registration_withdraw(registration=registration, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已撤回报名。"))
    return redirect("employers:fair_list")


# --- The public venue page ------------------------------------------------------------------------


def venue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A venue's facts, its announcements and, for each week, the first approved employers of its fair
    with a few public postings each (the whole list on the week's fair page). The fairs' part is read
    only when its cached fragment (VENUE_FAIRS_CACHE_SECONDS) has expired: the template calls it."""
    venue = venue_selectors.venue_detail(slug=slug)
    if venue is None:
        raise Http404("No such venue")
    return render(
        request,
        "venues/venue_detail.html",
        {
            "venue": venue,
            "branches": partial(venue_selectors.venue_branches, venue=venue),
            "announcements": venue_selectors.venue_announcements(venue=venue),
            "fairs": partial(selectors.venue_fairs, venue=venue),
            "fairs_cache_seconds": settings.VENUE_FAIRS_CACHE_SECONDS,
            "directory_cache_seconds": settings.PUBLIC_DIRECTORY_CACHE_SECONDS,
        },
    )


def venue_week_booth(request: HttpRequest, slug: str, week_id: int, employer_id: int) -> HttpResponse:
    """An approved employer's booth in a week's fair at a venue (public): postings, sessions to book,
    the on-duty person and hours."""
    venue = venue_selectors.venue_detail(slug=slug)
    booth = (
        None
        if venue is None
        else session_selectors.week_booth(venue_id=venue.pk, week_id=week_id, employer_id=employer_id)
    )
    if booth is None:
        raise Http404("No such booth")
    return render(request, "fairs/week_booth.html", {"venue": venue, "booth": booth})


def venue_week_fair(request: HttpRequest, slug: str, week_id: int) -> HttpResponse:
    """Every approved employer of one week's fair at a venue, by name, in keyset pages (?after=)."""
    venue = venue_selectors.venue_detail(slug=slug)
    week = RecruitmentWeek.objects.filter(pk=week_id).first()
    if venue is None or week is None:
        raise Http404("No such venue or week")
    try:
        page = selectors.venue_week_fair(venue=venue, week=week, cursor=request.GET.get("after") or None)
    except InvalidCursor:
        return render(
            request,
            "venues/venue_week_fair.html",
            {"venue": venue, "week": week, "bad_cursor": True},
            status=400,
        )
    return render(request, "venues/venue_week_fair.html", {"venue": venue, "week": week, "page": page})
