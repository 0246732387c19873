"""The pages of 专场 and sessions: the public 专场 list and page, the graduate's bookings (book,
cancel, join, calendar file) and the employer's sessions; query counts of every list."""

import datetime as dt

import icalendar
import pytest
import time_machine

from fairs.models import Booking, Session, SpecialFairParticipation
from tests.factories import EmployerFactory, EmployerMemberFactory, GraduateFactory, PostingFactory, WeekFactory
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

    with django_assert_num_queries(2):  # the count (the pages) and the page
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


# --- The employer's side -------------------------------------------------------------------------------


def test_employer_schedules_one_to_one_slots_in_a_special_fair(client):
    participation = ParticipationFactory()
    client.force_login(participation.employer.user)

    response = client.post(
        "/employer/sessions/new/",
        {
            "week": participation.special_fair.week_id,
            "special_fair": participation.special_fair_id,
            "kind": "one_to_one",
            "title": "一对一简历指导",
            "starts_at": "2030-04-24T14:00",
            "ends_at": "2030-04-24T15:00",
            "meeting_url": "https://meeting.example.cn/r/9",
            "slot_minutes": "20",
        },
        follow=True,
    )

    session = Session.objects.get()
    assert response.redirect_chain == [("/employer/sessions/", 302)]
    assert (session.status, session.venue, session.slots.count()) == ("pending", participation.special_fair.venue, 3)
    assert session.starts_at == dt.datetime(2030, 4, 24, 14, 0, tzinfo=SESSION_START.tzinfo)
    assert "场次已提交，等待会场审核。" in response.content.decode()


def test_employer_scheduling_keeps_the_input_and_shows_the_services_reason(client):
    employer = EmployerFactory(approved=True)
    week = WeekFactory()
    client.force_login(employer.user)
    data = {
        "week": week.pk,
        "kind": "info",
        "title": "未报名的宣讲会",
        "starts_at": "2030-04-24T14:00",
        "ends_at": "2030-04-24T15:00",
        "meeting_url": "https://meeting.example.cn/r/9",
        "capacity": "10",
    }

    response = client.post("/employer/sessions/new/", data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"week": ["报名本招聘周的招聘会并审核通过后才能安排场次。"]}
    assert response.context["form"].data["title"] == "未报名的宣讲会"
    assert Session.objects.count() == 0


def test_employer_marks_a_booked_graduate_present_after_the_start(client):
    booking = BookingFactory(graduate__name="王同学")
    employer = booking.session.employer

    with time_machine.travel(SESSION_START + dt.timedelta(minutes=5), tick=False):
        client.force_login(employer.user)
        response = client.post(f"/employer/sessions/bookings/{booking.pk}/attended/", follow=True)

    booking.refresh_from_db()
    assert booking.attendance_source == "employer"
    assert text_of(response.content, f"booking-{booking.pk}") == "王同学 10:00—11:00 已预约 已出席（用人单位标记）"


def test_employer_applies_to_join_a_special_fair_with_its_on_duty_person(client):
    special_fair = SpecialFairFactory()
    employer = EmployerFactory(approved=True)
    client.force_login(employer.user)

    response = client.post(
        f"/employer/special-fairs/{special_fair.pk}/join/",
        {"on_duty_name": "赵老师", "on_duty_hours": "每天 9:00—17:00"},
    )

    participation = SpecialFairParticipation.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/fairs/{special_fair.pk}/")
    assert (participation.employer, participation.status, participation.on_duty_name) == (employer, "pending", "赵老师")


def test_booth_shows_postings_sessions_and_the_on_duty_person(client):
    participation = ParticipationFactory()
    PostingFactory(employer=participation.employer, published=True, title="前端工程师")
    PostingFactory(employer=participation.employer, title="草稿职位")
    SessionFactory(employer=participation.employer, special_fair=participation.special_fair, title="专场宣讲会")

    response = client.get(f"/fairs/{participation.special_fair_id}/booths/{participation.employer_id}/")

    assert text_of(response.content, "booth-duty") == "在线专人：王老师（9:00—17:00）"
    assert texts(response.content, id="booth-postings") == ["前端工程师"]
    assert texts(response.content, id="booth-sessions") == ["专场宣讲会 · 宣讲会 · 2030-04-23 10:00（北京时间）"]


