import datetime as dt
import zoneinfo

import pytest

from events.models import RecruitmentWeek
from tests.factories import WeekFactory

pytestmark = pytest.mark.django_db
SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_week_list_api_gives_status_and_deadline(client, time_machine):
    time_machine.move_to(dt.datetime(2030, 4, 23, 0, 0, tzinfo=SH))
    week = WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23))
    WeekFactory(year=2030, season="summer", starts_on=dt.date(2030, 6, 20))
    response = client.get("/api/v1/weeks/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    body = response.json()
    seeded = [w for w in body["results"] if w["year"] == 2030]
    assert [(w["season"], w["status"], w["status_label"]) for w in seeded] == [
        ("spring", "open", "进行中"),
        ("summer", "upcoming", "即将开始"),
    ]
    assert seeded[0]["report_deadline"] == "2030-04-16T23:59:59+08:00"
    assert seeded[0]["id"] == week.pk


@pytest.mark.parametrize("extra", [0, 2])
def test_week_list_api_query_count_is_constant(client, django_assert_num_queries, extra):
    seeded = RecruitmentWeek.objects.count()  # the real weeks the migrations load
    for i in range(1 + extra):
        WeekFactory(year=2040 + i)
    with django_assert_num_queries(1):  # the rows (a cursor page counts nothing)
        response = client.get("/api/v1/weeks/")
    assert len(response.json()["results"]) == seeded + 1 + extra


def test_week_detail_api_unknown_id_is_404(client):
    assert client.get("/api/v1/weeks/999999/").status_code == 404


def test_week_api_is_read_only(client):
    assert client.post("/api/v1/weeks/", {"year": 2050}).status_code == 405
