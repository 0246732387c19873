"""The statistics rollup (console.models, console.rollup): its figures equal a direct count of the big
tables for a mixed dataset in every scope, a refresh is idempotent and follows the data, and reading
the page or a download takes the same number of queries however many rows there are."""

import datetime as dt
import random
import threading
import zoneinfo

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from console.models import ReviewTimeBin, StatisticsCell, StatisticsRefresh
from console.rollup import refresh_statistics
from console.statistics import GROUP_PROVINCE, GROUP_VENUE, TOTAL, venue_statistics
from console.tasks import task_refresh_statistics
from employers.enums import EmployerStatus
from employers.models import Employer
from events.enums import FairRegistrationStatus
from events.models import RecruitmentWeek
from fairs.enums import BookingStatus, SessionStatus
from graduates.enums import GraduateStatus
from recruitment_weeks.celery import app as celery_app
from tests.console.statistics_reference import direct_values
from tests.factories import (
    ApplicationFactory,
    BranchVenueFactory,
    EmployerFactory,
    FairRegistrationFactory,
    GraduateFactory,
    MainVenueFactory,
    PostingFactory,
    ProvinceFactory,
    UserFactory,
    WeekFactory,
)
from tests.factories.fairs import BookingFactory, SessionFactory, SpecialFairFactory
from tests.factories.staff import staff_user
from venues.enums import System
from venues.permissions import venues_managed_by

pytestmark = pytest.mark.django_db
SH = zoneinfo.ZoneInfo("Asia/Shanghai")
US = dt.timedelta(microseconds=1)
# Review times around the edges of the median's rounding: 3 min is exactly 0.05 h, 9 min 0.15 h,
# 2 h 15 min 2.25 h, 1 µs either side of them, whole hours, odd microseconds, and a review recorded
# before its submission (not a review time).
DURATIONS = [
    dt.timedelta(0),
    US,
    dt.timedelta(minutes=3),
    dt.timedelta(minutes=3) - US,
    dt.timedelta(minutes=3) + US,
    dt.timedelta(minutes=6),
    dt.timedelta(minutes=9),
    dt.timedelta(minutes=9) + US,
    dt.timedelta(hours=1),
    dt.timedelta(hours=2, minutes=15),
    dt.timedelta(hours=2, minutes=15) - US,
    dt.timedelta(hours=2, minutes=21),
    dt.timedelta(hours=10),
    dt.timedelta(hours=47, minutes=33, seconds=7, microseconds=123457),
    dt.timedelta(hours=-1),
]


@pytest.fixture
def world():
    """Three weeks, two provinces with an HR and an education venue each, and a seeded random mix of
    employers, graduates, fair registrations showing postings, and applications, spread over the
    periods (also after the last week and before the first)."""
    RecruitmentWeek.objects.all().delete()
    rng = random.Random(20300423)
    weeks = [
        WeekFactory(year=2030, season="spring", name="春季周", starts_on=dt.date(2030, 4, 23)),
        WeekFactory(year=2030, season="summer", name="夏季周", starts_on=dt.date(2030, 6, 20)),
        WeekFactory(year=2030, season="autumn", name="秋季周", starts_on=dt.date(2030, 9, 10)),
    ]
    provinces = [ProvinceFactory(code="81", name="甲省"), ProvinceFactory(code="82", name="乙省")]
    venues = [BranchVenueFactory(province=p, system=s) for p in provinces for s in (System.HR, System.EDUCATION)]
    start = dt.datetime(2030, 3, 1, tzinfo=SH)

    def moment():
        return start + dt.timedelta(seconds=rng.randrange(0, 240 * 86400), microseconds=rng.randrange(10**6))

    def reviewed(submitted):
        return submitted + rng.choice(DURATIONS)

    employers = []
    for _i in range(70):
        venue = rng.choice(venues)
        status = rng.choice(list(EmployerStatus.values))
        submitted = moment()
        employers.append(
            EmployerFactory(
                province=venue.province, reviewing_venue=venue, status=status, submitted_at=submitted,
                reviewed_at=None if status == EmployerStatus.PENDING else reviewed(submitted),
                status_reason="理由" if status in EmployerStatus.needs_reason else "",
            )
        )  # fmt: skip
    for _i in range(50):
        venue = rng.choice(venues)
        status = rng.choice(list(GraduateStatus.values))
        submitted = moment()
        GraduateFactory(
            university_province=venue.province, reviewing_venue=venue, status=status, submitted_at=submitted,
            reviewed_at=None if status == GraduateStatus.PENDING else reviewed(submitted),
            status_reason="理由" if status == GraduateStatus.REJECTED else "",
        )  # fmt: skip
    shown = []
    approved = [e for e in employers if e.status == EmployerStatus.APPROVED]
    for employer in approved[:12]:
        postings = [PostingFactory(employer=employer, published=True, headcount=rng.randint(1, 9)) for _n in range(2)]
        for week, venue in rng.sample([(w, v) for w in weeks for v in venues], 2):
            status = rng.choice(list(FairRegistrationStatus.values))
            submitted = moment()
            registration = FairRegistrationFactory(
                employer=employer, week=week, venue=venue, status=status, submitted_at=submitted,
                reviewed_at=reviewed(submitted) if status in FairRegistrationStatus.decided else None,
                status_reason="理由" if status == FairRegistrationStatus.REJECTED else "",
            )  # fmt: skip
            registration.postings.set(rng.sample(postings, rng.randint(1, 2)))
        shown += postings
    elsewhere = BranchVenueFactory(province=ProvinceFactory(code="89", name="丙省"), system=System.EDUCATION)
    for _i in range(40):
        applicant = GraduateFactory(university_province=elsewhere.province, reviewing_venue=elsewhere, approved=True)
        application = ApplicationFactory(
            posting=rng.choice(shown), graduate=applicant, interview_at=moment() if rng.random() < 0.4 else None
        )
        type(application).objects.filter(pk=application.pk).update(created_at=moment())
    # Sessions at every venue and week in 专场 (any status), each booked, waiting, cancelled or attended.
    for n in range(16):
        week, venue = rng.choice(weeks), rng.choice(venues)
        session = SessionFactory(
            employer=rng.choice(approved), week=week, venue=venue, status=rng.choice(list(SessionStatus.values)),
            special_fair=SpecialFairFactory(week=week, venue=venue), status_reason="理由", capacity=5,
            starts_at=week.opens_at + dt.timedelta(hours=n),
        )  # fmt: skip
        for _b in range(rng.randint(0, 4)):
            applicant = GraduateFactory(
                university_province=elsewhere.province, reviewing_venue=elsewhere, approved=True
            )
            status = rng.choice(list(BookingStatus.values))
            attended = status == BookingStatus.BOOKED and rng.random() < 0.5
            BookingFactory(
                session=session, graduate=applicant, status=status,
                attended_at=session.starts_at if attended else None, attendance_source="join" if attended else "",
            )  # fmt: skip
    return {"weeks": weeks, "venues": venues, "provinces": provinces}


