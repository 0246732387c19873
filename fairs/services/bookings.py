"""Graduates' bookings of sessions: book (or join the waiting list), cancel (the first on the
waiting list moves up), attend (a join click through the portal, or marked by the employer).

A waiting place holds no time: a graduate may wait for a full 宣讲会 while booked elsewhere at the
same hour (their fallback). Only booked places must not overlap, so when a place is freed it goes to
the first on the waiting list whose booked places leave that time free; a waiting graduate who is
busy then keeps their turn for a later place.

Concurrency: booking locks the graduate's row, then the session's, before it looks at anything, so
two bookings of one graduate and two bookings of one session run one after the other; cancelling
locks the session (never a graduate's row: a booking holding that row waits for the session, and
the two would deadlock). The database holds the same rules (fairs.models: one booked place per
slot, one active booking per graduate and session, no overlapping booked places of one graduate),
and the promotion leans on the last one for a graduate booking elsewhere at the very moment.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from graduates.enums import GraduateStatus
from graduates.models import Graduate
from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.keys import audit_notice_key
from recruitment_weeks.notifications.services import notify
from recruitment_weeks.reference.enums import DegreeLevel
from recruitment_weeks.workflow import transition

from ..enums import AttendanceSource, BookingStatus, SessionStatus, SpecialFairAction, SpecialFairStatus
from ..models import Booking, Session, Slot, SpecialFair

# The join link opens this long before the start (people arrive early) and closes at the end.
JOIN_OPENS_BEFORE = dt.timedelta(minutes=15)


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def graduate_eligibility_errors(*, special_fair: SpecialFair, graduate: Graduate) -> list[ValidationError]:
    """Why ``graduate`` may not book sessions of ``special_fair`` (empty: they may)."""
    errors = []
    if special_fair.graduate_degrees and graduate.degree not in special_fair.graduate_degrees:
        errors.append(
            ValidationError(
                _("本专场仅面向以下学历的毕业生：%(degrees)s。"),
                code="graduate_degree_ineligible",
                params={"degrees": "、".join(str(DegreeLevel(d).label) for d in special_fair.graduate_degrees)},
            )
        )
    disciplines = list(special_fair.graduate_disciplines.all())
    if disciplines and graduate.discipline_id not in {d.pk for d in disciplines}:
        errors.append(
            ValidationError(
                _("本专场仅面向以下学科门类的毕业生：%(disciplines)s。"),
                code="graduate_discipline_ineligible",
                params={"disciplines": "、".join(str(d) for d in disciplines)},
            )
        )
    provinces = list(special_fair.graduate_provinces.all())
    if provinces and graduate.university_province_id not in {p.pk for p in provinces}:
        errors.append(
            ValidationError(
                _("本专场仅面向院校所在省份为%(provinces)s的毕业生。"),
                code="graduate_province_ineligible",
                params={"provinces": "、".join(str(p) for p in provinces)},
            )
        )
    return errors


def _clash(*, graduate, session: Session, starts_at, ends_at) -> Booking | None:
    """The graduate's booked place elsewhere overlapping that time (waiting places hold no time)."""
    return (
        Booking.objects.filter(
            graduate=graduate, status=BookingStatus.BOOKED, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .exclude(session=session)
        .select_related("session")
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def booking_create(*, graduate: Graduate, session: Session, actor, slot: Slot | None = None) -> Booking:
    """Book a place at an approved session that has not started (a one-to-one session: ``slot``).

    A full 宣讲会 puts the graduate on its waiting list (status ``waiting``, in the order of
    booking); a taken slot is refused. Refused too: a graduate not approved, not eligible for the
    session's 专场, or with an active booking at the same time. Booking the same place again returns
    the active booking unchanged. Side effects: audit ``fairs.booking.booked`` (or ``.waitlisted``)."""
    graduate = Graduate.objects.select_for_update().get(pk=graduate.pk)
    if graduate.status != GraduateStatus.APPROVED:
        raise ValidationError(_("求职信息审核通过后才能预约场次。"), code="graduate_not_approved")
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("special_fair", "employer").get(pk=session.pk)
    )
    if session.status != SessionStatus.APPROVED:
        raise ValidationError(_("该场次未通过审核或已取消，不能预约。"), code="session_not_open")
    if session.has_started():
        raise ValidationError(_("该场次已经开始，不能再预约。"), code="session_started")
    if session.special_fair is not None:
        if session.special_fair.status != SpecialFairStatus.PUBLISHED:
            raise ValidationError(_("该专场未发布或已取消，不能预约。"), code="special_fair_not_published")
        if errors := graduate_eligibility_errors(special_fair=session.special_fair, graduate=graduate):
            raise ValidationError(errors)
    if session.has_slots:
        if slot is None or slot.session_id != session.pk:
            raise ValidationError({"slot": _("请选择本场次的一个时段。")}, code="slot_required")
        starts_at, ends_at = slot.starts_at, slot.ends_at
    else:
        slot, starts_at, ends_at = None, session.starts_at, session.ends_at
    existing = Booking.objects.filter(graduate=graduate, session=session, status__in=BookingStatus.active).first()
    if existing is not None:
        if existing.slot_id == getattr(slot, "pk", None):
            return existing  # a double click: the same booking, nothing new
        raise ValidationError(_("您已预约本场次的其他时段，如需更换请先取消原预约。"), code="already_booked")
    if slot is not None:
        if Booking.objects.filter(slot=slot, status=BookingStatus.BOOKED).exists():
            raise ValidationError({"slot": _("该时段已被预约，请选择其他时段。")}, code="slot_taken")
        status = BookingStatus.BOOKED
    else:
        booked = Booking.objects.filter(session=session, status=BookingStatus.BOOKED).count()
        status = BookingStatus.BOOKED if booked < session.capacity else BookingStatus.WAITING
    if status == BookingStatus.BOOKED and (
        other := _clash(graduate=graduate, session=session, starts_at=starts_at, ends_at=ends_at)
    ):
        raise ValidationError(
            _("该时间与您已预约的“%(title)s”（%(start)s 开始）冲突。"),
            code="clash",
            params={"title": other.session.title, "start": _when(other.starts_at)},
        )
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                graduate=graduate, session=session, slot=slot, starts_at=starts_at, ends_at=ends_at, status=status
            )
    except IntegrityError as exc:
        # Only a write outside this service can get here (the locks above decide every race of its own).
        raise ValidationError(_("预约未成功：该时段已被预约或与您的其他预约冲突。"), code="conflict") from exc
    action = (
        SpecialFairAction.BOOKING_BOOKED if status == BookingStatus.BOOKED else SpecialFairAction.BOOKING_WAITLISTED
    )
    audit_log(
        actor=actor, action=action, target=booking, venue=session.venue_id, data={"slot": getattr(slot, "pk", None)}
    )
    return booking


