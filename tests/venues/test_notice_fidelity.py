"""Fidelity to the notice: its issue date (no deadline before the notice existed) and each system's
duty as the notice states it, with the portal's own rule said where it adds one."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from events.models import RecruitmentWeek
from recruitment_weeks.notifications.models import Notification
from tests.factories import BranchVenueFactory, MainVenueFactory, MembershipFactory, ProvinceFactory, WeekFactory
from tests.factories.staff import staff_user
from tests.pages import text_of, texts
from venues import sweeps
from venues.enums import ReportStatus, System
from venues.models import SiteLinkReport
from venues.notice_data import BRANCH_DUTIES, NOTICE, WEEKS
from venues.selectors import report_status, site_report_board

pytestmark = pytest.mark.django_db
SH = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def spring_2020():
    return RecruitmentWeek.objects.get(year=2020, season="spring")


@pytest.fixture
def short_week():
    """Begins two days after its notice (like the 2020 spring week): the deadline precedes the notice."""
    return WeekFactory(
        year=2031, season="spring", starts_on=dt.date(2031, 4, 23), notice_issued_on=dt.date(2031, 4, 21)
    )


@pytest.fixture
def venue():
    return BranchVenueFactory(province=ProvinceFactory(code="81"), system=System.HR)


def test_the_2020_weeks_carry_the_notices_issue_date():
    assert {"number": "教学厅函〔2020〕7号", "issued_on": dt.date(2020, 4, 21)} == NOTICE
    assert [w["notice_issued_on"] for w in WEEKS] == [dt.date(2020, 4, 21)] * 4
    assert (
        list(RecruitmentWeek.objects.filter(year=2020).order_by("starts_on").values_list("notice_issued_on", flat=True))
        == [dt.date(2020, 4, 21)] * 4
    )


def test_only_the_spring_2020_week_began_less_than_a_week_after_the_notice():
    weeks = {w.season: w.report_deadline_applies for w in RecruitmentWeek.objects.filter(year=2020)}
    assert weeks == {"spring": False, "summer": True, "autumn": True, "winter": True}


@pytest.mark.parametrize(
    ("issued_on", "applies"),
    [
        (None, True),  # issue date unknown: the deadline holds
        (dt.date(2031, 4, 16), True),  # exactly a week ahead: the deadline is the issue day itself
        (dt.date(2031, 4, 17), False),  # six days ahead: the deadline would precede the notice
        (dt.date(2031, 4, 23), False),  # issued the day the week began
    ],
)
def test_deadline_applies_only_with_a_full_week_after_the_notice(issued_on, applies):
    week = WeekFactory.build(starts_on=dt.date(2031, 4, 23), notice_issued_on=issued_on)

    assert week.report_deadline_applies is applies
    assert week.is_report_on_time(dt.datetime(2031, 4, 22, tzinfo=SH)) is (not applies)


def test_nobody_is_late_or_missing_for_a_short_notice_week(short_week, venue):
    reported = BranchVenueFactory(province=ProvinceFactory(code="82"), system=System.HR)
    SiteLinkReport.objects.create(
        venue=reported,
        week=short_week,
        site_name="乙省专区",
        site_url="https://b.example.cn/",
        reported_at=dt.datetime(2031, 4, 22, 10, tzinfo=SH),  # after the nominal 04-16 deadline
    )
    user = staff_user("main", MainVenueFactory(system=System.HR))
    after_the_week = dt.datetime(2031, 5, 10, tzinfo=SH)

    board = site_report_board(user=user, week=short_week, now=after_the_week)

    assert {row.venue.pk: row.status for row in board if row.venue.pk in (venue.pk, reported.pk)} == {
        venue.pk: ReportStatus.NO_DEADLINE,
        reported.pk: ReportStatus.ON_TIME,
    }
    assert ReportStatus.LATE not in {row.status for row in board}
    assert ReportStatus.MISSING not in {row.status for row in board}
    assert report_status(week=short_week, report=None, now=after_the_week) == ReportStatus.NO_DEADLINE


def test_sweeps_neither_remind_nor_flag_for_a_short_notice_week(short_week, venue):
    MembershipFactory(venue=venue)
    MembershipFactory(venue=MainVenueFactory(system=System.HR))
    deadline = short_week.report_deadline

    assert sweeps.report_reminders_send(now=deadline - dt.timedelta(days=1)) == 0
    assert sweeps.report_missing_flag(now=deadline + dt.timedelta(seconds=1)) == 0
    assert Notification.objects.count() == 0


def test_sweeps_still_flag_a_week_with_a_full_week_of_notice(venue):
    week = WeekFactory(
        year=2031, season="summer", starts_on=dt.date(2031, 6, 20), notice_issued_on=dt.date(2031, 4, 21)
    )
    MembershipFactory(venue=MainVenueFactory(system=System.HR))

    assert sweeps.report_missing_flag(now=week.report_deadline + dt.timedelta(seconds=1)) == 1


def test_week_pages_say_there_is_no_deadline_instead_of_one_before_the_notice(client, spring_2020):
    response = client.get(reverse("events:week_detail", kwargs={"year": 2020, "season": "spring"}))
    summer = client.get(reverse("events:week_detail", kwargs={"year": 2020, "season": "summer"}))

    facts = text_of(response.content, "week-facts")
    assert facts.endswith("分会场报送截止 不设截止：通知于2020年4月21日印发，距活动开始不足一周，不计逾期")
    assert "2020年4月16日" not in response.text
    assert text_of(summer.content, "week-facts").endswith("分会场报送截止 2020年6月13日 23:59")


def test_week_page_in_english_says_there_is_no_deadline(client, spring_2020):
    response = client.get("/weeks/2020/spring/", headers={"accept-language": "en"})

    assert text_of(response.content, "week-facts").endswith(
        "Branch venue report deadline No deadline: the notice was issued on April 21, 2020, less than a week "
        "before the week began; nobody is late"
    )


def test_board_and_api_say_there_is_no_deadline(client, short_week, venue):
    client.force_login(staff_user("s", venue))

    page = client.get(reverse("admin:venues_sitelinkreport_board"), {"week": short_week.pk})
    api = client.get("/api/v1/staff/site-reports/", {"week": short_week.pk})

    assert text_of(page.content, "board-deadline") == (
        "本周不设报送截止：通知于2031-04-21印发，距活动开始不足一周，不计逾期、不列未报送。"
    )
    assert text_of(page.content, f"board-{venue.slug}") == f"{venue.name} 未报送（不设截止） 报送"
    assert texts(page.content, id="board-counts") == ["未报送（不设截止） 1 按时报送 0"]
    assert (api.status_code, api.json()["report_deadline"]) == (200, None)
    assert [row["status"] for row in api.json()["results"]] == ["no_deadline"]


def test_each_systems_duty_is_the_notices_and_the_portal_rule_is_said_where_it_adds_one():
    assert BRANCH_DUTIES["hr"]["reports_to"] == ["中国国家人才网", "中国就业网"]
    assert BRANCH_DUTIES["hr"]["notice_requires_report"] is True
    assert (BRANCH_DUTIES["education"]["reports_to"], BRANCH_DUTIES["education"]["links_to"]) == ([], "main-education")
    assert BRANCH_DUTIES["education"]["notice_requires_report"] is False


def test_venue_pages_state_their_systems_duty(client):
    MainVenueFactory(system=System.HR)
    hr = BranchVenueFactory(province=ProvinceFactory(code="81"), system=System.HR)

    html = client.get(reverse("venues:venue_detail", kwargs={"slug": hr.slug})).content

    assert text_of(html, "venue-duty") == (
        "通知要求 组织本地公共就业人才服务网站开设活动专区，"
        "在活动开始前一周将活动专区网站名称和链接报送中国国家人才网和中国就业网。"
    )


def test_home_page_states_both_duties_and_the_portal_rule(client):
    html = client.get(reverse("home")).content

    assert texts(html, id="branch-duties") == [
        "教育系统省级分会场（通知要求） 在本地高校毕业生就业网站开设活动专区，并链接至教育部主会场。 "
        "本平台规则：为在统一网页展示各分会场，本平台同样请教育系统省级分会场在活动开始前一周报送活动专区"
        "网站名称和链接；通知未对教育系统作此要求。 "
        "人力资源社会保障系统省级分会场（通知要求） 组织本地公共就业人才服务网站开设活动专区，"
        "在活动开始前一周将活动专区网站名称和链接报送中国国家人才网和中国就业网。"
    ]
    assert "省级分会场在活动开始前一周报送活动专区网站名称和链接。" not in html.decode()


def test_weeks_api_gives_the_issue_date_and_no_deadline_before_the_notice(client, spring_2020):
    spring = client.get(f"/api/v1/weeks/{spring_2020.pk}/").json()
    summer = client.get(f"/api/v1/weeks/{RecruitmentWeek.objects.get(year=2020, season='summer').pk}/").json()

    assert (spring["notice_issued_on"], spring["report_deadline"]) == ("2020-04-21", None)
    assert (summer["notice_issued_on"], summer["report_deadline"]) == ("2020-04-21", "2020-06-13T23:59:59+08:00")
