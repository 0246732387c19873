"""Site-link reports: the service, the deadline at the Asia/Shanghai boundary, the board."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recruitment_weeks.audit.models import AuditEntry
from tests.factories import BranchVenueFactory, MainVenueFactory, ProvinceFactory, WeekFactory
from tests.factories.staff import SiteLinkReportFactory, staff_user
from tests.pages import text_of
from venues.enums import ReportStatus, System
from venues.models import SiteLinkReport, Venue
from venues.selectors import report_status, site_report_board
from venues.services import site_link_report_submit

pytestmark = pytest.mark.django_db
SH = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def week():
    # Starts 2030-04-23, so reports are due at 2030-04-16 23:59:59 Asia/Shanghai.
    return WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23))


@pytest.fixture
def venue():
    return BranchVenueFactory(province=ProvinceFactory(code="81"), system=System.HR)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2030, 4, 16, 23, 59, 59, tzinfo=SH), ReportStatus.ON_TIME),
        (dt.datetime(2030, 4, 16, 23, 59, 59, 999999, tzinfo=SH), ReportStatus.ON_TIME),
        (dt.datetime(2030, 4, 17, 0, 0, 0, tzinfo=SH), ReportStatus.LATE),
        # The same instants in UTC (Shanghai is UTC+8).
        (dt.datetime(2030, 4, 16, 15, 59, 59, tzinfo=dt.UTC), ReportStatus.ON_TIME),
        (dt.datetime(2030, 4, 16, 16, 0, 0, tzinfo=dt.UTC), ReportStatus.LATE),
    ],
)
def test_report_at_the_deadline_second_is_on_time_one_second_later_late(week, venue, moment, expected):
    user = staff_user("s", venue)

    report = site_link_report_submit(
        venue=venue, week=week, site_name="甲省人才网专区", site_url="https://a.example.cn/", actor=user, now=moment
    )

    assert report_status(week=week, report=report, now=moment) == expected
    assert [row.status for row in site_report_board(user=user, week=week, now=moment)] == [expected]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2030, 4, 16, 23, 59, 59, tzinfo=SH), ReportStatus.NOT_DUE),
        (dt.datetime(2030, 4, 17, 0, 0, 0, tzinfo=SH), ReportStatus.MISSING),
    ],
)
def test_venue_without_report_is_not_due_until_the_deadline_then_missing(week, venue, now, expected):
    user = staff_user("s", venue)

    assert [row.status for row in site_report_board(user=user, week=week, now=now)] == [expected]


def test_submit_creates_report_audits_and_updates_the_venue_link(week, venue):
    user = staff_user("s", venue)

    report = site_link_report_submit(
        venue=venue, week=week, site_name=" 甲省人才网专区 ", site_url="https://a.example.cn/zq", actor=user
    )

    venue.refresh_from_db()
    assert (report.site_name, report.site_url, report.reported_by) == (
        "甲省人才网专区",
        "https://a.example.cn/zq",
        user,
    )
    assert (venue.site_name, venue.site_url) == ("甲省人才网专区", "https://a.example.cn/zq")
    assert list(AuditEntry.objects.values_list("action", "actor__username")) == [
        ("venues.sitelinkreport.submitted", "s")
    ]


def test_correction_keeps_the_first_report_time_and_twice_the_same_is_one_report(week, venue):
    user = staff_user("s", venue)
    first = dt.datetime(2030, 4, 10, 9, 0, tzinfo=SH)
    site_link_report_submit(
        venue=venue, week=week, site_name="旧", site_url="https://a.example.cn/", actor=user, now=first
    )

    site_link_report_submit(venue=venue, week=week, site_name="新", site_url="https://a.example.cn/", actor=user)
    site_link_report_submit(venue=venue, week=week, site_name="新", site_url="https://a.example.cn/", actor=user)

    assert list(SiteLinkReport.objects.values_list("site_name", "reported_at")) == [("新", first)]
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "venues.sitelinkreport.submitted",
        "venues.sitelinkreport.updated",
    ]


def test_older_week_report_does_not_replace_the_venue_link_of_a_later_week(week, venue):
    user = staff_user("s", venue)
    earlier = WeekFactory(year=2029, season="winter", starts_on=dt.date(2029, 11, 23))
    site_link_report_submit(venue=venue, week=week, site_name="本周", site_url="https://a.example.cn/now", actor=user)

    site_link_report_submit(
        venue=venue, week=earlier, site_name="上周", site_url="https://a.example.cn/old", actor=user
    )

    venue.refresh_from_db()
    assert (venue.site_name, venue.site_url) == ("本周", "https://a.example.cn/now")


@pytest.mark.parametrize(
    ("site_name", "site_url", "errors"),
    [
        ("", "https://a.example.cn/", {"site_name": ["请填写网站名称。"]}),
        ("专区", "", {"site_url": ["请填写链接地址。"]}),
        ("专区", "javascript:alert(1)", {"site_url": ["请输入以 http:// 或 https:// 开头的有效网址。"]}),
        ("专区", "ftp://a.example.cn/", {"site_url": ["请输入以 http:// 或 https:// 开头的有效网址。"]}),
        ("专区", "not a url", {"site_url": ["请输入以 http:// 或 https:// 开头的有效网址。"]}),
    ],
)
def test_submit_rejects_bad_input_with_field_errors_and_saves_nothing(week, venue, site_name, site_url, errors):
    user = staff_user("s", venue)

    with pytest.raises(ValidationError) as exc:
        site_link_report_submit(venue=venue, week=week, site_name=site_name, site_url=site_url, actor=user)

    assert (exc.value.message_dict, SiteLinkReport.objects.count(), AuditEntry.objects.count()) == (errors, 0, 0)


def test_main_venue_does_not_report(week):
    main = MainVenueFactory(system=System.HR)

    with pytest.raises(ValidationError) as exc:
        site_link_report_submit(venue=main, week=week, site_name="x", site_url="https://x.cn/", actor=None)

    assert exc.value.message_dict == {"venue": ["只有省级分会场报送活动专区网站。"]}


def test_board_for_main_staff_lists_late_and_missing_first(week):
    provinces = [ProvinceFactory(code=c) for c in ("81", "82", "83", "84")]
    on_time, late, missing, not_reported_edu = (
        BranchVenueFactory(province=provinces[0], system=System.HR),
        BranchVenueFactory(province=provinces[1], system=System.HR),
        BranchVenueFactory(province=provinces[2], system=System.HR),
        BranchVenueFactory(province=provinces[3], system=System.EDUCATION),
    )
    SiteLinkReportFactory(venue=on_time, week=week, reported_at=dt.datetime(2030, 4, 1, tzinfo=SH))
    SiteLinkReportFactory(venue=late, week=week, reported_at=dt.datetime(2030, 4, 20, tzinfo=SH))
    user = staff_user("main-hr", MainVenueFactory(system=System.HR))
    after_deadline = dt.datetime(2030, 4, 21, tzinfo=SH)

    rows = [
        (row.venue, row.status)
        for row in site_report_board(user=user, week=week, now=after_deadline)
        if row.venue in (on_time, late, missing, not_reported_edu)
    ]

    assert rows == [(missing, ReportStatus.MISSING), (late, ReportStatus.LATE), (on_time, ReportStatus.ON_TIME)]
    hr_branches = Venue.objects.filter(system=System.HR, kind="branch").count()
    assert len(site_report_board(user=user, week=week, now=after_deadline)) == hr_branches


@pytest.mark.parametrize("n", [1, 3])
def test_board_page_query_count_is_constant(client, week, django_assert_num_queries, n):
    venues = [BranchVenueFactory(province=ProvinceFactory(code=str(81 + i)), system=System.HR) for i in range(n)]
    for v in venues:
        SiteLinkReportFactory(venue=v, week=week)
    user = staff_user("s", *venues)
    client.force_login(user)

    # session, user, scope, weeks, the board's venues and reports, the admin sidebar's two permission
    # lookups (models without venue); no inbox badge on admin pages
    with django_assert_num_queries(8):
        response = client.get(reverse("admin:venues_sitelinkreport_board"), {"week": week.pk})

    assert [row.venue for row in response.context["rows"]] == venues


@pytest.mark.parametrize(
    ("now", "expected"),
    [(dt.datetime(2030, 4, 16, 12, 0, tzinfo=SH), "未到期"), (dt.datetime(2030, 4, 17, 0, 0, tzinfo=SH), "未报送")],
)
def test_board_page_shows_status_and_deadline(client, week, venue, time_machine, now, expected):
    time_machine.move_to(now)
    client.force_login(staff_user("s", venue))

    response = client.get(reverse("admin:venues_sitelinkreport_board"), {"week": week.pk})

    assert text_of(response.content, "board-deadline") == "报送截止：2030-04-16 23:59:59（北京时间，活动开始前一周）"
    assert text_of(response.content, f"board-{venue.slug}") == f"{venue.name} {expected} 报送"
