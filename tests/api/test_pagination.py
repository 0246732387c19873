"""Keyset pagination of every large API list (recruitment_weeks.pagination).

Each list is walked page by page (3 rows a page) over rows of two users that share their timestamps
(so only the primary-key tiebreaker orders them): the signed-in user gets each of their own rows
exactly once, in the documented order, and never a row of the other user; walking back with the
"previous" links gives the same pages; no request counts.
"""

import base64
import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from employers.models import Employer, JobPosting
from events.models import FairRegistration, RecruitmentWeek
from graduates.models import Application, Graduate, SavedPosting
from recruitment_weeks.pagination import InvalidCursor, KeysetCursorPagination, decode_token, encode_token
from tests.api.errors import INVALID_EN, invalid
from tests.factories import (
    ApplicationFactory,
    BranchVenueFactory,
    EmployerFactory,
    FairRegistrationFactory,
    GraduateFactory,
    PostingFactory,
    ProvinceFactory,
    WeekFactory,
)
from tests.factories.graduates import SavedPostingFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db

NEWER = dt.datetime(2030, 4, 23, 9, 30, 0, 123456, tzinfo=dt.UTC)
OLDER = NEWER - dt.timedelta(days=1)
ROWS = 7  # with 3 a page: pages of 3, 3 and 1
INVALID = "分页参数无效，请从第一页开始。"


def stamp(model, field: str, rows: list, older: object, newer: object) -> None:
    """Rows 0, 2, 4, 6 of each user at ``newer``, rows 1, 3, 5 at ``older``: identical values, so
    within a value only the id orders them, and id order is not the list's order."""
    for n, row in enumerate(rows):
        model.objects.filter(pk=row.pk).update(**{field: newer if n % 2 == 0 else older})


def newest_first(ids: list[int]) -> list[int]:
    # Rows 6, 4, 2, 0 (newer, id descending), then 5, 3, 1 (older, id descending).
    return [ids[6], ids[4], ids[2], ids[0], ids[5], ids[3], ids[1]]


def oldest_first(ids: list[int]) -> list[int]:
    # Rows 1, 3, 5 (older, id ascending), then 0, 2, 4, 6 (newer, id ascending).
    return [ids[1], ids[3], ids[5], ids[0], ids[2], ids[4], ids[6]]


def two_venues():
    return [BranchVenueFactory(province=ProvinceFactory(code=str(code))) for code in (91, 92)]


def interleaved(make_mine, make_other) -> tuple[list, list]:
    """ROWS rows each, created alternately, so the other user's ids sit between ours."""
    mine, other = [], []
    for n in range(ROWS):
        mine.append(make_mine(n))
        other.append(make_other(n))
    return mine, other


# --- One arrangement per list: (url, the signed-in user's rows in the documented order, the rest) ------


def employer_postings(client):
    me, them = EmployerFactory(approved=True), EmployerFactory(approved=True)
    mine, other = interleaved(lambda n: PostingFactory(employer=me), lambda n: PostingFactory(employer=them))
    stamp(JobPosting, "updated_at", mine + other, OLDER, NEWER)
    client.force_login(me.user)
    return "/api/v1/employer/postings/", newest_first([p.pk for p in mine]), [p.pk for p in other]


def employer_fair_registrations(client):
    me, them = EmployerFactory(approved=True), EmployerFactory(approved=True)
    weeks = [WeekFactory(year=2031 + n) for n in range(ROWS)]
    mine, other = interleaved(
        lambda n: FairRegistrationFactory(employer=me, week=weeks[n]),
        lambda n: FairRegistrationFactory(employer=them, week=weeks[n]),
    )
    stamp(FairRegistration, "submitted_at", mine + other, OLDER, NEWER)
    client.force_login(me.user)
    return "/api/v1/employer/fair-registrations/", newest_first([r.pk for r in mine]), [r.pk for r in other]


def employer_applications(client):
    me, them = EmployerFactory(approved=True), EmployerFactory(approved=True)
    mine_posting = PostingFactory(employer=me, published=True)
    their_posting = PostingFactory(employer=them, published=True)
    mine, other = interleaved(
        lambda n: ApplicationFactory(posting=mine_posting), lambda n: ApplicationFactory(posting=their_posting)
    )
    stamp(Application, "created_at", mine + other, OLDER, NEWER)
    client.force_login(me.user)
    return "/api/v1/employer/applications/", newest_first([a.pk for a in mine]), [a.pk for a in other]


