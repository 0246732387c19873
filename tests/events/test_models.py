import datetime as dt
import zoneinfo

import pytest

from events.enums import WeekStatus
from events.models import RecruitmentWeek

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
UTC = dt.UTC


def spring_2020() -> RecruitmentWeek:
    # Unsaved: the status is pure date arithmetic.
    return RecruitmentWeek(
        year=2020, season="spring", name="春季", starts_on=dt.date(2020, 4, 23), ends_on=dt.date(2020, 4, 29)
    )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2020, 4, 22, 23, 59, 59, tzinfo=SH), WeekStatus.UPCOMING),  # last second before
        (dt.datetime(2020, 4, 23, 0, 0, 0, tzinfo=SH), WeekStatus.OPEN),  # first second
        (dt.datetime(2020, 4, 29, 23, 59, 59, tzinfo=SH), WeekStatus.OPEN),  # last second
        (dt.datetime(2020, 4, 30, 0, 0, 0, tzinfo=SH), WeekStatus.CLOSED),  # first second after
        # The same instants in UTC: Shanghai is UTC+8, so the week opens at 16:00 UTC the day before.
        (dt.datetime(2020, 4, 22, 15, 59, 59, tzinfo=UTC), WeekStatus.UPCOMING),
        (dt.datetime(2020, 4, 22, 16, 0, 0, tzinfo=UTC), WeekStatus.OPEN),
        (dt.datetime(2020, 4, 29, 15, 59, 59, tzinfo=UTC), WeekStatus.OPEN),
        (dt.datetime(2020, 4, 29, 16, 0, 0, tzinfo=UTC), WeekStatus.CLOSED),
    ],
)
def test_week_status_at_shanghai_boundaries(moment, expected):
    assert spring_2020().status_at(moment) == expected


def test_week_status_uses_current_time(time_machine):
    time_machine.move_to(dt.datetime(2020, 4, 25, 12, 0, tzinfo=SH))
    assert spring_2020().status == WeekStatus.OPEN
    time_machine.move_to(dt.datetime(2020, 4, 30, 0, 0, 1, tzinfo=SH))
    assert spring_2020().status == WeekStatus.CLOSED


def test_week_report_deadline_is_a_week_before_start_at_235959_shanghai():
    assert spring_2020().report_deadline == dt.datetime(2020, 4, 16, 23, 59, 59, tzinfo=SH)


@pytest.mark.parametrize(
    ("reported_at", "on_time"),
    [
        (dt.datetime(2020, 4, 16, 23, 59, 59, tzinfo=SH), True),
        (dt.datetime(2020, 4, 16, 23, 59, 59, 999999, tzinfo=SH), True),
        (dt.datetime(2020, 4, 17, 0, 0, 0, tzinfo=SH), False),
        (dt.datetime(2020, 4, 16, 15, 59, 59, tzinfo=UTC), True),
        (dt.datetime(2020, 4, 16, 16, 0, 0, tzinfo=UTC), False),
    ],
)
def test_week_report_on_time_at_deadline_boundary(reported_at, on_time):
    assert spring_2020().is_report_on_time(reported_at) is on_time


def test_week_display_name_in_english(settings):
    from django.utils import translation

    with translation.override("en"):
        assert spring_2020().display_name == "2020 National Online Recruitment Week for College Graduates (Spring)"
    with translation.override("zh-hans"):
        assert spring_2020().display_name == "春季"