def test_employer_applies_to_join_a_special_fair_naming_a_team_member_on_duty(client):
    special_fair = SpecialFairFactory()
    employer = EmployerFactory(approved=True)
    member = EmployerMemberFactory(employer=employer, user__first_name="钱专员")
    client.force_login(employer.user)

    response = client.post(
        f"/employer/special-fairs/{special_fair.pk}/join/",
        {"on_duty_member": member.pk, "on_duty_hours": "每天 9:00—17:00"},
    )

    participation = SpecialFairParticipation.objects.get()
    assert response.status_code == 302
    assert (participation.on_duty_member, participation.on_duty_display_name) == (member, "钱专员")


def test_special_fair_join_offers_only_own_team_and_needs_someone_on_duty(client):
    special_fair = SpecialFairFactory()
    employer = EmployerFactory(approved=True)
    stranger = EmployerMemberFactory()
    client.force_login(employer.user)

    response = client.post(
        f"/employer/special-fairs/{special_fair.pk}/join/", {"on_duty_member": stranger.pk, "on_duty_hours": "全天"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["on_duty_member", "on_duty_name"]
    assert SpecialFairParticipation.objects.count() == 0


def test_booth_shows_the_on_duty_team_member_over_the_free_text_name(client, django_assert_num_queries):
    participation = ParticipationFactory()
    member = EmployerMemberFactory(employer=participation.employer, user__first_name="李专员")
    participation.on_duty_member = member
    participation.save(update_fields=["on_duty_member"])
    url = f"/fairs/{participation.special_fair_id}/booths/{participation.employer_id}/"

    # The same three queries as without a member: it comes with the participation.
    with django_assert_num_queries(3):
        response = client.get(url)

    assert text_of(response.content, "booth-duty") == "在线专人：李专员（9:00—17:00）"


def test_participation_apply_refuses_another_employers_member():
    from django.core.exceptions import ValidationError

    from fairs.services import participation_apply

    participation = ParticipationFactory(status="withdrawn")
    stranger = EmployerMemberFactory()

    with pytest.raises(ValidationError) as exc:
        participation_apply(
            special_fair=participation.special_fair,
            employer=participation.employer,
            actor=participation.employer.user,
            on_duty_member=stranger,
        )
    assert list(exc.value.message_dict) == ["on_duty_member"]


def test_booth_of_a_pending_participant_is_404(client):
    participation = ParticipationFactory(status="pending")

    response = client.get(f"/fairs/{participation.special_fair_id}/booths/{participation.employer_id}/")

    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_session_detail_query_count_is_constant(client, django_assert_num_queries, count):
    session = SessionFactory()
    for _n in range(count):
        BookingFactory(session=session)
    client.force_login(session.employer.user)

    # session, user, employer, the session, its bookings (+ graduate, slot)
    with django_assert_num_queries(5):
        response = client.get(f"/employer/sessions/{session.pk}/")

    assert len(texts(response.content, class_="responsive-table")[0].split("已预约")) == count + 1


@pytest.mark.parametrize("slot", ["99999999999999999999", "1\x00", "abc"])
def test_booking_with_a_slot_that_names_nothing_is_refused_with_the_reason(client, graduate, slot):
    session = SlotFactory().session

    response = client.post(f"/graduate/sessions/{session.pk}/book/", {"slot": slot}, follow=True)

    assert response.status_code == 200
    assert "请选择本场次的一个时段。" in response.content.decode()
    assert Booking.objects.count() == 0


def test_employer_cancels_a_session_and_its_graduates_are_told_with_a_link(client):
    from recruitment_weeks.notifications.links import notification_link
    from recruitment_weeks.notifications.models import Notification
    from recruitment_weeks.notifications.services import render_notification

    session = SessionFactory(title="春季宣讲会", capacity=1)
    booked = BookingFactory(session=session, graduate__name="王同学")
    waiting = BookingFactory(session=session, graduate__name="李同学", status="waiting")
    other = BookingFactory(graduate__name="张同学")  # another session's booking stays

    with time_machine.travel(SESSION_START - dt.timedelta(days=2), tick=False):
        client.force_login(session.employer.user)
        response = client.post(f"/employer/sessions/{session.pk}/cancel/", follow=True)

    session.refresh_from_db()
    assert session.status == "cancelled"
    assert "已取消该场次，已预约和候补的毕业生会收到通知。" in response.text
    assert 'id="session-cancel"' not in response.text  # a cancelled session offers no second cancel
    assert sorted(Booking.objects.values_list("graduate__name", "status")) == [
        ("张同学", "booked"), ("李同学", "cancelled"), ("王同学", "cancelled"),
    ]  # fmt: skip
    notices = Notification.objects.filter(kind="session_cancelled").order_by("recipient__graduate__name")
    assert [(n.recipient.graduate.name, notification_link(n)) for n in notices] == [
        ("李同学", f"/graduate/bookings/#booking-{waiting.pk}"),
        ("王同学", f"/graduate/bookings/#booking-{booked.pk}"),
    ]
    subject, body = render_notification(notices[0])
    assert subject == "【招聘周】场次已取消：春季宣讲会"
    assert "用人单位取消了场次“春季宣讲会”（原定2030-04-23 10:00开始，北京时间）" in body
    other.session.refresh_from_db()
    assert other.session.status == "approved"


def test_a_session_that_started_cannot_be_cancelled_and_another_employers_is_404(client):
    session = SessionFactory()
    BookingFactory(session=session)

    client.force_login(EmployerFactory(approved=True).user)
    assert client.post(f"/employer/sessions/{session.pk}/cancel/").status_code == 404

    with time_machine.travel(SESSION_START + dt.timedelta(minutes=5), tick=False):
        client.force_login(session.employer.user)
        response = client.post(f"/employer/sessions/{session.pk}/cancel/", follow=True)

    session.refresh_from_db()
    assert session.status == "approved"
    assert "场次已经开始，不能取消。" in response.text


def test_joint_special_fair_page_names_its_partner_venues(client):
    from tests.factories import BranchVenueFactory
    from venues.enums import System

    special_fair = SpecialFairFactory(scope="province")
    partner = BranchVenueFactory(province=special_fair.venue.province, system=System.EDUCATION)
    special_fair.partner_venues.set([partner])

    response = client.get(f"/fairs/{special_fair.pk}/")

    assert text_of(response.content, "special-fair-partners") == f"联合主办：{partner.name}"


def test_special_fair_list_is_paged_30_at_a_time_in_a_fixed_number_of_queries(client, django_assert_num_queries):
    first = SpecialFairFactory(title="专场00")
    for number in range(1, 31):
        SpecialFairFactory(title=f"专场{number:02d}", week=first.week, venue=first.venue)

    with django_assert_num_queries(2):  # the count and the page
        first = client.get("/fairs/")
    second = client.get("/fairs/?page=2")

    assert texts(first.content, class_="special-fair-title") == [f"专场{number:02d}" for number in range(30)]
    assert texts(second.content, class_="special-fair-title") == ["专场30"]
    assert texts(first.content, class_="pagination") == ["第 1 页，共 2 页 下一页"]
    assert texts(second.content, class_="pagination") == ["上一页 第 2 页，共 2 页"]


@pytest.mark.parametrize("page", ["0", "-1", "99", "abc", "%00", "%ED%A0%80", "%F0%9F%98%80", "1" * 400])
def test_special_fair_list_with_a_bad_page_number_shows_a_page_not_an_error(client, page):
    SpecialFairFactory(title="智能制造专场")

    response = client.get(f"/fairs/?page={page}")

    assert response.status_code == 200
    assert texts(response.content, class_="special-fair-title") == ["智能制造专场"]
