"""The staff API under /api/v1/staff/: same selectors and services as the admin, same scoping."""

import datetime as dt

import pytest

from tests.api.errors import invalid
from tests.factories import (
    BranchVenueFactory,
    EmployerFactory,
    FairRegistrationFactory,
    GraduateFactory,
    MainVenueFactory,
    ProvinceFactory,
    WeekFactory,
)
from tests.factories.staff import SiteLinkReportFactory, staff_user
from venues.enums import System
from venues.models import SiteLinkReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def week():
    return WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23))


def venues(n: int, system=System.HR):
    return [BranchVenueFactory(province=ProvinceFactory(code=str(81 + i)), system=system) for i in range(n)]


QUEUE_MAKERS = {
    "employers": lambda v: EmployerFactory(province=v.province, reviewing_venue=v),
    "graduates": lambda v: GraduateFactory(university_province=v.province, reviewing_venue=v),
    "fair-registrations": lambda v: FairRegistrationFactory(
        employer=EmployerFactory(province=v.province, reviewing_venue=v, approved=True), venue=v
    ),
}


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("queue", list(QUEUE_MAKERS))
def test_review_queue_api_query_count_is_constant(client, django_assert_num_queries, queue, n):
    mine = venues(n)
    rows = [QUEUE_MAKERS[queue](v) for v in mine]
    client.force_login(staff_user("s", *mine))

    # session, user, scope, rows (with their joined parents)
    with django_assert_num_queries(4):
        response = client.get(f"/api/v1/staff/review-queue/{queue}/")

    assert [row["id"] for row in response.json()["results"]] == [r.pk for r in rows]


def test_review_queue_api_shows_waiting_hours(client, time_machine):
    time_machine.move_to(dt.datetime(2030, 4, 1, 12, tzinfo=dt.UTC), tick=False)
    (venue,) = venues(1)
    employer = EmployerFactory(
        province=venue.province, reviewing_venue=venue, submitted_at=dt.datetime(2030, 3, 31, 0, tzinfo=dt.UTC)
    )
    client.force_login(staff_user("s", venue))

    response = client.get("/api/v1/staff/review-queue/employers/")

    assert response.json()["results"] == [
        {
            "id": employer.pk,
            "name": employer.name,
            "uscc": employer.uscc,
            "province": venue.province.code,
            "city": "测试市",
            "reviewing_venue": venue.slug,
            "submitted_at": "2030-03-31T08:00:00+08:00",
            "waiting_hours": 36.0,
        }
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_site_reports_api_list_query_count_is_constant(client, week, django_assert_num_queries, n):
    mine = venues(n)
    for v in mine:
        SiteLinkReportFactory(venue=v, week=week)
    client.force_login(staff_user("s", *mine))

    # session, user, scope, week, venues, reports
    with django_assert_num_queries(6):
        response = client.get("/api/v1/staff/site-reports/", {"week": week.pk})

    assert [row["venue"] for row in response.json()["results"]] == [v.slug for v in mine]


def test_site_reports_api_submit_and_list(client, week):
    (venue,) = venues(1)
    client.force_login(staff_user("s", venue))

    posted = client.post(
        "/api/v1/staff/site-reports/",
        {"venue": venue.slug, "week": week.pk, "site_name": "甲省专区", "site_url": "https://a.example.cn/"},
        content_type="application/json",
    )
    listed = client.get("/api/v1/staff/site-reports/", {"week": week.pk})

    assert (posted.status_code, posted.json()["site_name"], posted.json()["venue"]) == (200, "甲省专区", venue.slug)
    assert listed.json()["report_deadline"] == "2030-04-16T23:59:59+08:00"
    assert [(r["venue"], r["site_name"], r["status"]) for r in listed.json()["results"]] == [
        (venue.slug, "甲省专区", "on_time")
    ]


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"site_name": "", "site_url": "https://a.example.cn/"}, {"site_name": ["该字段不能为空。"]}),
        (
            {"site_name": "专区", "site_url": "javascript:alert(1)"},
            {"site_url": ["请输入以 http:// 或 https:// 开头的有效网址。"]},
        ),
        ({"venue": "no-such-venue"}, {"venue": ["会场不存在。"]}),
        ({"venue": "OTHER"}, {"venue": ["会场不存在。"]}),
        ({"venue": "MAIN"}, {"venue": ["会场不存在。"]}),
        ({"week": "abc"}, {"week": ["请填写合法的整数值。"]}),
    ],
)
def test_site_reports_api_validation_errors_are_per_field_and_save_nothing(client, week, payload, errors):
    mine, other = venues(2)
    main = MainVenueFactory(system=System.HR)
    client.force_login(staff_user("s", mine))
    data = {"venue": mine.slug, "week": week.pk, "site_name": "专区", "site_url": "https://a.example.cn/", **payload}
    data["venue"] = {"OTHER": other.slug, "MAIN": main.slug}.get(data["venue"], data["venue"])

    response = client.post("/api/v1/staff/site-reports/", data, content_type="application/json")

    assert (response.status_code, response.json(), SiteLinkReport.objects.count()) == (400, invalid(errors), 0)


def test_statistics_api_has_every_week_with_rows_and_total(client, week):
    (venue,) = venues(1)
    EmployerFactory(province=venue.province, reviewing_venue=venue)
    client.force_login(staff_user("s", venue))

    response = client.get("/api/v1/staff/statistics/")

    data = response.json()
    row_week = next(w for w in data["weeks"] if w["week"] == week.pk)
    assert data["group"] == "venue"
    assert [r["key"] for r in row_week["rows"]] == [venue.slug]
    assert set(row_week["total"]) == {
        "employers_registered", "employers_approved", "postings", "headcount", "graduates_registered",
        "graduates_approved", "applications", "interviews", "backlog", "sessions", "signups", "attendance",
        "median_review_hours",
    }  # fmt: skip
    assert client.get("/api/v1/staff/statistics/", {"group": "nation"}).json() == invalid(
        {"group": ["只能是 venue 或 province。"]}
    )


def test_site_reports_api_refuses_a_main_venue_for_ministry_staff(client, week):
    main = MainVenueFactory(system=System.HR)
    client.force_login(staff_user("main-hr", main))
    data = {"venue": main.slug, "week": week.pk, "site_name": "专区", "site_url": "https://a.example.cn/"}

    response = client.post("/api/v1/staff/site-reports/", data, content_type="application/json")

    assert (response.status_code, response.json()) == (400, invalid({"venue": ["只有省级分会场报送活动专区网站。"]}))
