"""Sessions: an employer taking part in a week's fair (or a 专场) schedules a 宣讲会 or a block of
one-to-one slots; the staff of the session's venue approve or reject it; the employer may cancel it."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.enums import EmployerStatus
from employers.models import Employer
from employers.selectors import team_recipients
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.keys import audit_notice_key
from recruitment_weeks.notifications.services import notify
from recruitment_weeks.workflow import Review, require_reason, transition

from ..enums import BookingStatus, SessionKind, SessionStatus, SpecialFairAction, SpecialFairStatus
from ..models import (
    MAX_SLOT_MINUTES,
    MIN_SLOT_MINUTES,
    Booking,
    Session,
    SlotTime,
    SpecialFair,
    SpecialFairParticipation,
)

MAX_CAPACITY = 10000
MAX_SLOTS = 48  # a day's worth of 30-minute slots, or eight hours of 10-minute ones
MAX_SESSION_HOURS = 12


def slot_grid(*, starts_at: dt.datetime, ends_at: dt.datetime, minutes: int) -> list[SlotTime]:
    """The slots of ``minutes`` each from ``starts_at``, as many as fit before ``ends_at``."""
    step = dt.timedelta(minutes=minutes)
    slots, start = [], starts_at
    while start + step <= ends_at:
        slots.append(SlotTime(start, start + step))
        start += step
    return slots


def _session_venue(*, employer: Employer, week: RecruitmentWeek, special_fair: SpecialFair | None):
    """The venue whose staff approve the session, or the reason there is none."""
    if special_fair is not None:
        if special_fair.week_id != week.pk:
            raise ValidationError({"special_fair": _("该专场不属于所选招聘周。")}, code="special_fair_week")
        if special_fair.status != SpecialFairStatus.PUBLISHED:
            raise ValidationError({"special_fair": _("该专场未发布或已取消。")}, code="special_fair_not_published")
        if not SpecialFairParticipation.objects.filter(
            special_fair=special_fair, employer=employer, status=FairRegistrationStatus.APPROVED
        ).exists():
            raise ValidationError(
                {"special_fair": _("加入该专场并审核通过后才能在专场中安排场次。")}, code="not_participant"
            )
        return special_fair.venue_id
    registration = (
        FairRegistration.objects.filter(employer=employer, week=week, status=FairRegistrationStatus.APPROVED)
        .order_by("pk")
        .first()
    )
    if registration is None:
        raise ValidationError({"week": _("报名本招聘周的招聘会并审核通过后才能安排场次。")}, code="not_registered")
    return registration.venue_id


def _window_errors(*, week, starts_at, ends_at, now) -> list[ValidationError]:
    if ends_at <= starts_at:
        return [ValidationError(_("结束时间须晚于开始时间。"), code="ends_before_start")]
    if starts_at <= now:
        return [ValidationError(_("开始时间须晚于现在。"), code="starts_in_past")]
    if starts_at < week.opens_at or ends_at > week.closes_at:
        return [
            ValidationError(
                _("场次时间须在招聘周之内（%(start)s 至 %(end)s）。"),
                code="outside_week",
                params={"start": f"{week.starts_on:%Y-%m-%d}", "end": f"{week.ends_on:%Y-%m-%d}"},
            )
        ]
    if ends_at - starts_at > dt.timedelta(hours=MAX_SESSION_HOURS):
        return [
            ValidationError(
                _("一个场次不能超过 %(hours)s 小时。"), code="too_long", params={"hours": MAX_SESSION_HOURS}
            )
        ]
    return []


@transaction.atomic
def session_schedule(
    *,
    employer: Employer,
    week: RecruitmentWeek,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    meeting_url: str,
    actor,
    special_fair: SpecialFair | None = None,
    description: str = "",
    capacity: int | None = None,
    slot_minutes: int | None = None,
) -> Session:
    """Schedule a 宣讲会 (``capacity`` places) or one-to-one slots (``slot_minutes`` each, 10–30,
    generated over the window), pending the venue's approval.

    The employer must be approved and take part in the week's fair (an approved registration) or in
    ``special_fair`` (an approved participation); the window lies within the week and the future.
    Side effects: the session and its slots; audit ``fairs.session.scheduled``."""
    if not Employer.objects.filter(pk=employer.pk, status=EmployerStatus.APPROVED).exists():
        raise ValidationError(_("单位注册信息审核通过后才能安排场次。"), code="employer_not_approved")
    venue_id = _session_venue(employer=employer, week=week, special_fair=special_fair)
    errors: dict[str, list] = {}
    if not (title or "").strip():
        errors["title"] = [ValidationError(_("请填写标题。"), code="required")]
    if window_errors := _window_errors(week=week, starts_at=starts_at, ends_at=ends_at, now=timezone.now()):
        errors["starts_at"] = window_errors
    slots: list[SlotTime] = []
    if kind == SessionKind.INFO:
        slot_minutes = None
        if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
            errors["capacity"] = [
                ValidationError(_("名额须在 1 到 %(max)s 之间。"), code="capacity_range", params={"max": MAX_CAPACITY})
            ]
    elif kind == SessionKind.ONE_TO_ONE:
        capacity = None
        if slot_minutes is None or not MIN_SLOT_MINUTES <= slot_minutes <= MAX_SLOT_MINUTES:
            errors["slot_minutes"] = [
                ValidationError(
                    _("每个时段须为 %(min)s 到 %(max)s 分钟。"),
                    code="slot_minutes_range",
                    params={"min": MIN_SLOT_MINUTES, "max": MAX_SLOT_MINUTES},
                )
            ]
        elif "starts_at" not in errors:
            slots = slot_grid(starts_at=starts_at, ends_at=ends_at, minutes=slot_minutes)
            if not 1 <= len(slots) <= MAX_SLOTS:
                errors["slot_minutes"] = [
                    ValidationError(
                        _("时间段内须有 1 到 %(max)s 个时段。"), code="slot_count", params={"max": MAX_SLOTS}
                    )
                ]
    else:
        errors["kind"] = [ValidationError(_("请选择场次类型。"), code="invalid_choice")]
    if errors:
        raise ValidationError(errors)
    session = Session.objects.create(
        employer=employer,
        week=week,
        special_fair=special_fair,
        venue_id=venue_id,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        meeting_url=meeting_url,
        capacity=capacity,
        slot_minutes=slot_minutes,
    )
    session.slots.bulk_create([session.slots.model(session=session, starts_at=s, ends_at=e) for s, e in slots])
    audit_log(
        actor=actor,
        action=SpecialFairAction.SESSION_SCHEDULED,
        target=session,
        venue=venue_id,
        data={"kind": kind, "slots": len(slots)},
    )
    return session


SESSION_REVIEW = Review(
    moves=SessionStatus.moves,
    related=("employer__user", "week", "venue"),
    # Sessions are recruiting work: every member of the team.
    recipient=lambda session: team_recipients(employer=session.employer),
    payload=lambda session: {
        "employer_name": session.employer.name,
        "session_title": session.title,
        "session_id": session.pk,
        "week_name": session.week.name,
        "venue_name": session.venue.name,
        "starts_at": f"{timezone.localtime(session.starts_at):%Y-%m-%d %H:%M}",
    },
    venue=lambda session: session.venue_id,
)


@transaction.atomic
def session_approve(*, session: Session, actor, note: str = "") -> Session:
    """pending → approved: graduates may book it. Side effects: audit entry; notification."""
    return SESSION_REVIEW.decide(
        session,
        verb="approved",
        action=SpecialFairAction.SESSION_APPROVED,
        actor=actor,
        kind=NotificationKind.SESSION_APPROVED,
        reason=note.strip(),
    )


@transaction.atomic
def session_reject(*, session: Session, actor, reason: str) -> Session:
    """pending → rejected with a required reason. Side effects: audit entry; notification."""
    return SESSION_REVIEW.decide(
        session,
        verb="rejected",
        action=SpecialFairAction.SESSION_REJECTED,
        actor=actor,
        kind=NotificationKind.SESSION_REJECTED,
        reason=require_reason(reason),
    )


@transaction.atomic
def session_cancel(*, session: Session, actor) -> Session:
    """pending or approved → cancelled, before it starts; every booking and waiting place of it is
    cancelled with it. Side effects: audit entries (the session's, and one per booking); a notification
    to each graduate whose booking or waiting place it cancelled."""
    session = Session.objects.select_for_update(of=("self",)).select_related("employer").get(pk=session.pk)
    if session.has_started():
        raise ValidationError(_("场次已经开始，不能取消。"), code="session_started")
    transition(
        session,
        move=SessionStatus.moves["cancelled"],
        actor=actor,
        action=SpecialFairAction.SESSION_CANCELLED,
        venue=session.venue_id,
    )
    now = timezone.now()
    active = Booking.objects.select_for_update(of=("self",)).filter(session=session, status__in=BookingStatus.active)
    for booking in active.select_related("graduate__user"):
        entry = transition(
            booking,
            move=BookingStatus.moves["cancelled"],
            actor=actor,
            action=SpecialFairAction.BOOKING_CANCELLED,
            venue=session.venue_id,
            changes={"cancelled_at": now},
            data={"by": "session_cancelled"},
        )
        user = booking.graduate.user
        notify(
            recipient=user,
            kind=NotificationKind.SESSION_CANCELLED,
            payload={
                "booking_id": booking.pk,
                "session_title": session.title,
                "employer_name": session.employer.name,
                "starts_at": f"{timezone.localtime(booking.starts_at):%Y-%m-%d %H:%M}",
            },
            dedupe_key=audit_notice_key(entry.pk, user.pk),
        )
    return session