def _locked_now(graduate_id: int) -> bool:
    """Lock the graduate's row for this transaction if no one else holds it (False if someone does)."""
    return Graduate.objects.select_for_update(skip_locked=True).filter(pk=graduate_id).exists()


def _promote_next(*, session: Session, actor) -> list[Booking]:
    """Give each free place of a 宣讲会 (the session is locked) to the first on its waiting list whose
    booked places elsewhere leave the session's time free; one who is busy then keeps their turn.
    Side effects per promoted graduate: audit ``fairs.booking.promoted``; a notification."""
    if session.has_slots:
        return []
    free = session.capacity - Booking.objects.filter(session=session, status=BookingStatus.BOOKED).count()
    if free <= 0:
        return []
    promoted = []
    # No row locks here: every write to a session's bookings (book, cancel, cancel the session)
    # takes the session's lock first, which the caller holds.
    waiting = (
        Booking.objects.filter(session=session, status=BookingStatus.WAITING)
        .select_related("graduate__user")
        .order_by("created_at", "pk")
    )
    for candidate in _in_chunks(waiting):
        # The graduate's own lock, which booking_create takes first: a graduate booking a place
        # elsewhere at this very moment is skipped (keeps their turn) rather than waited for, so the
        # two never both book that time, and a booking holding the graduate while it waits for this
        # session's lock cannot deadlock with us.
        if not _locked_now(candidate.graduate_id):
            continue
        if _clash(graduate=candidate.graduate_id, session=session, **_times(candidate)) is not None:
            continue
        try:
            # A place booked elsewhere at this moment (not committed when we looked) shows as the
            # database's refusal of overlapping booked places: that graduate keeps their turn.
            with transaction.atomic():
                entry = transition(
                    candidate,
                    move=BookingStatus.moves["promoted"],
                    actor=actor,
                    action=SpecialFairAction.BOOKING_PROMOTED,
                    venue=session.venue_id,
                )
        except IntegrityError:
            candidate.status = BookingStatus.WAITING
            continue
        user = candidate.graduate.user
        notify(
            recipient=user,
            kind=NotificationKind.BOOKING_PROMOTED,
            payload={
                "booking_id": candidate.pk,
                "session_title": session.title,
                "employer_name": session.employer.name,
                "starts_at": _when(candidate.starts_at),
            },
            dedupe_key=audit_notice_key(entry.pk, user.pk),
        )
        promoted.append(candidate)
        if len(promoted) == free:
            break
    return promoted


