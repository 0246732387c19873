"""Statistics per week and venue (or province): the figures, the median, the page with its SVG
charts, the CSV and XLSX downloads, and the scoping."""

import csv
import datetime as dt
import io
import zoneinfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from console.models import StatisticsRefresh
from console.rollup import refresh_statistics
from console.statistics import GROUP_PROVINCE, venue_statistics
from employers.enums import EmployerStatus
from events.enums import FairRegistrationStatus
from events.models import RecruitmentWeek
from graduates.enums import GraduateStatus
from tests.factories import (
    ApplicationFactory,
    BranchVenueFactory,
    EmployerFactory,
    FairRegistrationFactory,
    GraduateFactory,
    MainVenueFactory,
    PostingFactory,
    ProvinceFactory,
    WeekFactory,
)
from tests.factories.fairs import BookingFactory, SessionFactory, SpecialFairFactory
from tests.factories.staff import staff_user
from tests.pages import text_of, texts
from venues.enums import System

pytestmark = pytest.mark.django_db
SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2030, month, day, hour, tzinfo=SH)


@pytest.fixture
def setup():
    """Two weeks; A's HR venue has activity in both periods, B's in the second only."""
    RecruitmentWeek.objects.all().delete()
    spring = WeekFactory(year=2030, season="spring", name="春季周", starts_on=dt.date(2030, 4, 23))  # closes 4-30
    summer = WeekFactory(year=2030, season="summer", name="夏季周", starts_on=dt.date(2030, 6, 20))  # closes 6-27
    a, b = ProvinceFactory(code="81", name="甲省"), ProvinceFactory(code="82", name="乙省")
    a_hr, a_edu = (
        BranchVenueFactory(province=a, system=System.HR),
        BranchVenueFactory(province=a, system=System.EDUCATION),
    )
    b_hr = BranchVenueFactory(province=b, system=System.HR)

    def employer(venue, status, submitted, reviewed=None):
        return EmployerFactory(
            province=venue.province, reviewing_venue=venue, status=status, submitted_at=submitted, reviewed_at=reviewed,
            status_reason="理由" if status in ("rejected", "suspended") else "",
        )  # fmt: skip

    # Spring period (before 4-30 00:00): approved after 2 h, rejected after 10 h, one pending.
    shown = employer(a_hr, EmployerStatus.APPROVED, at(4, 1, 8), at(4, 1, 10))
    employer(a_hr, EmployerStatus.REJECTED, at(4, 2, 0), at(4, 2, 10))
    employer(a_hr, EmployerStatus.PENDING, at(4, 29, 23))
    # Summer period: A suspended (counts as approved; its suspension time is not a review time), B approved after 4 h.
    employer(a_hr, EmployerStatus.SUSPENDED, at(5, 1), at(6, 1))
    employer(b_hr, EmployerStatus.APPROVED, at(5, 2, 8), at(5, 2, 12))
    GraduateFactory(university_province=a, reviewing_venue=a_edu, status=GraduateStatus.APPROVED,
                    submitted_at=at(4, 3, 0), reviewed_at=at(4, 3, 6))  # fmt: skip
    GraduateFactory(university_province=a, reviewing_venue=a_edu, submitted_at=at(6, 1))
    # A's spring fair: one approved registration showing two postings (3 + 2 people).
    postings = [PostingFactory(employer=shown, published=True, headcount=n) for n in (3, 2)]
    registration = FairRegistrationFactory(
        employer=shown, week=spring, venue=a_hr, status=FairRegistrationStatus.APPROVED,
        submitted_at=at(4, 10, 0), reviewed_at=at(4, 10, 1),
    )  # fmt: skip
    registration.postings.set(postings)
    FairRegistrationFactory(employer=shown, week=summer, venue=a_hr, submitted_at=at(6, 2))  # pending
    # Applications to the fair's postings: two in spring (one with an interview), one in summer, by
    # graduates of a third province (outside every scope under test).
    elsewhere = BranchVenueFactory(province=ProvinceFactory(code="89"), system=System.EDUCATION)

    def applicant():
        return GraduateFactory(university_province=elsewhere.province, reviewing_venue=elsewhere, approved=True)

    for created, interview in ((at(4, 24), at(4, 26)), (at(4, 25), None), (at(6, 21), None)):
        application = ApplicationFactory(posting=postings[0], interview_at=interview, graduate=applicant())
        type(application).objects.filter(pk=application.pk).update(created_at=created)
    # A's spring 专场: one approved 宣讲会 with two places booked (one attended) and one waiting, and a
    # session still pending (not counted).
    special_fair = SpecialFairFactory(week=spring, venue=a_hr, title="甲省信息技术专场")
    session = SessionFactory(employer=shown, week=spring, venue=a_hr, special_fair=special_fair, capacity=2)
    BookingFactory(session=session, graduate=applicant(), attended_at=at(4, 23, 10), attendance_source="join")
    BookingFactory(session=session, graduate=applicant())
    BookingFactory(session=session, graduate=applicant(), status="waiting")
    SessionFactory(employer=shown, week=spring, venue=a_hr, special_fair=special_fair, status="pending")
    refresh_statistics()  # the figures are read from the rollup
    return {
        "spring": spring,
        "summer": summer,
        "a_hr": a_hr,
        "a_edu": a_edu,
        "b_hr": b_hr,
        "special_fair": special_fair,
    }


