import datetime as dt

import pytest

from events.enums import WeekStatus
from events.models import SHANGHAI
from events.selectors import week_detail, weeks_with_status
from tests.pages import clear_catalogue, make_weeks_2020

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_test_data():
    clear_catalogue()


def test_weeks_with_status_orders_by_start_and_judges_all_at_one_instant():
    spring, summer, autumn, winter = make_weeks_2020()

    rows = weeks_with_status(now=dt.datetime(2020, 6, 22, 12, tzinfo=SHANGHAI))

    assert [(row.week, row.status) for row in rows] == [
        (spring, WeekStatus.CLOSED),
        (summer, WeekStatus.OPEN),
        (autumn, WeekStatus.UPCOMING),
        (winter, WeekStatus.UPCOMING),
    ]


def test_week_detail_finds_week_by_year_and_season():
    _, summer = make_weeks_2020(count=2)

    row = week_detail(year=2020, season="summer", now=dt.datetime(2020, 6, 27, tzinfo=SHANGHAI))

    assert (row.week, row.status) == (summer, WeekStatus.CLOSED)


@pytest.mark.parametrize(("year", "season"), [(2021, "summer"), (2020, "monsoon")])
def test_week_detail_unknown_week_is_none(year, season):
    make_weeks_2020()

    assert week_detail(year=year, season=season) is None
