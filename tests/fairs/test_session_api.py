"""The API of 专场, sessions and bookings: public reads, the graduate's bookings, errors in the
API's format, and constant query counts."""

import datetime as dt

import pytest

from fairs.models import Booking, Session
from tests.factories import EmployerFactory, GraduateFactory, WeekFactory
from tests.factories.fairs import (
    SESSION_START,
    BookingFactory,
    ParticipationFactory,
    SessionFactory,
    SlotFactory,
    SpecialFairFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate(client):
    graduate = GraduateFactory(approved=True)
    client.force_login(graduate.user)
    return graduate


def test_api_special_fairs_list_published_newest_first(client):
    older, newer = SpecialFairFactory(title="旧专场"), SpecialFairFactory(title="新专场")
    SpecialFairFactory(status="draft")

    response = client.get("/api/v1/special-fairs/")

    assert [(row["id"], row["title"], row["scope_label"]) for row in response.json()["results"]] == [
        (newer.pk, "新专场", "分会场专场"),
        (older.pk, "旧专场", "分会场专场"),
    ]


def test_api_special_fair_detail_has_booths_and_sessions(client):
    participation = ParticipationFactory(employer__name="甲科技有限公司")
    slot = SlotFactory(session__special_fair=participation.special_fair, session__employer=participation.employer)
    BookingFactory(session=slot.session, slot=slot)

    body = client.get(f"/api/v1/special-fairs/{participation.special_fair_id}/").json()

    assert body["booths"] == [
        {
            "employer": participation.employer_id,
            "employer_name": "甲科技有限公司",
            "on_duty_name": "王老师",
            "on_duty_hours": "9:00—17:00",
        }
    ]
    assert [(row["id"], row["kind"], row["booked"], row["slots"][0]["taken"]) for row in body["sessions"]] == [
        (slot.session_id, "one_to_one", 1, True)
    ]


def test_api_special_fair_draft_is_404(client):
    assert client.get(f"/api/v1/special-fairs/{SpecialFairFactory(status='draft').pk}/").status_code == 404


def test_api_sessions_filter_by_special_fair_and_refuse_a_non_number(client):
    special_fair = SpecialFairFactory()
    inside = SessionFactory(special_fair=special_fair)
    SessionFactory()
    SessionFactory(status="pending", special_fair=special_fair)

    listed = client.get("/api/v1/sessions/", {"special_fair": special_fair.pk})
    refused = client.get("/api/v1/sessions/", {"special_fair": "一"})

    assert [row["id"] for row in listed.json()["results"]] == [inside.pk]
    assert refused.status_code == 400
    assert "请输入整数编号。" in refused.content.decode()


def test_api_booking_create_then_cancel_promotes_the_waiting(client, graduate):
    session = SessionFactory(capacity=1)
    waiting = BookingFactory(session=session, status="waiting")
    BookingFactory(session=session, status="booked", graduate=GraduateFactory(approved=True))
    session.capacity = 2
    session.save(update_fields=["capacity"])

    created = client.post("/api/v1/graduate/bookings/", {"session": session.pk}, content_type="application/json")
    booking = Booking.objects.get(graduate=graduate)
    cancelled = client.post(f"/api/v1/graduate/bookings/{booking.pk}/cancel/")

    assert (created.status_code, created.json()["status"], created.json()["join_url"]) == (
        201,
        "booked",
        f"/graduate/bookings/{booking.pk}/join/",
    )
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    waiting.refresh_from_db()
    assert waiting.status == "booked"


def test_api_booking_refusals_in_the_error_format(client, graduate):
    first = SessionFactory(title="先约的宣讲会")
    BookingFactory(graduate=graduate, session=first)
    clashing = SessionFactory(starts_at=SESSION_START + dt.timedelta(minutes=30))

    clash = client.post("/api/v1/graduate/bookings/", {"session": clashing.pk}, content_type="application/json")
    missing = client.post("/api/v1/graduate/bookings/", {"session": 10**9}, content_type="application/json")

    assert (clash.status_code, missing.status_code) == (400, 400)
    assert "该时间与您已预约的“先约的宣讲会”（2030-04-23 10:00 开始）冲突。" in clash.content.decode()
    assert "该场次不存在或未开放预约。" in missing.content.decode()
    assert Booking.objects.filter(graduate=graduate).count() == 1


def test_api_another_graduates_booking_is_404(client, graduate):
    other = BookingFactory()

    assert client.get(f"/api/v1/graduate/bookings/{other.pk}/").status_code == 404
    assert client.post(f"/api/v1/graduate/bookings/{other.pk}/cancel/").status_code == 404
    other.refresh_from_db()
    assert other.status == "booked"


@pytest.mark.parametrize("count", [1, 3])
def test_api_lists_query_counts_are_constant(client, graduate, django_assert_num_queries, count):
    for n in range(count):
        session = SlotFactory(session__starts_at=SESSION_START + dt.timedelta(hours=n)).session
        BookingFactory(
            graduate=graduate, session=SessionFactory(starts_at=SESSION_START + dt.timedelta(days=1, hours=n))
        )
        SpecialFairFactory()
    assert session

    # Signed in: the session and the user, then the rows.
    with django_assert_num_queries(3):  # 专场 (+ week, venue)
        client.get("/api/v1/special-fairs/")
    with django_assert_num_queries(4):  # sessions (+ employer, places taken), their slots
        sessions = client.get("/api/v1/sessions/")
    with django_assert_num_queries(3):  # bookings (+ session, employer, slot); the user query has the graduate
        bookings = client.get("/api/v1/graduate/bookings/")

    assert (len(sessions.json()["results"]), len(bookings.json()["results"])) == (2 * count, count)


# --- The employer's sessions ------------------------------------------------------------------------------


def test_api_employer_schedules_slots_in_a_special_fair(client):
    participation = ParticipationFactory()
    client.force_login(participation.employer.user)
    body = {
        "week": participation.special_fair.week_id,
        "special_fair": participation.special_fair_id,
        "kind": "one_to_one",
        "title": "一对一简历指导",
        "starts_at": "2030-04-24T14:00:00+08:00",
        "ends_at": "2030-04-24T15:00:00+08:00",
        "meeting_url": "https://meeting.example.cn/r/9",
        "slot_minutes": 30,
    }

    response = client.post("/api/v1/employer/sessions/", body, content_type="application/json")

    data = response.json()
    assert (response.status_code, data["status"], data["slot_minutes"], data["booked"]) == (201, "pending", 30, 0)
    assert [row["id"] for row in client.get("/api/v1/employer/sessions/").json()["results"]] == [data["id"]]


def test_api_employer_scheduling_outside_the_fair_is_a_400_with_the_reason(client):
    employer = EmployerFactory(approved=True)
    client.force_login(employer.user)
    body = {
        "week": WeekFactory().pk,
        "kind": "info",
        "title": "宣讲会",
        "starts_at": "2030-04-24T14:00:00+08:00",
        "ends_at": "2030-04-24T15:00:00+08:00",
        "meeting_url": "https://meeting.example.cn/r/9",
        "capacity": 10,
    }

    response = client.post("/api/v1/employer/sessions/", body, content_type="application/json")

    assert response.status_code == 400
    assert "报名本招聘周的招聘会并审核通过后才能安排场次。" in response.content.decode()
    assert Session.objects.count() == 0


@pytest.mark.parametrize("count", [1, 3])
def test_api_employer_session_list_query_count_is_constant(client, django_assert_num_queries, count):
    participation = ParticipationFactory()
    for n in range(count):
        SessionFactory(
            employer=participation.employer,
            special_fair=participation.special_fair,
            starts_at=SESSION_START + dt.timedelta(hours=n),
        )
    client.force_login(participation.employer.user)

    with django_assert_num_queries(3):  # session, user (with the employer), sessions (+ places taken)
        response = client.get("/api/v1/employer/sessions/")

    assert len(response.json()["results"]) == count


def test_api_employer_cancels_a_session_and_its_graduates_are_told(client, time_machine):
    from recruitment_weeks.notifications.models import Notification

    session = SessionFactory(title="春季宣讲会", capacity=1)
    booked = BookingFactory(session=session, graduate__name="王同学")
    waiting = BookingFactory(session=session, graduate__name="李同学", status="waiting")

    time_machine.move_to(SESSION_START - dt.timedelta(days=2), tick=False)
    client.force_login(session.employer.user)
    detail = client.get(f"/api/v1/employer/sessions/{session.pk}/")
    response = client.post(f"/api/v1/employer/sessions/{session.pk}/cancel/")

    assert (detail.status_code, detail.json()["status"], detail.json()["booked"]) == (200, "approved", 1)
    assert (response.status_code, response.json()["status"], response.json()["status_label"]) == (
        200,
        "cancelled",
        "已取消",
    )
    assert sorted(Booking.objects.values_list("pk", "status")) == [(booked.pk, "cancelled"), (waiting.pk, "cancelled")]
    assert sorted(Notification.objects.filter(kind="session_cancelled").values_list("recipient__graduate__name")) == [
        ("李同学",),
        ("王同学",),
    ]


def test_api_employer_cannot_cancel_a_started_session_or_anothers(client, time_machine):
    session, others = SessionFactory(), SessionFactory()

    time_machine.move_to(SESSION_START + dt.timedelta(minutes=5), tick=False)
    client.force_login(session.employer.user)
    started = client.post(f"/api/v1/employer/sessions/{session.pk}/cancel/")
    foreign = client.post(f"/api/v1/employer/sessions/{others.pk}/cancel/")

    assert (started.status_code, started.json()["message"]) == (400, "场次已经开始，不能取消。")
    assert foreign.status_code == 404
    assert set(Session.objects.values_list("status", flat=True)) == {"approved"}


def test_api_employer_cancelling_twice_is_a_400(client, time_machine):
    session = SessionFactory()

    time_machine.move_to(SESSION_START - dt.timedelta(days=2), tick=False)
    client.force_login(session.employer.user)
    client.post(f"/api/v1/employer/sessions/{session.pk}/cancel/")
    again = client.post(f"/api/v1/employer/sessions/{session.pk}/cancel/")

    assert again.status_code == 400


def test_api_joint_special_fair_names_its_partner_venues(client):
    from tests.factories import BranchVenueFactory
    from venues.enums import System

    special_fair = SpecialFairFactory(scope="province")
    partner = BranchVenueFactory(province=special_fair.venue.province, system=System.EDUCATION)
    special_fair.partner_venues.set([partner])

    body = client.get(f"/api/v1/special-fairs/{special_fair.pk}/").json()
    single = client.get(f"/api/v1/special-fairs/{SpecialFairFactory().pk}/").json()

    assert (body["partner_venues"], single["partner_venues"]) == ([{"slug": partner.slug, "name": partner.name}], [])