def figures(stats, week, key):
    row = next(r for r in stats.week(week.pk).rows if r.key == key)
    return row.figures.values()


def test_statistics_per_week_and_venue(setup):
    user = staff_user("staff-a", setup["a_hr"], setup["a_edu"])

    stats = venue_statistics(user=user)

    assert [w.week for w in stats.weeks] == [setup["spring"], setup["summer"]]
    assert [r.key for r in stats.week(setup["spring"].pk).rows] == [setup["a_edu"].slug, setup["a_hr"].slug]
    # registered, approved, postings, headcount, graduates registered/approved, applications, interviews,
    # backlog, sessions, places booked, attended, median review hours (2 h, 10 h and the fair
    # registration's 1 h → 2.0)
    assert figures(stats, setup["spring"], setup["a_hr"].slug) == [3, 1, 2, 5, 0, 0, 2, 1, 1, 1, 2, 1, 2.0]
    assert figures(stats, setup["summer"], setup["a_hr"].slug) == [1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, None]
    assert figures(stats, setup["spring"], setup["a_edu"].slug) == [0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 6.0]
    assert figures(stats, setup["summer"], setup["a_edu"].slug) == [0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, None]
    # The total's median is over every review of the week: 1, 2, 6, 10 h → 4.0.
    assert stats.week(setup["spring"].pk).total.values() == [3, 1, 2, 5, 1, 1, 2, 1, 1, 1, 2, 1, 4.0]


def test_statistics_by_province_for_main_venue_staff(setup):
    user = staff_user("main-hr", MainVenueFactory(system=System.HR))

    stats = venue_statistics(user=user, group=GROUP_PROVINCE)

    rows = {r.key: r.figures.values() for r in stats.week(setup["summer"].pk).rows}
    assert (rows["81"], rows["82"]) == (
        [1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, None],
        [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4.0],
    )
    assert "main-hr" in rows and "main-education" not in rows


def test_provincial_staff_cannot_group_by_province_nor_see_other_provinces(setup):
    user = staff_user("staff-a", setup["a_hr"])

    stats = venue_statistics(user=user, group=GROUP_PROVINCE)

    assert (stats.group, [r.key for r in stats.week(setup["summer"].pk).rows]) == ("venue", [setup["a_hr"].slug])


def test_statistics_page_draws_bar_and_line_charts_as_svg(client, setup):
    client.force_login(staff_user("staff-a", setup["a_hr"], setup["a_edu"]))

    response = client.get(reverse("admin:venues_statistics"), {"week": setup["spring"].pk, "metric": "headcount"})

    html = response.text
    assert text_of(html, "bar-chart-title") == "招聘人数 · 春季周"
    # label, the bar's tooltip, the value
    assert texts(html, class_="chart__row") == [
        f"{setup['a_edu'].name} {setup['a_edu'].name}：0 0",
        f"{setup['a_hr'].name} {setup['a_hr'].name}：5 5",
        "甲省信息技术专场 甲省信息技术专场：2 2",  # the chart of the week's 专场
    ]
    assert html.count('class="chart__bar chart-series-1"') == 3
    assert html.count('<polyline class="chart__line') == 4 + 3  # and sessions, places booked, attended
    assert texts(html, class_="chart__legend")[0] == "用人单位注册 毕业生注册 求职申请 面试"
    assert text_of(html, f"stat-{setup['a_hr'].slug}") == f"{setup['a_hr'].name} 3 1 2 5 0 0 2 1 1 1 2 1 2.0"
    assert 'style="' not in html.split('id="content-main"')[1]