def reviewer_employers(client):
    here, there = two_venues()
    mine, other = interleaved(
        lambda n: EmployerFactory(province=here.province, reviewing_venue=here),
        lambda n: EmployerFactory(province=there.province, reviewing_venue=there),
    )
    stamp(Employer, "submitted_at", mine + other, OLDER, NEWER)
    client.force_login(staff_user("reviewer", here))
    return "/api/v1/employers/", newest_first([e.pk for e in mine]), [e.pk for e in other]


def fair_registration_at(venue):
    return FairRegistrationFactory(
        employer=EmployerFactory(province=venue.province, reviewing_venue=venue, approved=True), venue=venue
    )


def reviewer_fair_registrations(client):
    here, there = two_venues()
    mine, other = interleaved(lambda n: fair_registration_at(here), lambda n: fair_registration_at(there))
    stamp(FairRegistration, "submitted_at", mine + other, OLDER, NEWER)
    client.force_login(staff_user("reviewer", here))
    return "/api/v1/fair-registrations/", newest_first([r.pk for r in mine]), [r.pk for r in other]


def graduate_applications(client):
    me, them = GraduateFactory(approved=True), GraduateFactory(approved=True)
    mine, other = interleaved(lambda n: ApplicationFactory(graduate=me), lambda n: ApplicationFactory(graduate=them))
    stamp(Application, "status_changed_at", mine + other, OLDER, NEWER)
    client.force_login(me.user)
    return "/api/v1/applications/", newest_first([a.pk for a in mine]), [a.pk for a in other]


def saved_postings(client):
    me, them = GraduateFactory(), GraduateFactory()
    mine, other = interleaved(lambda n: SavedPostingFactory(graduate=me), lambda n: SavedPostingFactory(graduate=them))
    stamp(SavedPosting, "created_at", mine + other, OLDER, NEWER)
    client.force_login(me.user)
    # A saved posting is shown as its posting.
    return "/api/v1/saved-postings/", newest_first([s.posting_id for s in mine]), [s.posting_id for s in other]


def queue(kind: str, model, make):
    def arrange(client):
        here, there = two_venues()
        mine, other = interleaved(lambda n: make(here), lambda n: make(there))
        stamp(model, "submitted_at", mine + other, OLDER, NEWER)
        client.force_login(staff_user("reviewer", here))
        # The queues are the longest-waiting first.
        return f"/api/v1/staff/review-queue/{kind}/", oldest_first([r.pk for r in mine]), [r.pk for r in other]

    return arrange


def weeks(client):
    seeded = list(RecruitmentWeek.objects.order_by("starts_on", "id").values_list("pk", flat=True))
    mine = [WeekFactory(year=2060 + n, starts_on=dt.date(2060, 1, 1)) for n in range(ROWS)]
    RecruitmentWeek.objects.filter(pk__in=[w.pk for w in mine[::2]]).update(
        starts_on=dt.date(2060, 2, 1), ends_on=dt.date(2060, 2, 7)
    )
    return "/api/v1/weeks/", seeded + oldest_first([w.pk for w in mine]), []


LISTS = {
    "employer-postings": employer_postings,
    "employer-fair-registrations": employer_fair_registrations,
    "employer-applications": employer_applications,
    "reviewer-employers": reviewer_employers,
    "reviewer-fair-registrations": reviewer_fair_registrations,
    "graduate-applications": graduate_applications,
    "saved-postings": saved_postings,
    "queue-employers": queue("employers", Employer, lambda v: EmployerFactory(province=v.province, reviewing_venue=v)),
    "queue-graduates": queue(
        "graduates", Graduate, lambda v: GraduateFactory(university_province=v.province, reviewing_venue=v)
    ),
    "queue-fair-registrations": queue("fair-registrations", FairRegistration, fair_registration_at),
    "weeks": weeks,
}


