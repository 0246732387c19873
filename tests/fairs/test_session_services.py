"""Scheduling 宣讲会 and one-to-one slots, and the venue's approval."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.enums import FairRegistrationStatus
from fairs import services
from fairs.models import Session
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.factories import EmployerFactory, FairRegistrationFactory, UserFactory, WeekFactory
from tests.factories.fairs import SESSION_START, BookingFactory, ParticipationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def registered_employer():
    employer, week = EmployerFactory(approved=True), WeekFactory()
    registration = FairRegistrationFactory(employer=employer, week=week, status=FairRegistrationStatus.APPROVED)
    return employer, week, registration.venue


def schedule(employer, week, **overrides):
    kwargs = {
        "kind": "info",
        "title": "2030届校园宣讲会",
        "starts_at": SESSION_START,
        "ends_at": SESSION_START + dt.timedelta(hours=1),
        "meeting_url": "https://meeting.example.cn/r/1",
        "capacity": 50,
        "actor": employer.user,
    }
    return services.session_schedule(employer=employer, week=week, **{**kwargs, **overrides})


def test_slot_grid_fits_whole_slots():
    start = SESSION_START

    grid = services.slot_grid(starts_at=start, ends_at=start + dt.timedelta(minutes=70), minutes=20)

    assert [(s.starts_at.strftime("%H:%M"), s.ends_at.strftime("%H:%M")) for s in grid] == [
        ("10:00", "10:20"),
        ("10:20", "10:40"),
        ("10:40", "11:00"),
    ]


def test_session_schedule_info_is_pending_at_the_registrations_venue():
    employer, week, venue = registered_employer()

    session = schedule(employer, week)

    assert (session.status, session.venue, session.capacity, session.slot_minutes) == ("pending", venue, 50, None)
    assert list(AuditEntry.objects.values_list("action", "data")) == [
        ("fairs.session.scheduled", {"kind": "info", "slots": 0})
    ]


def test_session_schedule_one_to_one_generates_the_slot_grid():
    employer, week, _ = registered_employer()

    session = schedule(
        employer, week, kind="one_to_one", slot_minutes=15, capacity=None, ends_at=SESSION_START + dt.timedelta(hours=1)
    )

    assert [s.starts_at.astimezone(SESSION_START.tzinfo).strftime("%H:%M") for s in session.slots.all()] == [
        "10:00",
        "10:15",
        "10:30",
        "10:45",
    ]


def test_session_schedule_in_a_special_fair_goes_to_its_organiser():
    participation = ParticipationFactory()
    employer, special_fair = participation.employer, participation.special_fair

    session = schedule(employer, special_fair.week, special_fair=special_fair)

    assert (session.special_fair, session.venue) == (special_fair, special_fair.venue)


def test_session_schedule_refuses_an_employer_not_in_the_fair():
    employer, week = EmployerFactory(approved=True), WeekFactory()

    with pytest.raises(ValidationError) as refusal:
        schedule(employer, week)

    assert refusal.value.message_dict == {"week": ["报名本招聘周的招聘会并审核通过后才能安排场次。"]}
    assert Session.objects.count() == 0


def test_session_schedule_refuses_a_pending_participant_of_the_special_fair():
    participation = ParticipationFactory(status="pending")

    with pytest.raises(ValidationError) as refusal:
        schedule(participation.employer, participation.special_fair.week, special_fair=participation.special_fair)

    assert refusal.value.message_dict == {"special_fair": ["加入该专场并审核通过后才能在专场中安排场次。"]}


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"capacity": 0}, {"capacity": ["名额须在 1 到 10000 之间。"]}),
        ({"kind": "one_to_one", "slot_minutes": 45}, {"slot_minutes": ["每个时段须为 10 到 30 分钟。"]}),
        ({"starts_at": SESSION_START + dt.timedelta(days=10)}, {"starts_at": ["结束时间须晚于开始时间。"]}),
        (
            {
                "starts_at": SESSION_START - dt.timedelta(days=2),
                "ends_at": SESSION_START - dt.timedelta(days=2, hours=-1),
            },
            {"starts_at": ["场次时间须在招聘周之内（2030-04-23 至 2030-04-29）。"]},
        ),
        ({"title": "  "}, {"title": ["请填写标题。"]}),
    ],
)
def test_session_schedule_refuses_bad_input_with_nothing_saved(overrides, errors):
    employer, week, _ = registered_employer()

    with pytest.raises(ValidationError) as refusal:
        schedule(employer, week, **overrides)

    assert refusal.value.message_dict == errors
    assert Session.objects.count() == 0


def test_session_approve_notifies_the_employer():
    session = SessionFactory(status="pending")

    services.session_approve(session=session, actor=UserFactory(is_staff=True))

    session.refresh_from_db()
    assert session.status == "approved"
    assert list(Notification.objects.values_list("recipient", "kind")) == [
        (session.employer.user_id, "session_approved")
    ]


def test_session_cancel_cancels_its_bookings():
    session = SessionFactory()
    booking = BookingFactory(session=session)

    services.session_cancel(session=session, actor=session.employer.user)

    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_at is not None) == ("cancelled", True)