def test_statistics_csv_and_xlsx_hold_the_numbers(client, setup):
    client.force_login(staff_user("staff-a", setup["a_hr"]))

    csv_response = client.get(reverse("admin:venues_statistics_csv"))
    xlsx_response = client.get(reverse("admin:venues_statistics_xlsx"))

    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    refreshed = StatisticsRefresh.objects.get().refreshed_at.astimezone(SH)
    freshness = f"数据更新于 {refreshed:%Y-%m-%d %H:%M}（北京时间）"
    assert rows[0][:4] == ["招聘周", "会场", "用人单位注册", "用人单位通过"]
    assert rows[1:] == [
        ["春季周", setup["a_hr"].name, "3", "1", "2", "5", "0", "0", "2", "1", "1", "1", "2", "1", "2.0"],
        ["春季周", "合计", "3", "1", "2", "5", "0", "0", "2", "1", "1", "1", "2", "1", "2.0"],
        ["夏季周", setup["a_hr"].name, "1", "1", "0", "0", "0", "0", "0", "0", "1", "0", "0", "0", ""],
        ["夏季周", "合计", "1", "1", "0", "0", "0", "0", "0", "0", "1", "0", "0", "0", ""],
        [],
        ["招聘周", "专场", "主办会场", "场次", "预约人次", "出席人次"],
        ["春季周", "甲省信息技术专场", setup["a_hr"].name, "1", "2", "1"],
        [],
        [freshness],
    ]
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [list(r) for r in sheet.iter_rows(min_row=2, max_row=2, values_only=True)] == [
        ["春季周", setup["a_hr"].name, 3, 1, 2, 5, 0, 0, 2, 1, 1, 1, 2, 1, 2.0]
    ]
    assert sheet["A1"].value == "招聘周" and sheet["A1"].font.bold
    assert [list(r) for r in sheet.iter_rows(min_row=7, max_row=8, values_only=True)] == [
        ["招聘周", "专场", "主办会场", "场次", "预约人次", "出席人次", *[None] * 9],
        ["春季周", "甲省信息技术专场", setup["a_hr"].name, 1, 2, 1, *[None] * 9],
    ]
    assert (sheet.max_row, sheet.cell(row=sheet.max_row, column=1).value) == (10, freshness)


@pytest.mark.parametrize("n", [1, 3])
def test_statistics_page_query_count_is_constant(client, setup, django_assert_num_queries, n):
    venues = [setup["a_hr"], *[BranchVenueFactory(province=ProvinceFactory(code=str(83 + i))) for i in range(n - 1)]]
    client.force_login(staff_user("staff", *venues))

    # session, user, scope, weeks, venues, the rollup's counts, its medians per row and for the total,
    # when it was refreshed, the week's 专场 with their counts, the admin sidebar's two permission
    # lookups; no inbox badge on admin pages
    with django_assert_num_queries(12):
        response = client.get(reverse("admin:venues_statistics"))

    assert len(response.context["current"].rows) == n


def test_statistics_page_counts_sessions_by_special_fair(client, setup):
    SpecialFairFactory(week=setup["spring"], venue=setup["b_hr"], title="乙省专场")  # another province's
    client.force_login(staff_user("staff-a", setup["a_hr"]))

    response = client.get(reverse("admin:venues_statistics"), {"week": setup["spring"].pk})

    assert texts(response.text, id="special-fair-statistics") == [
        f"专场 主办会场 场次 预约人次 出席人次 甲省信息技术专场 {setup['a_hr'].name} 1 2 1"
    ]


def test_statistics_page_charts_sessions_signups_and_attendance(client, setup):
    client.force_login(staff_user("staff-a", setup["a_hr"]))

    html = client.get(reverse("admin:venues_statistics"), {"week": setup["spring"].pk}).text

    assert text_of(html, "fairs-line-chart-title") == "场次、预约与出席 · 各招聘周合计"
    assert texts(html, class_="chart__legend")[1] == "场次 预约人次 出席人次"
    # spring then summer: 1 session, 2 places booked, 1 attended; nothing in summer
    dots = [t for t in texts(html, id="fairs-line-chart")[0].split(" ") if "：" in t]
    assert dots == ["春季2030：1", "夏季2030：0", "春季2030：2", "夏季2030：0", "春季2030：1", "夏季2030：0"]
    assert text_of(html, "special-fair-chart-title") == "各专场预约人次 · 春季周"
    assert texts(html, id="special-fair-chart")[0].count("甲省信息技术专场：2") == 1


def test_a_joint_special_fair_is_seen_by_its_partner_venue_and_counted_once(client, setup):
    setup["special_fair"].partner_venues.set([setup["a_edu"]])
    partner = staff_user("partner", setup["a_edu"])
    both = staff_user("both", setup["a_hr"], setup["a_edu"])
    client.force_login(partner)

    partner_html = client.get(reverse("admin:venues_statistics"), {"week": setup["spring"].pk}).text
    client.force_login(both)
    both_html = client.get(reverse("admin:venues_statistics"), {"week": setup["spring"].pk}).text
    stats = venue_statistics(user=both, group="venue")

    row = f"专场 主办会场 场次 预约人次 出席人次 甲省信息技术专场 {setup['a_hr'].name} 1 2 1"
    assert texts(partner_html, id="special-fair-statistics") == [row]
    assert texts(both_html, id="special-fair-statistics") == [row]
    # The sessions count at the venue that approved them, once in the total.
    assert (stats.week(setup["spring"].pk).total.sessions, stats.week(setup["spring"].pk).total.signups) == (1, 2)
