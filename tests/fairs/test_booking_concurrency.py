"""Bookings under concurrency on PostgreSQL: the last place, one slot, one graduate's clashing
bookings, and the database's own refusal of overlapping bookings (the exclusion constraint)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from fairs import services
from fairs.models import Booking
from recruitment_weeks.notifications.models import Notification
from tests.core.test_caps_concurrency import run_at_once
from tests.factories import GraduateFactory
from tests.factories.fairs import SESSION_START, BookingFactory, SessionFactory, SlotFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def graduates(n: int) -> list:
    """``n`` approved graduates of one province (and so one reviewing venue)."""
    first = GraduateFactory(approved=True)
    rest = GraduateFactory.create_batch(
        n - 1, approved=True, university_province=first.university_province, reviewing_venue=first.reviewing_venue
    )
    return [first, *rest]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and the exclusion constraint: PostgreSQL only (SQLite serialises writers)")


def test_20_graduates_booking_the_last_place_give_exactly_one_booking():
    session = SessionFactory(capacity=3)
    BookingFactory.create_batch(2, session=session)
    people = graduates(20)

    results = run_at_once(20, lambda i: services.booking_create(graduate=people[i], session=session, actor=None))

    assert [type(r) for r in results] == [Booking] * 20
    assert sorted(r.status for r in results).count("booked") == 1
    assert Booking.objects.filter(session=session, status="booked").count() == 3
    assert Booking.objects.filter(session=session, status="waiting").count() == 19


def test_20_graduates_booking_one_slot_give_one_booking_and_19_refusals():
    slot = SlotFactory()
    people = graduates(20)

    results = run_at_once(
        20, lambda i: services.booking_create(graduate=people[i], session=slot.session, slot=slot, actor=None)
    )

    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len([r for r in results if isinstance(r, Booking)]), len(refused)) == (1, 19)
    assert {tuple(r.messages) for r in refused} == {("该时段已被预约，请选择其他时段。",)}
    assert Booking.objects.filter(slot=slot).count() == 1


def test_one_graduate_booking_10_clashing_sessions_at_once_gets_one():
    graduate = GraduateFactory(approved=True)
    sessions = [SessionFactory(starts_at=SESSION_START + dt.timedelta(minutes=i)) for i in range(10)]

    results = run_at_once(10, lambda i: services.booking_create(graduate=graduate, session=sessions[i], actor=None))

    assert len([r for r in results if isinstance(r, Booking)]) == 1
    assert {r.code for r in results if isinstance(r, ValidationError)} == {"clash"}
    assert Booking.objects.filter(graduate=graduate).count() == 1


def test_the_database_refuses_overlapping_bookings_written_around_the_service():
    booking = BookingFactory()
    other = SessionFactory(starts_at=SESSION_START + dt.timedelta(minutes=30))

    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            graduate=booking.graduate, session=other, starts_at=other.starts_at, ends_at=other.ends_at
        )


def test_two_cancellations_at_once_promote_the_first_two_waiting_once_each():
    session = SessionFactory(capacity=2)
    leaving = BookingFactory.create_batch(2, session=session)
    people = graduates(20)
    waiting = [BookingFactory(session=session, graduate=g, status="waiting") for g in people]

    results = run_at_once(2, lambda i: services.booking_cancel(booking=leaving[i], actor=None))

    assert [type(r) for r in results] == [Booking, Booking]
    booked = list(Booking.objects.filter(session=session, status="booked").order_by("pk").values_list("pk", flat=True))
    assert booked == [waiting[0].pk, waiting[1].pk]
    assert Notification.objects.filter(kind="booking_promoted").count() == 2


def test_two_cancellations_and_20_bookings_at_once_never_overfill_the_session():
    session = SessionFactory(capacity=3)
    leaving = BookingFactory.create_batch(3, session=session)
    people = graduates(20)

    def work(i):
        if i < 2:
            return services.booking_cancel(booking=leaving[i], actor=None)
        return services.booking_create(graduate=people[i - 2], session=session, actor=None)

    results = run_at_once(22, work)

    assert [type(r) for r in results] == [Booking] * 22
    assert Booking.objects.filter(session=session, status="booked").count() == 3
    # The two freed places went to exactly two of the 20 (booked at once or moved up), the rest wait.
    assert Booking.objects.filter(session=session, graduate__in=people, status="booked").count() == 2
    assert Booking.objects.filter(session=session, status="waiting").count() == 18


def test_a_waiting_graduate_booking_elsewhere_while_a_place_frees_is_never_booked_twice_at_once():
    session = SessionFactory(capacity=1)
    leaving = BookingFactory(session=session)
    first, second = graduates(2)
    BookingFactory(session=session, graduate=first, status="waiting")
    BookingFactory(session=session, graduate=second, status="waiting")
    elsewhere = SessionFactory(starts_at=SESSION_START + dt.timedelta(minutes=30))

    results = run_at_once(
        2,
        lambda i: (
            services.booking_cancel(booking=leaving, actor=None)
            if i == 0
            else services.booking_create(graduate=first, session=elsewhere, actor=None)
        ),
    )

    assert isinstance(results[0], Booking)
    first_booked = list(Booking.objects.filter(graduate=first, status="booked").values_list("session_id", flat=True))
    assert len(first_booked) == 1  # here or elsewhere, never both
    in_session = Booking.objects.filter(session=session, status="booked").values_list("graduate_id", flat=True)
    if first_booked == [session.pk]:
        assert (list(in_session), results[1].code) == ([first.pk], "clash")
    else:
        assert list(in_session) == [second.pk]  # the first was busy: the next moved up


def test_a_place_freeing_while_the_first_waiting_graduate_books_elsewhere_goes_to_the_next_without_waiting():
    """The race above, made certain: the first on the waiting list is in the middle of booking another
    session (their row locked, as booking_create holds it) when a place frees. The place goes to the
    next graduate at once, and the first keeps their turn (their booking elsewhere then succeeds with
    no "conflict": nothing of theirs was booked behind their back)."""
    import psycopg2
    from django.conf import settings

    session = SessionFactory(capacity=1)
    leaving = BookingFactory(session=session)
    first, second = graduates(2)
    BookingFactory(session=session, graduate=first, status="waiting")
    BookingFactory(session=session, graduate=second, status="waiting")
    elsewhere = SessionFactory(starts_at=SESSION_START + dt.timedelta(minutes=30))

    database = settings.DATABASES["default"]
    other = psycopg2.connect(
        dbname=connection.settings_dict["NAME"],
        user=database["USER"],
        host=database["HOST"],
        port=database["PORT"],
        password=database["PASSWORD"],
    )
    try:
        with other.cursor() as cursor:  # a booking of the first graduate's, in flight
            cursor.execute("SELECT id FROM graduates_graduate WHERE id = %s FOR UPDATE", [first.pk])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")  # waiting for the first graduate would fail
            services.booking_cancel(booking=leaving, actor=None)
    finally:
        other.rollback()
        other.close()

    booked = Booking.objects.filter(session=session, status="booked").values_list("graduate_id", flat=True)
    assert list(booked) == [second.pk]
    assert Booking.objects.get(session=session, graduate=first).status == "waiting"
    assert services.booking_create(graduate=first, session=elsewhere, actor=None).status == "booked"
