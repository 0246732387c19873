"""The venue page shows each week's first employers; the week's fair page lists them all in keyset pages,
at a cost that follows the page, not the venue's size."""

import datetime as dt
import re
from base64 import urlsafe_b64encode

import pytest
from django.urls import reverse

from events.enums import FairRegistrationStatus
from fairs import selectors
from tests.factories import (
    BranchVenueFactory,
    EmployerFactory,
    EmployerMemberFactory,
    FairRegistrationFactory,
    PostingFactory,
    ProvinceFactory,
    WeekFactory,
)
from tests.factories.fairs import SESSION_START, SessionFactory
from tests.pages import text_of, texts
from venues.enums import System

pytestmark = pytest.mark.django_db


@pytest.fixture
def venue():
    return BranchVenueFactory(province=ProvinceFactory(code="81", name="甲省"), system=System.HR)


@pytest.fixture
def week():
    return WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23))


def join(venue, week, name, postings=0, status=FairRegistrationStatus.APPROVED):
    employer = EmployerFactory(name=name, province=venue.province, reviewing_venue=venue, approved=True)
    registration = FairRegistrationFactory(employer=employer, week=week, venue=venue, status=status)
    registration.postings.set(
        [PostingFactory(employer=employer, title=f"{name}职位{i}", published=True) for i in range(postings)]
    )
    return registration


def names(html) -> list[str]:
    return [re.split(r"\s", text)[0] for text in texts(html, class_="card__title")]


def test_venue_page_shows_the_first_employers_and_links_to_all(client, venue, week, monkeypatch):
    monkeypatch.setattr(selectors, "VENUE_PAGE_EMPLOYERS", 2)
    for name in ("丙单位", "甲单位", "乙单位"):
        join(venue, week, name)
    join(venue, week, "待审单位", status=FairRegistrationStatus.PENDING)

    response = client.get(reverse("venues:venue_detail", kwargs={"slug": venue.slug}))

    section = text_of(response.content, "fair-2030-spring")
    assert names(response.content) == ["丙单位", "乙单位"]  # by name: 丙 (U+4E19) < 乙 (U+4E59) < 甲 (U+7532)
    assert section.endswith("查看全部3家参会单位")
    url = reverse("venues:venue_week_fair", kwargs={"slug": venue.slug, "week_id": week.pk})
    assert f'href="{url}"' in response.text


def test_employer_card_shows_three_postings_and_the_number_of_all(client, venue, week):
    join(venue, week, "甲单位", postings=5)

    response = client.get(reverse("venues:venue_week_fair", kwargs={"slug": venue.slug, "week_id": week.pk}))

    card = texts(response.content, class_="fair-employer")[0]
    assert card.count("甲单位职位") == 3
    assert card.endswith("共5个公开职位")


def test_employer_card_shows_the_on_duty_team_member(client, venue, week):
    registration = join(venue, week, "甲单位")
    registration.on_duty_member = EmployerMemberFactory(employer=registration.employer, user__first_name="周专员")
    registration.on_duty_hours = "9:00—17:00"
    registration.save(update_fields=["on_duty_member", "on_duty_hours"])

    response = client.get(reverse("venues:venue_week_fair", kwargs={"slug": venue.slug, "week_id": week.pk}))

    assert texts(response.content, class_="fair-employer__duty") == ["在线专人：周专员（9:00—17:00）"]


def test_week_fair_pages_visit_every_employer_once_by_name(client, venue, week, monkeypatch):
    monkeypatch.setattr(selectors, "FAIR_PAGE_EMPLOYERS", 2)
    expected = sorted(f"单位{i:02d}" for i in range(5))
    for name in reversed(expected):
        join(venue, week, name)
    url = reverse("venues:venue_week_fair", kwargs={"slug": venue.slug, "week_id": week.pk})

    seen, pages, path = [], 0, url
    while path:
        response = client.get(path)
        assert response.status_code == 200
        seen += names(response.content)
        pages += 1
        found = re.search(r'rel="next" href="\?after=([^"]+)"', response.text)
        path = f"{url}?after={found.group(1)}" if found else None

    assert (seen, pages) == (expected, 3)


@pytest.mark.parametrize("n", [1, 4])
def test_week_fair_page_query_count_is_constant(client, venue, week, django_assert_num_queries, n):
    for i in range(n):
        registration = join(venue, week, f"单位{i}", postings=i + 1)
        # Each with a team member on duty: the member and the account come with the registration.
        registration.on_duty_member = EmployerMemberFactory(employer=registration.employer)
        registration.save(update_fields=["on_duty_member"])
    url = reverse("venues:venue_week_fair", kwargs={"slug": venue.slug, "week_id": week.pk})

    # venue, week, registrations (employer, number of public postings), their first postings
    with django_assert_num_queries(4):
        response = client.get(url)

    assert len(texts(response.content, class_="fair-employer")) == n


def token(payload: bytes) -> str:
    return urlsafe_b64encode(payload).decode().rstrip("=")


