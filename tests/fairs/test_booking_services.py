"""Booking sessions: places, the waiting list, clashes, eligibility, cancelling and attendance."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from fairs import services
from fairs.models import Booking
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.factories import GraduateFactory, ProvinceFactory, discipline
from tests.factories.fairs import SESSION_START, BookingFactory, SessionFactory, SlotFactory, SpecialFairFactory

pytestmark = pytest.mark.django_db


def book(graduate, session, slot=None):
    return services.booking_create(graduate=graduate, session=session, slot=slot, actor=graduate.user)


def test_booking_create_books_then_waitlists_when_full():
    session = SessionFactory(capacity=1)
    first, second = GraduateFactory(approved=True), GraduateFactory(approved=True)

    booked, waiting = book(first, session), book(second, session)

    assert (booked.status, waiting.status) == ("booked", "waiting")
    assert (booked.starts_at, booked.ends_at) == (session.starts_at, session.ends_at)
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "fairs.booking.booked",
        "fairs.booking.waitlisted",
    ]


def test_booking_create_twice_returns_the_same_booking():
    session, graduate = SessionFactory(), GraduateFactory(approved=True)

    first, again = book(graduate, session), book(graduate, session)

    assert again.pk == first.pk
    assert Booking.objects.count() == 1


def test_booking_create_refuses_a_taken_slot():
    slot = SlotFactory()
    book(GraduateFactory(approved=True), slot.session, slot)

    with pytest.raises(ValidationError) as refusal:
        book(GraduateFactory(approved=True), slot.session, slot)

    assert refusal.value.message_dict == {"slot": ["该时段已被预约，请选择其他时段。"]}
    assert Booking.objects.count() == 1


def test_booking_create_refuses_a_clash_naming_the_other_booking():
    graduate = GraduateFactory(approved=True)
    first = SessionFactory(title="甲公司宣讲会")
    overlapping = SessionFactory(starts_at=SESSION_START + dt.timedelta(minutes=30))
    book(graduate, first)

    with pytest.raises(ValidationError) as refusal:
        book(graduate, overlapping)

    assert refusal.value.messages == ["该时间与您已预约的“甲公司宣讲会”（2030-04-23 10:00 开始）冲突。"]
    assert refusal.value.code == "clash"
    assert Booking.objects.filter(graduate=graduate).count() == 1


def test_booking_create_allows_back_to_back_sessions():
    graduate = GraduateFactory(approved=True)
    first = SessionFactory()
    after = SessionFactory(starts_at=first.ends_at)

    bookings = [book(graduate, first), book(graduate, after)]

    assert [b.status for b in bookings] == ["booked", "booked"]


def test_booking_create_refuses_a_second_slot_of_the_same_session():
    slot = SlotFactory()
    later = SlotFactory(session=slot.session, starts_at=slot.ends_at)
    graduate = GraduateFactory(approved=True)
    book(graduate, slot.session, slot)

    with pytest.raises(ValidationError) as refusal:
        book(graduate, slot.session, later)

    assert refusal.value.messages == ["您已预约本场次的其他时段，如需更换请先取消原预约。"]


@pytest.mark.parametrize(
    ("session_status", "graduate_status", "message"),
    [
        ("pending", "approved", "该场次未通过审核或已取消，不能预约。"),
        ("cancelled", "approved", "该场次未通过审核或已取消，不能预约。"),
        ("approved", "pending", "求职信息审核通过后才能预约场次。"),
    ],
)
def test_booking_create_refuses_sessions_not_open_and_graduates_not_approved(session_status, graduate_status, message):
    session = SessionFactory(status=session_status)

    with pytest.raises(ValidationError) as refusal:
        book(GraduateFactory(status=graduate_status), session)

    assert refusal.value.messages == [message]
    assert Booking.objects.count() == 0


def test_booking_create_refuses_once_the_session_started():
    session = SessionFactory()

    with time_machine.travel(SESSION_START, tick=False), pytest.raises(ValidationError) as refusal:
        book(GraduateFactory(approved=True), session)

    assert refusal.value.messages == ["该场次已经开始，不能再预约。"]


def test_booking_create_refuses_graduates_the_special_fair_does_not_take():
    allowed_province = ProvinceFactory(name="测试允许省")
    special_fair = SpecialFairFactory(graduate_degrees=["master", "doctor"])
    special_fair.graduate_disciplines.set([discipline("12")])
    special_fair.graduate_provinces.set([allowed_province])
    session = SessionFactory(special_fair=special_fair)

    with pytest.raises(ValidationError) as refusal:
        book(GraduateFactory(approved=True, degree="bachelor"), session)

    assert refusal.value.messages == [
        "本专场仅面向以下学历的毕业生：硕士、博士。",
        "本专场仅面向以下学科门类的毕业生：管理学。",
        "本专场仅面向院校所在省份为测试允许省的毕业生。",
    ]
    assert Booking.objects.count() == 0


def test_booking_create_takes_an_eligible_graduate_of_the_special_fair():
    province = ProvinceFactory()
    special_fair = SpecialFairFactory(graduate_degrees=["master"])
    special_fair.graduate_provinces.set([province])
    session = SessionFactory(special_fair=special_fair)

    booking = book(GraduateFactory(approved=True, degree="master", university_province=province), session)

    assert booking.status == "booked"


def test_booking_cancel_promotes_the_first_waiting_and_tells_them():
    session = SessionFactory(capacity=1)
    booked = BookingFactory(session=session)
    first_waiting = BookingFactory(session=session, status="waiting")
    BookingFactory(session=session, status="waiting")

    services.booking_cancel(booking=booked, actor=booked.graduate.user)

    assert list(Booking.objects.order_by("pk").values_list("status", flat=True)) == ["cancelled", "booked", "waiting"]
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.payload["booking_id"]) == (
        first_waiting.graduate.user,
        "booking_promoted",
        first_waiting.pk,
    )
    assert notice.link == f"/graduate/bookings/#booking-{first_waiting.pk}"


def test_booking_cancel_of_a_waiting_place_promotes_nobody():
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    waiting = BookingFactory(session=session, status="waiting")

    services.booking_cancel(booking=waiting, actor=waiting.graduate.user)

    assert list(Booking.objects.order_by("pk").values_list("status", flat=True)) == ["booked", "cancelled"]
    assert Notification.objects.count() == 0


def test_booking_cancel_frees_the_slot_for_another():
    slot = SlotFactory()
    first = book(GraduateFactory(approved=True), slot.session, slot)
    services.booking_cancel(booking=first, actor=first.graduate.user)

    second = book(GraduateFactory(approved=True), slot.session, slot)

    assert second.status == "booked"


def test_booking_join_records_attendance_once_and_answers_the_link():
    booking = BookingFactory()

    with time_machine.travel(SESSION_START - dt.timedelta(minutes=10), tick=False):
        link = services.booking_join(booking=booking, actor=booking.graduate.user)
        services.booking_join(booking=booking, actor=booking.graduate.user)

    booking.refresh_from_db()
    assert (link, booking.attendance_source, booking.attended_at) == (
        "https://meeting.example.cn/room/1",
        "join",
        SESSION_START - dt.timedelta(minutes=10),
    )
    assert AuditEntry.objects.filter(action="fairs.booking.attended").count() == 1


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (SESSION_START - dt.timedelta(minutes=16), "场次尚未开始，开始前 15 分钟可以进入（2030-04-23 10:00 开始）。"),
        (SESSION_START + dt.timedelta(hours=1), "场次已经结束。"),
    ],
)
def test_booking_join_refuses_outside_the_window(moment, message):
    booking = BookingFactory()

    with time_machine.travel(moment, tick=False), pytest.raises(ValidationError) as refusal:
        services.booking_join(booking=booking, actor=booking.graduate.user)

    assert refusal.value.messages == [message]
    booking.refresh_from_db()
    assert booking.attended_at is None


def test_booking_mark_attended_by_the_employer_after_the_start():
    booking = BookingFactory()
    employer_user = booking.session.employer.user

    with pytest.raises(ValidationError):
        services.booking_mark_attended(booking=booking, actor=employer_user)
    with time_machine.travel(SESSION_START + dt.timedelta(minutes=5), tick=False):
        services.booking_mark_attended(booking=booking, actor=employer_user)

    booking.refresh_from_db()
    assert booking.attendance_source == "employer"


# --- The waiting list: a waiting place holds no time; a freed place skips the busy ------------------


def test_booking_create_waits_for_a_full_session_while_booked_elsewhere_at_that_time():
    graduate = GraduateFactory(approved=True)
    elsewhere = SessionFactory(title="乙公司宣讲会")
    full = SessionFactory(capacity=1, starts_at=SESSION_START + dt.timedelta(minutes=30))
    BookingFactory(session=full)
    book(graduate, elsewhere)

    waiting = book(graduate, full)

    assert waiting.status == "waiting"


def test_booking_create_books_while_waiting_elsewhere_at_that_time():
    graduate = GraduateFactory(approved=True)
    full = SessionFactory(capacity=1)
    BookingFactory(session=full)
    book(graduate, full)
    other = SessionFactory(starts_at=SESSION_START + dt.timedelta(minutes=30))

    booked = book(graduate, other)

    assert booked.status == "booked"


def test_booking_cancel_gives_the_place_to_the_next_waiting_when_the_first_is_busy_then():
    session = SessionFactory(capacity=1)
    booked = BookingFactory(session=session)
    busy = BookingFactory(session=session, status="waiting")
    BookingFactory(graduate=busy.graduate, starts_at=session.starts_at + dt.timedelta(minutes=30))  # booked elsewhere
    free = BookingFactory(session=session, status="waiting")

    services.booking_cancel(booking=booked, actor=booked.graduate.user)

    statuses = dict(Booking.objects.filter(session=session).values_list("pk", "status"))
    assert statuses == {booked.pk: "cancelled", busy.pk: "waiting", free.pk: "booked"}
    assert list(Notification.objects.values_list("recipient", "kind")) == [(free.graduate.user_id, "booking_promoted")]
    assert list(AuditEntry.objects.filter(action="fairs.booking.promoted").values_list("target_id", flat=True)) == [
        str(free.pk)
    ]


def test_booking_cancel_keeps_the_busy_graduates_turn_for_a_later_place():
    session = SessionFactory(capacity=2)
    first, second = BookingFactory(session=session), BookingFactory(session=session)
    busy = BookingFactory(session=session, status="waiting")
    other = BookingFactory(graduate=busy.graduate, starts_at=session.starts_at)  # booked elsewhere at that time
    next_waiting = BookingFactory(session=session, status="waiting")
    services.booking_cancel(booking=first, actor=first.graduate.user)  # → next_waiting

    services.booking_cancel(booking=other, actor=busy.graduate.user)  # busy is free now
    services.booking_cancel(booking=second, actor=second.graduate.user)  # → busy

    statuses = dict(Booking.objects.filter(session=session).values_list("pk", "status"))
    assert (statuses[busy.pk], statuses[next_waiting.pk]) == ("booked", "booked")


def test_booking_cancel_with_only_busy_graduates_waiting_leaves_the_place_free():
    session = SessionFactory(capacity=1)
    booked = BookingFactory(session=session)
    busy = BookingFactory(session=session, status="waiting")
    BookingFactory(graduate=busy.graduate, starts_at=session.starts_at)

    services.booking_cancel(booking=booked, actor=booked.graduate.user)

    assert Booking.objects.filter(session=session, status="booked").count() == 0
    assert Notification.objects.count() == 0
    # The next graduate to book gets the free place, not the waiting list.
    assert book(GraduateFactory(approved=True), session).status == "booked"
