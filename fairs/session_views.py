"""Pages of 专场 and sessions: the public 专场 list and page, the employer's sessions, and the
graduate's bookings (book, cancel, join, calendar file). The same services as the API and admin."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.models import Employer
from employers.views.common import administrator_only, approved_required, employer_required, page_of
from graduates.models import Graduate
from graduates.views import graduate_required
from recruitment_weeks.service_errors import add_to_form

from . import services
from . import session_selectors as selectors
from .calendar import booking_calendar
from .models import Slot
from .session_forms import ParticipationForm, SessionForm

SPECIAL_FAIRS_PER_PAGE = 30


def special_fair_list(request: HttpRequest) -> HttpResponse:
    """Published 专场, latest week first, 30 a page (numbered: the order is the week's date, a column of
    another table, and the list holds hundreds, not millions). A page number out of range or not a
    number shows the nearest page, never an error."""
    page = Paginator(selectors.special_fairs_public(), SPECIAL_FAIRS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "fairs/specialfair_list.html", {"special_fairs": page.object_list, "page": page})


def special_fair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.special_fair_page(pk=pk)
    if page is None:
        raise Http404("No such 专场")
    return render(request, "fairs/specialfair_detail.html", {"page": page, "special_fair": page.special_fair})


@employer_required
def session_list(request: HttpRequest, employer: Employer) -> HttpResponse:
    """The employer's sessions, latest first, 20 at a time (keyset pages)."""
    page = page_of(request, selectors.sessions_of(employer=employer))
    if isinstance(page, HttpResponse):
        return page
    return render(request, "employers/session_list.html", {"employer": employer, "sessions": page.rows, "page": page})


@graduate_required
def booking_list(request: HttpRequest, graduate: Graduate) -> HttpResponse:
    """The graduate's bookings, soonest first, 20 at a time (keyset pages)."""
    page = page_of(request, selectors.bookings_of(graduate=graduate))
    if isinstance(page, HttpResponse):
        return page
    return render(request, "graduates/booking_list.html", {"bookings": page.rows, "page": page})


@require_POST
@graduate_required
def session_book(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    session = selectors.sessions_public().filter(pk=pk).first()
    if session is None:
        raise Http404("No such session")
    slot = None
    if slot_id := request.POST.get("slot", ""):
        # Anything but a plain id of at most 10 digits names no slot (and never reaches the database).
        plain = slot_id.isascii() and slot_id.isdigit() and len(slot_id) <= 10
        slot = Slot.objects.filter(session=session, pk=int(slot_id)).first() if plain else None
    try:
        booking = services.booking_create(graduate=graduate, session=session, slot=slot, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(request.POST.get("next") if _safe_next(request) else "graduates:booking_list")
    if booking.status == "waiting":
        messages.success(
            request,
            _(
                "名额已满，您已进入候补名单；有人取消时将按顺序为您预约并通知您"
                "（届时您在该时间已有其他预约的，名额顺延给下一位）。"
            ),
        )
    else:
        messages.success(request, _("预约成功。"))
    return redirect("graduates:booking_list")


def _safe_next(request: HttpRequest) -> bool:
    value = request.POST.get("next", "")
    return value.startswith("/") and not value.startswith("//")


@require_POST
@graduate_required
def booking_cancel(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    booking = selectors.booking_of(graduate=graduate, pk=pk)
    if booking is None:
        raise Http404("No such booking")
    try:
        services.booking_cancel(booking=booking, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已取消预约。"))
    return redirect("graduates:booking_list")


@graduate_required
def booking_join(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    """Through the portal to the meeting: the click records attendance, then redirects."""
    booking = selectors.booking_of(graduate=graduate, pk=pk)
    if booking is None:
        raise Http404("No such booking")
    try:
        url = services.booking_join(booking=booking, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("graduates:booking_list")
    return redirect(url)


@graduate_required
def booking_ics(request: HttpRequest, graduate: Graduate, pk: int) -> HttpResponse:
    booking = selectors.booking_of(graduate=graduate, pk=pk)
    if booking is None:
        raise Http404("No such booking")
    response = HttpResponse(booking_calendar(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.pk}.ics"'
    return response


# --- The employer's side ----------------------------------------------------------------------------


@approved_required
def session_create(request: HttpRequest, employer: Employer) -> HttpResponse:
    form = SessionForm(request.POST or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_schedule(employer=employer, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("场次已提交，等待会场审核。"))
            return redirect("employers:session_list")
    return render(request, "employers/session_form.html", {"form": form, "employer": employer})


@employer_required
def session_detail(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    """One of the employer's sessions with its bookings (names only: who comes, and who came)."""
    session = selectors.sessions_of(employer=employer).filter(pk=pk).first()
    if session is None:
        raise Http404("No such session")
    return render(
        request,
        "employers/session_detail.html",
        {"employer": employer, "session": session, "bookings": selectors.bookings_of_session(session=session)},
    )


@require_POST
@employer_required
def session_cancel(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    """The employer cancels one of its sessions before it starts; its graduates are told."""
    session = selectors.sessions_of(employer=employer).filter(pk=pk).first()
    if session is None:
        raise Http404("No such session")
    try:
        services.session_cancel(session=session, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已取消该场次，已预约和候补的毕业生会收到通知。"))
    return redirect("employers:session_detail", pk=session.pk)


@require_POST
@employer_required
def booking_mark_attended(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    booking = selectors.booking_of_employer(employer=employer, pk=pk)
    if booking is None:
        raise Http404("No such booking")
    try:
        services.booking_mark_attended(booking=booking, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已标记出席。"))
    return redirect("employers:session_detail", pk=booking.session_id)


@approved_required
@administrator_only
def special_fair_join(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    special_fair = selectors.special_fairs_public().filter(pk=pk).first()
    if special_fair is None:
        raise Http404("No such 专场")
    form = ParticipationForm(request.POST or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_apply(
                special_fair=special_fair, employer=employer, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("已申请加入专场，等待主办会场审核。"))
            return redirect("fairs:special_fair_detail", pk=special_fair.pk)
    return render(
        request,
        "employers/specialfair_join.html",
        {"form": form, "employer": employer, "special_fair": special_fair},
    )


def booth(request: HttpRequest, pk: int, employer_id: int) -> HttpResponse:
    """An employer's booth in a 专场: its public postings, its sessions there, its on-duty person and
    hours. Only an approved participant of a published 专场 has one."""
    page = selectors.booth(special_fair_id=pk, employer_id=employer_id)
    if page is None:
        raise Http404("No such booth")
    return render(request, "fairs/booth.html", {"page": page, "special_fair": page.participation.special_fair})