def _in_chunks(queryset, size: int = 50):
    """Waiting places in (created_at, pk) order, ``size`` at a time, each chunk after the last row
    of the one before (a long waiting list is not read whole for one place; rows promoted meanwhile
    shift no offset)."""
    last = None
    while True:
        qs = queryset
        if last is not None:
            qs = qs.filter(Q(created_at__gt=last.created_at) | Q(created_at=last.created_at, pk__gt=last.pk))
        chunk = list(qs[:size])
        yield from chunk
        if len(chunk) < size:
            return
        last = chunk[-1]


def _times(booking: Booking) -> dict:
    return {"starts_at": booking.starts_at, "ends_at": booking.ends_at}


@transaction.atomic
def booking_cancel(*, booking: Booking, actor) -> Booking:
    """booked or waiting → cancelled, before the session starts; a freed place of a 宣讲会 goes to the
    first on its waiting list who is free at that time (:func:`_promote_next`). Side effects: audit
    entries; a notification to the graduate moved up."""
    session = Session.objects.select_for_update().select_related("employer").get(pk=booking.session_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if session.has_started():
        raise ValidationError(_("场次已经开始，不能取消预约。"), code="session_started")
    was_booked = booking.status == BookingStatus.BOOKED
    transition(
        booking,
        move=BookingStatus.moves["cancelled"],
        actor=actor,
        action=SpecialFairAction.BOOKING_CANCELLED,
        venue=session.venue_id,
        changes={"cancelled_at": timezone.now()},
    )
    if was_booked:
        _promote_next(session=session, actor=actor)
    return booking


def _record_attendance(booking: Booking, *, source: str, actor) -> Booking:
    if booking.attended_at is not None:
        return booking
    booking.attended_at = timezone.now()
    booking.attendance_source = source
    booking.save(update_fields=["attended_at", "attendance_source", "updated_at"])
    audit_log(
        actor=actor,
        action=SpecialFairAction.BOOKING_ATTENDED,
        target=booking,
        venue=booking.session.venue_id,
        data={"source": source},
    )
    return booking


@transaction.atomic
def booking_join(*, booking: Booking, actor) -> str:
    """The graduate's click on "进入" through the portal: records attendance (the first click) and
    answers the meeting link. Open from 15 minutes before the start until the end, for a booked place.
    Side effects: ``attended_at`` and audit ``fairs.booking.attended`` (first click only)."""
    booking = Booking.objects.select_for_update(of=("self",)).select_related("session").get(pk=booking.pk)
    session, now = booking.session, timezone.now()
    if booking.status != BookingStatus.BOOKED or session.status != SessionStatus.APPROVED:
        raise ValidationError(_("只有已预约的场次才能进入。"), code="not_booked")
    if now < booking.starts_at - JOIN_OPENS_BEFORE:
        raise ValidationError(
            _("场次尚未开始，开始前 15 分钟可以进入（%(start)s 开始）。"),
            code="too_early",
            params={"start": _when(booking.starts_at)},
        )
    if now >= booking.ends_at:
        raise ValidationError(_("场次已经结束。"), code="ended")
    _record_attendance(booking, source=AttendanceSource.JOIN, actor=actor)
    return session.meeting_url


@transaction.atomic
def booking_mark_attended(*, booking: Booking, actor) -> Booking:
    """The employer marks a booked graduate present, once the booking's time has begun.
    Side effects: ``attended_at`` and audit ``fairs.booking.attended`` (unless already recorded)."""
    booking = Booking.objects.select_for_update(of=("self",)).select_related("session").get(pk=booking.pk)
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError(_("只有已预约的毕业生才能标记出席。"), code="not_booked")
    if timezone.now() < booking.starts_at:
        raise ValidationError(_("场次开始后才能标记出席。"), code="too_early")
    return _record_attendance(booking, source=AttendanceSource.EMPLOYER, actor=actor)