def rollup_values(stats) -> dict[tuple[int, str], list]:
    values = {}
    for week_stats in stats.weeks:
        for row in week_stats.rows:
            values[week_stats.week.pk, row.key] = row.figures.values()
        values[week_stats.week.pk, TOTAL] = week_stats.total.values()
    return values


def scopes(world):
    a_hr, a_edu, b_hr, _b_edu = world["venues"]
    return [
        ("provincial, two venues", staff_user("staff-a", a_hr, a_edu), GROUP_VENUE),
        ("provincial, one venue", staff_user("staff-b", b_hr), GROUP_VENUE),
        ("main HR venue by venue", staff_user("main-hr", MainVenueFactory(system=System.HR)), GROUP_VENUE),
        ("main HR venue by province", staff_user("main-hr-p", MainVenueFactory(system=System.HR)), GROUP_PROVINCE),
        ("superuser by province", UserFactory(username="root", is_staff=True, is_superuser=True), GROUP_PROVINCE),
    ]


def test_rollup_equals_the_direct_count_in_every_scope(world):
    refresh_statistics()

    for label, user, group in scopes(world):
        expected = direct_values(list(venues_managed_by(user)), group)
        assert rollup_values(venue_statistics(user=user, group=group)) == expected, label


def test_the_dataset_is_not_trivial(world):
    """The comparison above means something: every week has activity, odd and even numbers of reviews
    and reviews on the rounding edges."""
    refresh_statistics()
    root = UserFactory(username="root", is_staff=True, is_superuser=True)

    values = direct_values(list(venues_managed_by(root)), GROUP_VENUE)

    totals = [values[w.pk, TOTAL] for w in world["weeks"]]
    assert all(total[0] > 0 and total[4] > 0 for total in totals)  # employers and graduates every week
    assert sum(total[2] for total in totals) > 0 and sum(total[6] for total in totals) > 0  # postings, applications
    assert all(sum(total[i] for total in totals) > 0 for i in (9, 10, 11))  # sessions, places booked, attended
    assert ReviewTimeBin.objects.filter(key__in=[1, 3, 45]).exists()  # exactly 0.05, 0.15, 2.25 h
    counts = {sum(b.count for b in ReviewTimeBin.objects.filter(venue=v, week=w)) % 2 for v in world["venues"]
              for w in world["weeks"]}  # fmt: skip
    assert counts == {0, 1}


