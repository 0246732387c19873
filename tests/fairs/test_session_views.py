"""The pages of 专场 and sessions: the public 专场 list and page, the graduate's bookings (book,
cancel, join, calendar file) and the employer's sessions; query counts of every list."""

import datetime as dt

import icalendar
import pytest
import time_machine

from fairs.models import Booking
from tests.factories import GraduateFactory
from tests.factories.fairs import (
    SESSION_START,
    BookingFactory,
    ParticipationFactory,
    SessionFactory,
    SlotFactory,
    SpecialFairFactory,
)
from tests.pages import text_of, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate(client):
    graduate = GraduateFactory(approved=True)
    client.force_login(graduate.user)
    return graduate


def test_special_fair_list_shows_published_only(client):
    shown = SpecialFairFactory(title="智能制造专场")
    SpecialFairFactory(title="草稿专场", status="draft")

    response = client.get("/fairs/")

    assert texts(response.content, id="special-fair-list") == [
        f"智能制造专场 {shown.week.name} · {shown.venue.name} · 分会场专场"
    ]


def test_special_fair_detail_of_a_draft_is_404(client):
    assert client.get(f"/fairs/{SpecialFairFactory(status='draft').pk}/").status_code == 404


def test_special_fair_detail_shows_approved_employers_and_sessions_with_free_slots(client):
    participation = ParticipationFactory(employer__name="甲科技有限公司")
    ParticipationFactory(special_fair=participation.special_fair, status="pending", employer__name="待审单位")
    special_fair = participation.special_fair
    slot = SlotFactory(session__special_fair=special_fair, session__employer=participation.employer)
    SlotFactory(session=slot.session, starts_at=slot.ends_at)
    BookingFactory(session=slot.session, slot=slot)

    response = client.get(f"/fairs/{special_fair.pk}/")

    assert texts(response.content, id="special-fair-employers") == ["甲科技有限公司 · 在线专人：王老师（9:00—17:00）"]
    assert text_of(response.content, f"session-{slot.session.pk}").split("选择时段 ")[1] == (
        "10:00—10:20 （已约满） 10:20—10:40 预约 " + slot.session.title
    )


def test_graduate_books_from_the_page_then_sees_it_in_my_bookings(client, graduate):
    session = SessionFactory(title="甲公司宣讲会")

    response = client.post(f"/graduate/sessions/{session.pk}/book/", follow=True)

    booking = Booking.objects.get()
    assert (booking.graduate, booking.status) == (graduate, "booked")
    assert response.redirect_chain == [("/graduate/bookings/", 302)]
    assert "预约成功。" in response.content.decode()
    assert text_of(response.content, f"booking-{booking.pk}").startswith(
        "甲公司宣讲会 宣讲会 · " + session.employer.name + " · 2030-04-23 10:00—11:00（北京时间） · 已预约"
    )


def test_graduate_booking_a_clash_sees_why(client, graduate):
    BookingFactory(graduate=graduate, session=SessionFactory(title="先约的宣讲会"))
    other = SessionFactory(starts_at=SESSION_START + dt.timedelta(minutes=30))

    response = client.post(f"/graduate/sessions/{other.pk}/book/", follow=True)

    assert "该时间与您已预约的“先约的宣讲会”（2030-04-23 10:00 开始）冲突。" in response.content.decode()
    assert Booking.objects.count() == 1


def test_graduate_cancels_a_booking(client, graduate):
    booking = BookingFactory(graduate=graduate)

    response = client.post(f"/graduate/bookings/{booking.pk}/cancel/", follow=True)

    booking.refresh_from_db()
    assert (booking.status, response.redirect_chain) == ("cancelled", [("/graduate/bookings/", 302)])


def test_join_redirects_to_the_meeting_and_records_attendance(client, graduate):
    booking = BookingFactory(graduate=graduate)

    with time_machine.travel(SESSION_START + dt.timedelta(minutes=1), tick=False):
        client.force_login(graduate.user)  # the session cookie of today would have expired by 2030
        response = client.get(f"/graduate/bookings/{booking.pk}/join/")

    booking.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "https://meeting.example.cn/room/1")
    assert (booking.attendance_source, booking.attended_at) == ("join", SESSION_START + dt.timedelta(minutes=1))


def test_join_before_it_opens_goes_back_with_the_reason(client, graduate):
    booking = BookingFactory(graduate=graduate)

    response = client.get(f"/graduate/bookings/{booking.pk}/join/", follow=True)

    assert "场次尚未开始，开始前 15 分钟可以进入（2030-04-23 10:00 开始）。" in response.content.decode()
    booking.refresh_from_db()
    assert booking.attended_at is None


def test_calendar_file_holds_one_event_at_the_bookings_time(client, graduate):
    booking = BookingFactory(graduate=graduate, session=SessionFactory(title="甲公司宣讲会"))

    response = client.get(f"/graduate/bookings/{booking.pk}/calendar.ics")

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "text/calendar; charset=utf-8",
        f'attachment; filename="booking-{booking.pk}.ics"',
    )
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert (event["SUMMARY"], event.decoded("DTSTART"), event.decoded("DTEND")) == (
        f"甲公司宣讲会 · {booking.session.employer.name}",
        SESSION_START,
        SESSION_START + dt.timedelta(hours=1),
    )
    assert str(event["URL"]).endswith(f"/graduate/bookings/{booking.pk}/join/")


@pytest.mark.parametrize("count", [1, 3])
def test_booking_list_query_count_is_constant(client, graduate, django_assert_num_queries, count):
    for n in range(count):
        BookingFactory(graduate=graduate, session=SessionFactory(starts_at=SESSION_START + dt.timedelta(hours=2 * n)))

    # session, user, graduate, bookings (+ session, employer, slot)
    with django_assert_num_queries(4):
        response = client.get("/graduate/bookings/")

    assert len(texts(response.content, id="booking-list")[0].split("取消预约")) == count + 1


@pytest.mark.parametrize("count", [1, 3])
def test_special_fair_pages_query_counts_are_constant(client, django_assert_num_queries, count):
    special_fair = SpecialFairFactory()
    for n in range(count):
        SpecialFairFactory()
        participation = ParticipationFactory(special_fair=special_fair)
        SlotFactory(
            session__special_fair=special_fair,
            session__employer=participation.employer,
            session__starts_at=SESSION_START + dt.timedelta(hours=n),
        )

    with django_assert_num_queries(1):
        client.get("/fairs/")
    # 专场, participations, sessions, their slots
    with django_assert_num_queries(4):
        response = client.get(f"/fairs/{special_fair.pk}/")

    assert len(texts(response.content, id="special-fair-sessions")[0].split("选择时段")) == count + 1


@pytest.mark.parametrize("count", [1, 3])
def test_employer_session_list_query_count_is_constant(client, django_assert_num_queries, count):
    participation = ParticipationFactory()
    for n in range(count):
        SessionFactory(
            employer=participation.employer,
            special_fair=participation.special_fair,
            starts_at=SESSION_START + dt.timedelta(hours=n),
        )
    client.force_login(participation.employer.user)

    # session, user, employer, sessions (+ week, 专场, venue, places taken)
    with django_assert_num_queries(4):
        response = client.get("/employer/sessions/")

    assert len(texts(response.content, class_="responsive-table")[0].split("已通过")) == count + 1
