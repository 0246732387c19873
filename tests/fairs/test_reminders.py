"""Reminders of booked sessions a day and 15 minutes before, sent by the beat sweep at the right
moments (time travel), once each, to booked places of approved sessions only."""

import datetime as dt

import pytest
from django.core import mail

from fairs import reminders, tasks
from recruitment_weeks import celery_app
from recruitment_weeks.notifications.models import Notification
from tests.factories.fairs import SESSION_START, BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

START = SESSION_START  # 2030-04-23 10:00 Asia/Shanghai


@pytest.mark.parametrize(
    ("before", "lead"),
    [
        (dt.timedelta(days=1, seconds=1), None),
        (dt.timedelta(days=1), "day"),
        (dt.timedelta(minutes=15, seconds=1), "day"),
        (dt.timedelta(minutes=15), "soon"),
        (dt.timedelta(seconds=1), "soon"),
        (dt.timedelta(0), None),
    ],
)
def test_lead_at_bounds(before, lead):
    assert reminders.lead_at(START, START - before) == lead


def test_the_beat_task_sends_each_reminder_once_at_its_moment(
    time_machine, eager_tasks, django_capture_on_commit_callbacks
):
    celery_app.loader.import_default_modules()  # the delivery task, as a worker has it
    booking = BookingFactory(session=SessionFactory(title="甲公司宣讲会"))
    BookingFactory(session=booking.session, status="waiting")  # no place: no reminder
    BookingFactory(session=SessionFactory(status="cancelled"))  # no session: no reminder

    def beat_at(moment):
        time_machine.move_to(moment, tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            tasks.task_booking_reminders.delay()
        return [(n.kind, n.payload["lead"]) for n in Notification.objects.order_by("pk")]

    assert beat_at(START - dt.timedelta(days=1, minutes=5)) == []
    assert beat_at(START - dt.timedelta(days=1)) == [("booking_reminder", "day")]
    assert beat_at(START - dt.timedelta(hours=3)) == [("booking_reminder", "day")]  # not again
    assert beat_at(START - dt.timedelta(minutes=10)) == [("booking_reminder", "day"), ("booking_reminder", "soon")]
    assert beat_at(START - dt.timedelta(minutes=5)) == [("booking_reminder", "day"), ("booking_reminder", "soon")]
    assert beat_at(START + dt.timedelta(minutes=1)) == [("booking_reminder", "day"), ("booking_reminder", "soon")]

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([booking.graduate.user.email], "【招聘周】场次提醒：甲公司宣讲会"),
        ([booking.graduate.user.email], "【招聘周】15 分钟后开始：甲公司宣讲会"),
    ]
    assert "您预约的“甲公司宣讲会”将于 2030-04-23 10:00（北京时间）开始。" in mail.outbox[0].body
    assert f"/graduate/bookings/#booking-{booking.pk}\n" in mail.outbox[0].body


def test_a_place_booked_within_the_last_day_gets_the_day_reminder_at_once():
    booking = BookingFactory()

    sent = reminders.booking_reminders_send(now=START - dt.timedelta(hours=2))

    assert sent == 1
    assert Notification.objects.get().dedupe_key == f"booking-reminder:{booking.pk}:day"


def test_a_cancelled_booking_gets_no_reminder():
    BookingFactory(status="cancelled", cancelled_at=START - dt.timedelta(days=3))

    assert reminders.booking_reminders_send(now=START - dt.timedelta(minutes=5)) == 0


def test_batches_cover_every_due_place_in_id_ranges(settings):
    settings.SWEEP_BATCH_SIZE = 2
    session = SessionFactory()
    BookingFactory.create_batch(5, session=session)

    batches = list(reminders.booking_reminder_batches(now=START - dt.timedelta(hours=1)))

    assert len(batches) == 3
    assert reminders.booking_reminders_send(now=START - dt.timedelta(hours=1)) == 5
