"""The week as a fair, in real Chromium: a venue creates and publishes a 专场 → an employer applies to
join and is approved → schedules a 宣讲会 and one-to-one slots, which the venue approves → a graduate
books both on a phone → the reminder emails a day and 15 minutes before (time travel) → the graduate
joins through the portal (attendance) → the staff statistics show the session, the places and the
attendance. Every page of the graduate's and the employer's side passes axe and fits a phone."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from console.rollup import refresh_statistics
from events.enums import FairRegistrationStatus
from events.models import SHANGHAI
from fairs import tasks
from fairs.models import Booking, Session, SpecialFair, SpecialFairParticipation
from recruitment_weeks import celery_app
from tests.browser.conftest import DESKTOP, PHONE, assert_fits_width, serious_axe_violations
from tests.factories import (
    BranchVenueFactory,
    EmployerFactory,
    GraduateFactory,
    PostingFactory,
    ProvinceFactory,
    UserFactory,
    WeekFactory,
)
from tests.factories.staff import staff_user
from venues.enums import System

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "correct-horse-battery-9"  # UserFactory's
START = dt.datetime(2031, 4, 24, 10, 0, tzinfo=SHANGHAI)  # the 宣讲会, on the week's second day


def sign_in(page, username: str, next_path: str) -> None:
    page.goto(f"/accounts/login/?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{next_path}")


def check(page) -> None:
    assert_fits_width(page)
    assert serious_axe_violations(page) == []


def admin_action(page, changelist: str, pk: int, action: str) -> None:
    page.goto(f"/admin/fairs/{changelist}/")
    page.check(f'input.action-select[value="{pk}"]')
    page.select_option('select[name="action"]', action)
    page.click('button[name="index"]')
    page.wait_for_selector(".messagelist")


def test_a_special_fair_from_creation_to_attendance_and_statistics(new_page, eager_tasks):
    traveller = time_machine.travel(dt.datetime(2031, 4, 20, 9, 0, tzinfo=SHANGHAI), tick=True)
    traveller.start()
    try:
        run_journey(new_page)
    finally:
        traveller.stop()


def run_journey(new_page):
    celery_app.loader.import_default_modules()  # the delivery task, as a worker has it
    week = WeekFactory(year=2031, season="spring", name="2031年春季测试招聘周", starts_on=dt.date(2031, 4, 23))
    province = ProvinceFactory(code="81", name="甲省")
    venue = BranchVenueFactory(province=province, system=System.HR)
    staff_user("jia-staff", venue)
    employer = EmployerFactory(
        user=UserFactory(username="yunqi-hr"), name="甲省云栖科技有限公司", province=province,
        reviewing_venue=venue, approved=True,
    )  # fmt: skip
    PostingFactory(employer=employer, published=True, title="数据分析师")
    graduate = GraduateFactory(
        user=UserFactory(username="li-tongxue", email="li@example.cn"), name="李同学", approved=True
    )

    # 1. The venue creates the 专场 and publishes it.
    staff = new_page(viewport=DESKTOP)
    sign_in(staff, "jia-staff", "/admin/")
    staff.goto("/admin/fairs/specialfair/add/")
    staff.select_option("#id_week", str(week.pk))
    staff.select_option("#id_venue", str(venue.pk))
    staff.select_option("#id_scope", "venue")
    staff.fill("#id_title", "甲省数字经济专场")
    staff.select_option("#id_theme", "industry")
    staff.check('input[name="employer_industries"][value="I"]')
    staff.click('input[name="_save"]')
    staff.wait_for_url("**/admin/fairs/specialfair/")
    special_fair = SpecialFair.objects.get()
    assert (special_fair.status, special_fair.venue, special_fair.employer_industries) == ("draft", venue, ["I"])
    admin_action(staff, "specialfair", special_fair.pk, "publish")
    special_fair.refresh_from_db()
    assert special_fair.status == "published"

    # 2. The employer finds it and applies to join, with its on-duty person; the venue approves.
    company = new_page(viewport=PHONE)
    sign_in(company, "yunqi-hr", "/employer/")
    company.goto(f"/fairs/{special_fair.pk}/")
    check(company)
    company.get_by_role("link", name="用人单位申请加入本专场").click()
    company.get_by_label("在线专人", exact=True).fill("赵老师")
    company.get_by_label("在线时间").fill("每天 9:00—17:00")
    check(company)
    company.get_by_role("button", name="提交申请").click()
    company.wait_for_url(f"**/fairs/{special_fair.pk}/")
    participation = SpecialFairParticipation.objects.get()
    assert (participation.status, participation.on_duty_name) == ("pending", "赵老师")
    admin_action(staff, "specialfairparticipation", participation.pk, "approve")
    participation.refresh_from_db()
    assert participation.status == FairRegistrationStatus.APPROVED

    # 3. The employer schedules a 宣讲会 and one-to-one slots; the venue approves both.
    def schedule(kind: str, title: str, starts: str, ends: str, **extra: str) -> None:
        company.goto("/employer/sessions/new/")
        company.select_option("#id_week", str(week.pk))
        company.select_option("#id_special_fair", str(special_fair.pk))
        company.check(f'input[name="kind"][value="{kind}"]')
        company.fill("#id_title", title)
        company.fill("#id_starts_at", starts)
        company.fill("#id_ends_at", ends)
        company.fill("#id_meeting_url", "https://meeting.example.cn/yunqi")
        for field, value in extra.items():
            company.fill(f"#id_{field}", value)
        check(company)
        company.get_by_role("button", name="提交审核").click()
        company.wait_for_url("**/employer/sessions/")

    schedule("info", "云栖2031校园宣讲会", "2031-04-24T10:00", "2031-04-24T11:00", capacity="100")
    schedule("one_to_one", "一对一简历指导", "2031-04-24T14:00", "2031-04-24T15:00", slot_minutes="20")
    check(company)
    info, one_to_one = Session.objects.order_by("pk")
    assert (info.starts_at, one_to_one.slots.count()) == (START, 3)
    for session in (info, one_to_one):
        admin_action(staff, "session", session.pk, "approve")
    assert list(Session.objects.values_list("status", flat=True)) == ["approved", "approved"]

    # 4. The graduate books the 宣讲会 and the second slot on a phone, and sees them.
    phone = new_page(viewport=PHONE)
    sign_in(phone, "li-tongxue", "/graduate/")
    phone.goto(f"/fairs/{special_fair.pk}/")
    check(phone)
    phone.locator(f"#session-{info.pk}").get_by_role("button", name="预约").click()
    phone.wait_for_url("**/graduate/bookings/")
    phone.goto(f"/fairs/{special_fair.pk}/")
    phone.locator(f"#session-{one_to_one.pk}").get_by_label("14:20—14:40").check()
    phone.locator(f"#session-{one_to_one.pk}").get_by_role("button", name="预约").click()
    phone.wait_for_url("**/graduate/bookings/")
    check(phone)
    booked = list(Booking.objects.filter(graduate=graduate).order_by("starts_at").values_list("status", "starts_at"))
    assert booked == [("booked", START), ("booked", START.replace(hour=14, minute=20))]
    assert phone.locator("#booking-list > li").count() == 2

    # 5. The reminders: beat's task at a day before and at 15 minutes before the 宣讲会.
    def beat_at(moment: dt.datetime) -> list[str]:
        with time_machine.travel(moment, tick=False):
            tasks.task_booking_reminders.delay()
        return [m.subject for m in mail.outbox if m.to == ["li@example.cn"]]

    assert beat_at(START - dt.timedelta(days=1, minutes=1)) == []
    assert beat_at(START - dt.timedelta(days=1)) == ["【招聘周】场次提醒：云栖2031校园宣讲会"]
    # 15 minutes before the 宣讲会, the afternoon slot is within a day: its day reminder comes too.
    assert beat_at(START - dt.timedelta(minutes=10)) == [
        "【招聘周】场次提醒：云栖2031校园宣讲会",
        "【招聘周】15 分钟后开始：云栖2031校园宣讲会",
        "【招聘周】场次提醒：一对一简历指导",
    ]

    # 6. At the start, "进入" records the attendance and leads to the meeting.
    with time_machine.travel(START + dt.timedelta(minutes=2), tick=True):
        phone.route("https://meeting.example.cn/**", lambda route: route.fulfill(body="meeting", status=200))
        phone.goto("/graduate/bookings/")
        phone.locator(f"#booking-{Booking.objects.get(session=info).pk}").get_by_role("link", name="进入").click()
        phone.wait_for_url("https://meeting.example.cn/yunqi")
    attended = Booking.objects.get(session=info)
    assert (attended.attendance_source, attended.attended_at is not None) == ("join", True)

    # 7. The statistics: one approved 宣讲会 and one slot session, two places booked, one attended.
    refresh_statistics()  # what beat does every 10 minutes
    staff.goto(f"/admin/venues/venue/statistics/?week={week.pk}")
    assert staff.locator(f"#special-fair-{special_fair.pk}").inner_text().split("\t")[-3:] == ["2", "2", "1"]
    cells = staff.locator(f"#stat-{venue.slug} td").all_inner_texts()
    assert cells[-4:-1] == ["2", "2", "1"]  # sessions, places booked, attended (before the median)
    assert serious_axe_violations(staff) == []
