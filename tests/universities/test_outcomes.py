"""毕业去向: graduates record it; career centres and venue staff read the figures per university,
province and week, and download them."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from graduates.enums import GraduateAction, Outcome
from graduates.models import Graduate
from graduates.outcomes import GROUP_PROVINCE, GROUP_UNIVERSITY, outcome_table, outcome_weeks
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import ApplicationFactory, GraduateFactory, UserFactory
from tests.factories.staff import staff_user
from tests.factories.universities import CareerCentreMemberFactory
from universities.models import University
from venues.models import Venue

pytestmark = pytest.mark.django_db


def graduate_of(name: str, student: str, **kw) -> Graduate:
    university = University.objects.get(name=name)
    venue = Venue.objects.get(slug=f"{university.province.code}-education")
    return GraduateFactory(
        name=student,
        university=university.name,
        listed_university=university,
        university_province=university.province,
        reviewing_venue=venue,
        approved=True,
        **kw,
    )


def member_of(name: str, username: str):
    university = University.objects.get(name=name)
    venue = Venue.objects.get(slug=f"{university.province.code}-education")
    return CareerCentreMemberFactory(user=UserFactory(username=username), university=university, reviewing_venue=venue)


@pytest.fixture
def figures():
    """河北大学: 3 graduates (signed, further study, looking; one offer, one hire); 山西大学: 1 (no outcome)."""
    signed = graduate_of("河北大学", "甲", outcome=Outcome.SIGNED, university_confirmed_at=timezone.now())
    study = graduate_of("河北大学", "乙", outcome=Outcome.FURTHER_STUDY)
    looking = graduate_of("河北大学", "丙", outcome=Outcome.LOOKING)
    graduate_of("山西大学", "丁")
    ApplicationFactory(graduate=signed, status="hired")
    ApplicationFactory(graduate=signed, status="offer")  # the same graduate: counted once
    ApplicationFactory(graduate=looking, status="declined")
    ApplicationFactory(graduate=study, status="submitted")
    return signed, study, looking


def cells(row):
    counts = (row.recorded, row.placed, row.offers, row.hires)
    return (row.label, row.graduates, row.confirmed, row.outcome_counts, *counts)


def test_outcome_table_per_university(figures):
    rows = outcome_table(graduates=Graduate.objects.all(), group=GROUP_UNIVERSITY)

    assert [cells(r) for r in rows] == [
        ("山西大学", 1, 0, [0, 0, 0, 0, 0, 0, 0], 0, 0, 0, 0),
        ("河北大学", 3, 1, [1, 0, 0, 1, 0, 1, 0], 3, 2, 2, 1),
        ("合计", 4, 1, [1, 0, 0, 1, 0, 1, 0], 3, 2, 2, 1),
    ]


def test_outcome_table_per_province(figures):
    rows = outcome_table(graduates=Graduate.objects.all(), group=GROUP_PROVINCE)

    assert [(r.label, r.graduates, r.placed, r.hires) for r in rows] == [
        ("山西省", 1, 0, 0),
        ("河北省", 3, 2, 1),
        ("合计", 4, 2, 1),
    ]


def test_outcome_weeks_count_what_happened_during_each_week():
    spring = dt.datetime(2020, 4, 25, 10, 0, tzinfo=timezone.get_default_timezone())
    graduate = graduate_of("河北大学", "戊", outcome=Outcome.SIGNED, outcome_recorded_at=spring)
    graduate_of("河北大学", "己", outcome=Outcome.LOOKING, outcome_recorded_at=spring + dt.timedelta(days=30))
    ApplicationFactory(graduate=graduate, status="hired", status_changed_at=spring)

    weeks = outcome_weeks(graduates=Graduate.objects.all())

    assert [(w.week.season, w.recorded, w.placed, w.offers, w.hires) for w in weeks] == [
        ("spring", 1, 1, 1, 1),
        ("summer", 0, 0, 0, 0),
        ("autumn", 0, 0, 0, 0),
        ("winter", 0, 0, 0, 0),
    ]


def test_graduate_records_the_outcome(client):
    graduate = graduate_of("河北大学", "庚")
    client.force_login(graduate.user)

    bad = client.post(reverse("graduates:outcome"), {"outcome": "moon", "organisation": "保留"})
    good = client.post(reverse("graduates:outcome"), {"outcome": "looking", "organisation": "不该保存"})

    assert bad.status_code == 400
    assert "保留" in bad.content.decode()
    assert (good.status_code, good["Location"]) == (302, reverse("graduates:dashboard"))
    graduate.refresh_from_db()
    assert (graduate.outcome, graduate.outcome_organisation) == ("looking", "")
    assert graduate.outcome_recorded_at is not None
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [GraduateAction.OUTCOME_RECORDED]


def test_career_centre_sees_only_its_own_figures_and_downloads_them_safely(client, figures):
    University.objects.filter(name="河北大学").update(name="=HYPERLINK(1)河北大学")
    member = member_of("=HYPERLINK(1)河北大学", "hbu-career")
    client.force_login(member.user)

    page = client.get(reverse("career_centre:outcomes"))
    download = client.get(reverse("career_centre:outcomes_csv"))

    assert page.status_code == 200
    assert [[value for _h, value in row] for row in page.context["rows"]] == [
        ["=HYPERLINK(1)河北大学", 3, 1, 1, 0, 0, 1, 0, 1, 0, 3, 2, 2, 1],
        ["合计", 3, 1, 1, 0, 0, 1, 0, 1, 0, 3, 2, 2, 1],
    ]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'=HYPERLINK(1)河北大学"
    assert len(rows) == 3


def test_venue_staff_see_their_provinces_universities_and_ministry_staff_group_by_province(client, figures):
    client.force_login(staff_user("hebei-edu", Venue.objects.get(slug="13-education")))
    provincial = client.get(reverse("admin:universities_outcomes"), {"group": "province"})
    client.force_login(staff_user("main-edu", Venue.objects.get(slug="main-education")))
    national = client.get(reverse("admin:universities_outcomes"), {"group": "province"})
    download = client.get(reverse("admin:universities_outcomes_csv"), {"group": "province"})

    assert [row[0][1] for row in provincial.context["rows"]] == ["河北大学", "合计"]  # no grouping by province
    assert [row[0][1] for row in national.context["rows"]] == ["山西省", "河北省", "合计"]
    assert [r[0] for r in csv.reader(io.StringIO(download.content.decode("utf-8-sig")))] == [
        "名称",
        "山西省",
        "河北省",
        "合计",
    ]


@pytest.mark.parametrize("who", ["anonymous", "graduate", "plain_staff"])
def test_outcome_pages_refuse_others(client, who):
    graduate = graduate_of("河北大学", "辛")
    if who == "graduate":
        client.force_login(graduate.user)
    elif who == "plain_staff":
        client.force_login(UserFactory(is_staff=True))

    admin_page = client.get(reverse("admin:universities_outcomes"))
    centre_page = client.get(reverse("career_centre:outcomes"))

    if who == "anonymous":
        assert admin_page.status_code == 302 and centre_page.status_code == 302
    elif who == "graduate":
        assert (admin_page.status_code, centre_page.status_code) == (302, 403)
    else:
        assert (admin_page.status_code, centre_page.status_code) == (403, 403)


@pytest.mark.parametrize("count", [1, 3])
def test_career_centre_outcomes_query_count_does_not_grow(client, django_assert_num_queries, count):
    for n in range(count):
        graduate_of("河北大学", f"同学{n}", outcome=Outcome.SIGNED)
    member = member_of("河北大学", "hbu-career")
    client.force_login(member.user)
    client.get(reverse("career_centre:outcomes"))

    # session, user, table (2), weeks (list + 2 aggregates), unread messages
    with django_assert_num_queries(8):
        client.get(reverse("career_centre:outcomes"))
