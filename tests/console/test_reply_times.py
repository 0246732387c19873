"""The staff list of employers by reply time: scoped to the staff member's venues (another
province's staff see none of ours), slowest first, a constant number of queries, and a CSV in
which nothing an employer typed becomes a formula."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from employers.models import Employer
from tests.factories import EmployerFactory
from tests.factories.staff import ROLES, staff_user

pytestmark = pytest.mark.django_db

COMPUTED = dt.datetime(2030, 4, 23, 2, 15, tzinfo=dt.UTC)  # 10:15 in Beijing


def figure(employer: Employer, hours: float | None, counted: int = 8) -> Employer:
    Employer.objects.filter(pk=employer.pk).update(
        reply_median_hours=hours, reply_counted=counted, reply_computed_at=COMPUTED
    )
    employer.refresh_from_db()
    return employer


@pytest.fixture
def figures(world):
    """A's HR venue: a fast one, one with most applications unanswered, one with too few counted;
    B's HR venue: one slow employer."""
    fast_a = figure(world.approved_a, 20)
    silent_a = figure(world.employer_a, None, counted=6)
    few_a = figure(EmployerFactory(name="甲省新单位", province=world.a_hr.province, reviewing_venue=world.a_hr), 1, 3)
    slow_b = figure(world.approved_b, 90)
    return fast_a, silent_a, few_a, slow_b


def listed(response) -> list[str]:
    return [employer.name for employer, _median, _computed in response.context["rows"]]


@pytest.mark.parametrize("role", ROLES)
def test_reply_times_page_per_role(world, figures, as_role, role):
    response = as_role(role).get(reverse("admin:employers_reply_times"))

    expected = {
        "staff_a": ["甲省待审单位", "甲省已审单位"],  # no figure (mostly unanswered) first
        "staff_b": ["乙省已审单位"],
        "main_hr": ["甲省待审单位", "乙省已审单位", "甲省已审单位"],
        "main_edu": [],  # the employers are reviewed by HR venues
        "superuser": ["甲省待审单位", "乙省已审单位", "甲省已审单位"],
    }
    if role in {"anonymous", "graduate", "employer"}:
        assert (response.status_code, response["Location"].startswith("/admin/login/")) == (302, True)
    else:
        assert (response.status_code, listed(response)) == (200, expected[role])


def test_reply_times_page_of_another_province_shows_nothing_of_ours(world, figures, as_role):
    html = as_role("staff_b").get(reverse("admin:employers_reply_times")).content.decode()
    assert "乙省已审单位" in html
    assert "甲省" not in html


def test_reply_times_page_shows_hours_days_and_beijing_time(world, figures, as_role):
    response = as_role("staff_a").get(reverse("admin:employers_reply_times"))
    rows = [(e.name, median, computed) for e, median, computed in response.context["rows"]]
    assert rows == [
        ("甲省待审单位", "过半申请未答复", "2030-04-23 10:15"),
        ("甲省已审单位", "20.0 小时（约 1 天）", "2030-04-23 10:15"),
    ]


def test_reply_times_page_in_english(world, figures, as_role):
    response = as_role("staff_a").get(reverse("admin:employers_reply_times"), HTTP_ACCEPT_LANGUAGE="en")
    assert [median for _e, median, _c in response.context["rows"]] == [
        "More than half unanswered",
        "20.0 hours (about 1 day)",
    ]


@pytest.mark.parametrize("name", ["admin:employers_reply_times", "admin:employers_reply_times_csv"])
def test_reply_times_refuse_staff_without_a_venue(world, name):
    client = Client()
    client.force_login(staff_user("plain-staff"))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_reply_times_page_query_count(world, as_role, django_assert_num_queries, count):
    for n in range(count):
        figure(EmployerFactory(province=world.a_hr.province, reviewing_venue=world.a_hr), 10 + n)
    client = as_role("staff_a")

    # the session, the user, the staff scope, the count, the page of employers with their venues, and
    # the user's and their groups' permissions (the admin's navigation)
    with django_assert_num_queries(7):
        response = client.get(reverse("admin:employers_reply_times"))

    assert len(response.context["rows"]) == count


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_reply_times_csv_ranks_the_venue_employers(world, figures, as_role):
    response = as_role("staff_a").get(reverse("admin:employers_reply_times_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert rows[0] == [
        "排名",
        "单位名称",
        "统一社会信用代码",
        "审核会场",
        "答复时间中位数（小时）",
        "通常几天内回复",
        "计入答复统计的申请数",
        "统计时间（北京时间）",
    ]
    fast_a, silent_a, _few, _slow = figures
    assert rows[1:] == [
        ["1", "甲省待审单位", silent_a.uscc, world.a_hr.name, "过半申请未答复", "", "6", "2030-04-23 10:15"],
        ["2", "甲省已审单位", fast_a.uscc, world.a_hr.name, "20.0", "1", "8", "2030-04-23 10:15"],
    ]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_reply_times_csv_neutralises_names_starting_like_a_formula(world, as_role, prefix):
    hostile = f'{prefix}HYPERLINK("//e.x","x")'
    figure(world.approved_a, 30)
    Employer.objects.filter(pk=world.approved_a.pk).update(name=hostile)

    rows = read_csv(as_role("staff_a").get(reverse("admin:employers_reply_times_csv")))

    assert [row[1] for row in rows[1:]] == ["'" + hostile]