def test_provincial_staff_see_only_their_venues_rows(world):
    a_hr = world["venues"][0]
    refresh_statistics()

    stats = venue_statistics(user=staff_user("staff-a", a_hr), group=GROUP_PROVINCE)

    assert stats.group == GROUP_VENUE
    assert {row.key for week in stats.weeks for row in week.rows} == {a_hr.slug}
    expected = direct_values([a_hr], GROUP_VENUE)
    assert rollup_values(stats) == expected
    assert all(expected[w.pk, a_hr.slug] == expected[w.pk, TOTAL] for w in world["weeks"])


def test_refresh_is_idempotent_and_follows_the_data(world):
    def snapshot():
        return (
            sorted(StatisticsCell.objects.values_list("week", "venue", "source", "employers_registered", "backlog")),
            sorted(ReviewTimeBin.objects.values_list("week", "venue", "key", "count", "shortest_us", "longest_us")),
        )

    refresh_statistics()
    first = snapshot()
    refresh_statistics()

    assert snapshot() == first and first[0] and first[1]
    assert StatisticsRefresh.objects.count() == 1

    # Every employer now approved: the rollup changes only at the next refresh, then equals the count.
    Employer.objects.filter(status=EmployerStatus.PENDING).update(status=EmployerStatus.APPROVED)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert snapshot() == first
    refresh_statistics()
    assert rollup_values(venue_statistics(user=root)) == direct_values(list(venues_managed_by(root)), GROUP_VENUE)
    assert sum(StatisticsCell.objects.filter(source="employers").values_list("backlog", flat=True)) == 0


def test_the_beat_task_refreshes_the_rollup(world):
    entry = settings.CELERY_BEAT_SCHEDULE["console-refresh-statistics"]

    task_refresh_statistics.apply().get()

    assert celery_app.tasks[entry["task"]].name == task_refresh_statistics.name == entry["task"]
    assert StatisticsCell.objects.exists() and StatisticsRefresh.objects.count() == 1


def test_the_page_says_when_the_figures_were_refreshed(client, world, time_machine):
    a_hr = world["venues"][0]
    time_machine.move_to(dt.datetime(2030, 6, 21, 9, 30, 15, tzinfo=SH), tick=False)
    client.force_login(staff_user("staff-a", a_hr))

    assert "统计数据尚未汇总" in client.get(reverse("admin:venues_statistics")).text
    refresh_statistics()

    html = client.get(reverse("admin:venues_statistics")).text
    assert '<p class="staff-freshness" id="statistics-freshness">数据更新于 2030-06-21 09:30（北京时间）</p>' in html


@pytest.mark.parametrize("rows", [0, 40])
def test_refresh_takes_the_same_queries_whatever_the_rows(world, django_assert_num_queries, rows):
    a_hr = world["venues"][0]
    for _i in range(rows):
        GraduateFactory(university_province=a_hr.province, reviewing_venue=a_hr, approved=True)

    refresh_statistics()

    # the transaction's savepoint and its release, the refresh row locked, weeks, the two deletes, one
    # insert per source (fairs, postings, sessions, applications, employers, graduates) and one for the
    # review times, the refresh row's update
    with django_assert_num_queries(14):
        refresh_statistics()


@pytest.mark.parametrize("download", ["admin:venues_statistics_csv", "admin:venues_statistics_xlsx"])
@pytest.mark.parametrize(("n", "group"), [(1, GROUP_VENUE), (1, GROUP_PROVINCE), (3, GROUP_PROVINCE)])
def test_downloads_take_the_same_queries_whatever_the_rows(
    client, world, django_assert_num_queries, download, n, group
):
    province, venue = world["provinces"][0], world["venues"][1]
    for _i in range(n * 20):
        GraduateFactory(university_province=province, reviewing_venue=venue, approved=True)
    for i in range(n):
        BranchVenueFactory(province=ProvinceFactory(code=str(83 + i)))
    refresh_statistics()
    client.force_login(staff_user("main-hr", MainVenueFactory(system=System.HR)))

    # session, user, scope, weeks, venues, the rollup's counts, its medians per row and for the total,
    # when it was refreshed, the weeks' 专场 with their counts
    with django_assert_num_queries(10):
        response = client.get(reverse(download), {"group": group})

    assert response.status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refresh_waits_for_one_in_progress_instead_of_colliding(world):
    refresh_statistics()
    first = StatisticsRefresh.objects.get().refreshed_at
    done = threading.Event()
    errors = []

    def second_refresh():
        try:
            refresh_statistics()
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connection.close()
            done.set()

    with transaction.atomic():  # a refresh done but not committed yet: old rows deleted, new ones inserted
        refresh_statistics()
        thread = threading.Thread(target=second_refresh)
        thread.start()
        assert not done.wait(1.0)  # waits on the refresh row, so it never runs into the new rows' keys
    thread.join(30)

    assert done.is_set() and errors == []
    assert StatisticsRefresh.objects.get().refreshed_at > first
    assert StatisticsCell.objects.filter(source="employers").exists()