@pytest.mark.parametrize(
    "after",
    [
        "not-a-cursor",
        token(b'["\\u0000", 1]'),  # a NUL in the name
        token(b'["\\ud800", 1]'),  # a lone surrogate
        token(b'["a", 99999999999999999999]'),  # beyond a bigint
        token(b'["a", true]'),
        token(b'{"a": 1}'),
        token(b"[" * 5000 + b"]" * 5000),  # deep nesting
    ],
)
def test_a_bad_page_link_is_a_clear_400(client, venue, week, after):
    join(venue, week, "甲单位")
    url = reverse("venues:venue_week_fair", kwargs={"slug": venue.slug, "week_id": week.pk})

    response = client.get(url, {"after": after})

    assert response.status_code == 400
    assert "分页参数无效，请从第一页开始。" in response.text


def test_unknown_week_or_venue_is_404(client, venue, week):
    assert client.get(f"/venues/{venue.slug}/fairs/{week.pk + 1}/").status_code == 404
    assert client.get(f"/venues/nope/fairs/{week.pk}/").status_code == 404


# --- The week's booth: an approved employer's page within the week's fair at a venue ------------------


def booth_url(venue, week, employer_id) -> str:
    return reverse(
        "venues:venue_week_booth", kwargs={"slug": venue.slug, "week_id": week.pk, "employer_id": employer_id}
    )


def test_each_card_links_to_the_employers_booth(client, venue, week):
    registration = join(venue, week, "甲单位")

    response = client.get(reverse("venues:venue_week_fair", kwargs={"slug": venue.slug, "week_id": week.pk}))

    assert f'href="{booth_url(venue, week, registration.employer_id)}"' in response.text


def test_week_booth_shows_its_public_postings_week_sessions_and_on_duty_person(client, venue, week):
    registration = join(venue, week, "甲单位", postings=2)
    registration.postings.add(PostingFactory(employer=registration.employer, title="甲单位草稿职位"))  # not public
    registration.on_duty_member = EmployerMemberFactory(employer=registration.employer, user__first_name="周专员")
    registration.on_duty_hours = "9:00—17:00"
    registration.save(update_fields=["on_duty_member", "on_duty_hours"])
    employer = registration.employer
    SessionFactory(employer=employer, week=week, venue=venue, special_fair=None, title="甲单位宣讲会")
    SessionFactory(employer=employer, week=week, venue=venue, special_fair=None, title="待审宣讲会", status="pending")
    SessionFactory(
        employer=employer,
        week=WeekFactory(year=2031, season="autumn"),
        venue=venue,
        special_fair=None,
        title="别周宣讲会",
    )

    response = client.get(booth_url(venue, week, employer.pk))

    assert response.status_code == 200
    assert text_of(response.content, "booth-duty") == "在线专人：周专员（9:00—17:00）"
    assert sorted(texts(response.content, id="booth-postings")[0].split()) == ["甲单位职位0", "甲单位职位1"]
    assert [title.split()[0] for title in texts(response.content, id="booth-sessions")] == ["甲单位宣讲会"]


@pytest.mark.parametrize("case", ["pending", "other_venue", "other_week", "unknown_employer", "unknown_venue"])
def test_week_booth_is_404_unless_the_registration_there_is_approved(client, venue, week, case):
    registration = join(
        venue, week, "甲单位", status=FairRegistrationStatus.PENDING if case == "pending" else "approved"
    )
    other_venue = BranchVenueFactory(province=ProvinceFactory(code="82", name="乙省"), system=System.HR)
    url = {
        "pending": booth_url(venue, week, registration.employer_id),
        "other_venue": booth_url(other_venue, week, registration.employer_id),
        "other_week": booth_url(venue, WeekFactory(year=2031, season="autumn"), registration.employer_id),
        "unknown_employer": booth_url(venue, week, 2**31 - 1),
        "unknown_venue": f"/venues/no-such-venue/fairs/{week.pk}/booths/{registration.employer_id}/",
    }[case]

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_week_booth_query_count_is_constant(client, venue, week, django_assert_num_queries, n):
    registration = join(venue, week, "甲单位", postings=n)
    for i in range(n):
        session = SessionFactory(
            employer=registration.employer,
            week=week,
            venue=venue,
            special_fair=None,
            starts_at=SESSION_START + dt.timedelta(hours=i),
        )
        assert session.pk

    # venue, registration, postings, sessions, their slots
    with django_assert_num_queries(5):
        response = client.get(booth_url(venue, week, registration.employer_id))

    assert response.text.count('<li id="session-') == n
    assert texts(response.content, id="booth-postings")[0].count("甲单位职位") == n


@pytest.mark.parametrize("path", ["/fairs/1/booths/{big}/", "/venues/{slug}/fairs/{week}/booths/{big}/"])
def test_a_booth_with_an_employer_id_past_any_database_id_is_404(client, venue, week, path):
    response = client.get(path.format(big="9" * 20, slug=venue.slug, week=week.pk))

    assert response.status_code == 404
