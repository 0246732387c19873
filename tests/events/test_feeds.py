import datetime as dt

import pytest
from django.urls import reverse

from events.feeds import weeks_ics
from events.models import RecruitmentWeek

pytestmark = pytest.mark.django_db


def test_calendar_feed_lists_each_week_and_its_report_deadline(client):
    response = client.get(reverse("events:calendar"))
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 2 * RecruitmentWeek.objects.count() == 8
    assert "DTSTART;VALUE=DATE:20200423\r\nDTEND;VALUE=DATE:20200430\r\n" in body
    # 2020-04-16 23:59:59 Asia/Shanghai is 15:59:59 UTC.
    assert "DTSTART:20200416T155959Z" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_calendar_feed_escapes_and_folds_long_names():
    week = RecruitmentWeek(
        year=2031, season="spring", name="春季,特别;版" * 10, starts_on=dt.date(2031, 4, 1), ends_on=dt.date(2031, 4, 7)
    )
    body = weeks_ics([week], now=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:" + r"春季\,特别\;版" * 10 + "\r\n" in unfolded


def test_calendar_feed_query_count(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("events:calendar"))