def walk(client, url: str, link: str) -> list[list[int]]:
    """The ids of each page, following ``link`` ("next" or "previous") until it is null."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert list(body) == ["next", "previous", "results"]
        pages.append([row["id"] if "id" in row else row["posting"]["id"] for row in body["results"]])
        url = body[link]
    return pages


@pytest.mark.parametrize("name", list(LISTS))
def test_api_list_walk_returns_own_rows_once_in_order(client, name):
    url, expected, others = LISTS[name](client)

    with CaptureQueriesContext(connection) as queries:
        pages = walk(client, f"{url}?page_size=3", "next")

    assert [row for page in pages for row in page] == expected
    assert [len(page) for page in pages] == [3] * (len(expected) // 3) + (
        [len(expected) % 3] if len(expected) % 3 else []
    )
    assert not set(expected) & set(others)  # the other user's rows were created and never shown
    assert [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()] == []


@pytest.mark.parametrize("name", list(LISTS))
def test_api_list_walk_back_gives_the_same_pages(client, name):
    url, _expected, _others = LISTS[name](client)
    forward = walk(client, f"{url}?page_size=3", "next")
    last = client.get(f"{url}?page_size=3")
    while last.json()["next"]:
        last = client.get(last.json()["next"])

    backward = walk(client, last.json()["previous"], "previous")

    assert backward == forward[-2::-1]


def test_api_list_first_page_has_no_previous_and_last_no_next(client):
    url, expected, _others = graduate_applications(client)

    first = client.get(url, {"page_size": 4}).json()
    second = client.get(first["next"]).json()

    assert (first["previous"], [r["id"] for r in first["results"]]) == (None, expected[:4])
    assert (second["next"], [r["id"] for r in second["results"]]) == (None, expected[4:])
    previous = urlsplit(second["previous"])
    assert (previous.path, sorted(parse_qs(previous.query))) == ("/api/v1/applications/", ["cursor", "page_size"])


def test_api_list_default_page_is_20_rows(client):
    me, employer = GraduateFactory(approved=True), EmployerFactory(approved=True)
    for _ in range(21):
        ApplicationFactory(graduate=me, posting=PostingFactory(employer=employer, published=True))
    client.force_login(me.user)

    body = client.get("/api/v1/applications/").json()

    assert (len(body["results"]), body["next"] is not None, body["previous"]) == (20, True, None)


def test_api_list_keeps_its_filter_across_pages(client):
    me = EmployerFactory(approved=True)
    one, two = PostingFactory(employer=me, published=True), PostingFactory(employer=me, published=True)
    to_one = [ApplicationFactory(posting=one).pk for _ in range(3)]
    ApplicationFactory(posting=two)
    client.force_login(me.user)

    pages = walk(client, f"/api/v1/employer/applications/?posting={one.pk}&page_size=2", "next")

    assert pages == [[to_one[2], to_one[1]], [to_one[0]]]


# --- Tampered cursors ------------------------------------------------------------------------------


def token(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


TAMPERED = {
    "not-base64": "!!!",
    "not-json": base64.urlsafe_b64encode(b"p=2030-01-01").decode(),
    "not-an-object": token([1, 2]),
    "no-position": token({"r": 0}),
    "short-position": token({"r": 0, "p": ["2030-04-23T09:30:00+00:00"]}),
    "bad-direction": token({"r": 2, "p": ["2030-04-23T09:30:00+00:00", "1"]}),
    "not-a-time": token({"r": 0, "p": ["yesterday", "1"]}),
    "naive-time": token({"r": 0, "p": ["2030-04-23T09:30:00", "1"]}),
    "a-date-from-another-list": token({"r": 0, "p": ["2060-01-01", "1"]}),
    "not-a-number": token({"r": 0, "p": ["2030-04-23T09:30:00+00:00", "one"]}),
    "id-out-of-range": token({"r": 0, "p": ["2030-04-23T09:30:00+00:00", "9" * 30]}),
    "number-not-string": token({"r": 0, "p": ["2030-04-23T09:30:00+00:00", 1]}),
    "nul-byte": "\x00",
    "nul-in-json": token({"r": 0, "p": ["2030-04-23T09:30:00+00:00", "1\x00"]}),
    "lone-surrogate": token({"r": 0, "p": ["2030-04-23T09:30:00+00:00\ud800", "1"]}),
    # Timestamps a datetime holds but UTC cannot: SQLite's adapter converts to UTC (OverflowError).
    "year-1-east-of-utc": token({"r": 0, "p": ["0001-01-01T00:00:00+14:00", "1"]}),
    "year-9999-west-of-utc": token({"r": 0, "p": ["9999-12-31T23:59:59-14:00", "1"]}),
    "year-1-reverse": token({"r": 1, "p": ["0001-01-01T00:00:00+23:59", "1"]}),
}


@pytest.mark.parametrize("name", list(TAMPERED))
def test_api_list_tampered_cursor_is_400(client, name):
    me = GraduateFactory(approved=True)
    ApplicationFactory(graduate=me)
    client.force_login(me.user)

    response = client.get("/api/v1/applications/", {"cursor": TAMPERED[name]})

    assert (response.status_code, response.json()) == (400, invalid({"cursor": [INVALID]}))


def test_api_list_tampered_cursor_message_in_english(client):
    response = client.get("/api/v1/weeks/", {"cursor": "!!!"}, HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response.json()) == (
        400,
        invalid({"cursor": ["Invalid pagination parameter; please start from the first page."]}, INVALID_EN),
    )


def test_api_list_cursor_of_a_date_list_works_on_its_own_list_only(client):
    WeekFactory(year=2060)
    page = client.get("/api/v1/weeks/", {"page_size": 1}).json()
    cursor = page["next"].split("cursor=")[1]
    me = GraduateFactory(approved=True)
    client.force_login(me.user)

    response = client.get("/api/v1/applications/", {"cursor": cursor})

    assert (response.status_code, response.json()) == (400, invalid({"cursor": [INVALID]}))


# --- The paginator itself ----------------------------------------------------------------------------


def request(query: str = "") -> Request:
    return Request(APIRequestFactory().get(f"/api/v1/x/{query}"))


@pytest.mark.parametrize(
    ("query", "size"),
    [("", 20), ("?page_size=", 20), ("?page_size=5", 5), ("?page_size=100", 100)],
)
def test_paginator_page_size_is_capped(query, size):
    assert KeysetCursorPagination().get_page_size(request(query)) == size


@pytest.mark.parametrize("value", ["0", "101", "-3", "x", "2.5"])
def test_api_list_page_size_out_of_range_is_a_field_error(client, value):
    response = client.get("/api/v1/weeks/", {"page_size": value})

    assert (response.status_code, response.json()) == (
        400,
        invalid({"page_size": ["每页条数须为 1 到 100 之间的整数。"]}),
    )


@pytest.mark.parametrize(
    "queryset",
    [
        lambda: RecruitmentWeek.objects.order_by("starts_on"),  # not unique
        lambda: RecruitmentWeek.objects.all().order_by(),  # no order
        lambda: Application.objects.order_by("-posting__published_at", "-id"),  # across a relation
        lambda: Employer.objects.order_by("-reviewed_at", "-id"),  # nullable
    ],
)
def test_paginator_refuses_an_ordering_without_a_keyset(queryset):
    with pytest.raises(ImproperlyConfigured):
        KeysetCursorPagination().paginate_queryset(queryset(), request())


def test_paginator_position_keeps_microseconds():
    posting = PostingFactory()
    JobPosting.objects.filter(pk=posting.pk).update(updated_at=NEWER)
    paginator = KeysetCursorPagination()
    paginator.paginate_queryset(JobPosting.objects.order_by("-updated_at", "-id"), request())

    encoded = paginator.encode_cursor(reverse=False, instance=JobPosting.objects.get(pk=posting.pk))

    payload = encoded.split("cursor=")[1]
    assert json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))) == {
        "r": 0,
        "p": ["2030-04-23T09:30:00.123456+00:00", str(posting.pk)],
    }


# --- The cursor envelope shared with the job search ----------------------------------------------------


@pytest.mark.parametrize("payload", [{"r": 1, "p": ["2030-04-23T09:30:00+00:00", "7"]}, ["after", "new", "x", 1]])
def test_encode_token_round_trips_unpadded_url_safe(payload):
    encoded = encode_token(payload)

    assert (decode_token(encoded), "=" in encoded, "+" in encoded or "/" in encoded) == (payload, False, False)


@pytest.mark.parametrize(
    "encoded",
    ["!!!", "\x00", "é", token("\x00"), token(["a", {"k": "\ud800"}]), token({"\x00": 1}), "W1tbW1tbW1tbW1td"],
)
def test_decode_token_refuses_what_encode_token_does_not_make(encoded):
    with pytest.raises(InvalidCursor):
        decode_token(encoded)
