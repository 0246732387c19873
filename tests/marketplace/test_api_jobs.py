"""/api/v1/jobs/: the same search, filters and keyset pages as the page."""

import base64
import json

import pytest
from django.urls import reverse
from django.utils import translation

from employers.enums import PostingStatus
from recruitment_weeks.pagination import encode_token
from tests.api.errors import invalid
from tests.factories import EmployerFactory, PostingFactory, discipline
from tests.factories.graduates import public_posting

pytestmark = pytest.mark.django_db


def test_jobs_api_search_with_keyword_and_filters(client):
    match = public_posting(title="财务会计", degree_requirement="bachelor")
    public_posting(title="财务会计", degree_requirement="master")
    public_posting(title="统计会议")
    PostingFactory(title="财务会计", status=PostingStatus.DRAFT)

    response = client.get(reverse("api-jobs"), {"q": "会计", "degree": "bachelor"})

    body = response.json()
    assert [r["id"] for r in body["results"]] == [match.pk]
    assert body["results"][0]["employer"]["name"] == match.employer.name
    assert (body["next"], body["previous"]) == (None, None)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_jobs_api_items_are_exactly_the_list_serializers(client, language):
    """The search builds its items directly (posting_list_items); they must equal what the documented
    PostingListSerializer gives, field for field, in each language."""
    from employers.selectors import postings_public
    from marketplace.api.serializers import PostingListSerializer
    from marketplace.search import search_postings

    public_posting(title="财务会计", degree_requirement="bachelor", city="海淀区")
    public_posting(title="审计会计", degree_requirement="any")

    response = client.get(reverse("api-jobs"), {"q": "会计"}, HTTP_ACCEPT_LANGUAGE=language)

    ids = [row["id"] for row in search_postings(params={"q": "会计"}).postings]
    postings = sorted(postings_public().filter(pk__in=ids), key=lambda posting: ids.index(posting.pk))
    with translation.override(language):
        expected = PostingListSerializer(postings, many=True).data
    assert response.json()["results"] == json.loads(json.dumps(expected))
    assert len(expected) == 2


def test_jobs_api_invalid_parameters_are_field_errors(client):
    response = client.get(reverse("api-jobs"), {"industry": "ZZ", "salary_min": "abc"})

    assert response.status_code == 400
    assert sorted(response.json()["fields"]) == ["industry", "salary_min"]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "\x00",  # a NUL byte in the query string
        encode_token(["after", "new", "2020-05-18T08:00:00+08:00\x00", 5]),
        encode_token(["after", "new", "\ud800", 5]),  # a lone surrogate, JSON-escaped
        encode_token(["after\ud800", "new", "2020-05-18T08:00:00+08:00", 5]),
        encode_token(["after", "new", "0001-01-01T00:00:00+14:00", 5]),  # no UTC time for it
        encode_token(["before", "new", "9999-12-31T23:59:59-14:00", 5]),
    ],
)
def test_jobs_api_invalid_cursor_is_a_field_error(client, cursor):
    response = client.get(reverse("api-jobs"), {"cursor": cursor})

    assert (response.status_code, response.json()) == (400, invalid({"cursor": ["分页参数无效，请从第一页开始。"]}))


def test_jobs_api_cursor_of_the_earlier_spaced_json_still_works(client):
    """Cursors issued before the search shared the lists' envelope (json.dumps with spaces)."""
    employer = EmployerFactory(approved=True)
    first, second = (public_posting(employer=employer, salary_max=9000 + i) for i in range(2))
    old = base64.urlsafe_b64encode(json.dumps(["after", "salary", 9001, second.pk]).encode()).decode().rstrip("=")

    response = client.get(reverse("api-jobs"), {"sort": "salary", "cursor": old})

    assert (response.status_code, [row["id"] for row in response.json()["results"]]) == (200, [first.pk])


def test_jobs_api_pages_follow_next_links(client):
    employer = EmployerFactory(approved=True)
    postings = [public_posting(employer=employer, title=f"职位{i}", salary_max=9000 + i) for i in range(25)]

    first = client.get(reverse("api-jobs"), {"sort": "salary"}).json()
    second = client.get(first["next"]).json()

    assert [r["id"] for r in first["results"] + second["results"]] == [p.pk for p in reversed(postings)]
    assert "sort=salary" in first["next"]
    assert second["next"] is None and second["previous"] is not None


def test_jobs_api_page_size_sets_the_page_and_stays_in_the_links(client):
    employer = EmployerFactory(approved=True)
    postings = [public_posting(employer=employer, title=f"职位{i}", salary_max=9000 + i) for i in range(7)]

    pages = [client.get(reverse("api-jobs"), {"sort": "salary", "page_size": 3}).json()]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"]).json())
    back = client.get(pages[-1]["previous"]).json()

    ids = [p.pk for p in reversed(postings)]
    assert [[r["id"] for r in page["results"]] for page in pages] == [ids[0:3], ids[3:6], ids[6:]]
    assert "page_size=3" in pages[0]["next"] and "page_size=3" in pages[-1]["previous"]
    assert [r["id"] for r in back["results"]] == ids[3:6]


@pytest.mark.parametrize("value", ["0", "101", "abc", "-1"])
def test_jobs_api_page_size_outside_1_to_100_is_a_field_error(client, value):
    response = client.get(reverse("api-jobs"), {"page_size": value})

    assert (response.status_code, response.json()) == (
        400,
        invalid({"page_size": ["每页条数须为 1 到 100 之间的整数。"]}),
    )


def test_jobs_api_detail_includes_employer_and_disciplines(client):
    posting = public_posting(title="审计")
    posting.disciplines.set([discipline("12")])

    body = client.get(reverse("api-job-detail", args=[posting.pk])).json()

    assert (body["title"], body["disciplines"], body["employer"]["name"]) == (
        "审计",
        [{"code": "12", "name": "管理学"}],
        posting.employer.name,
    )
    assert "contact_mobile" not in body["employer"]


@pytest.mark.parametrize("count", [1, 3])
def test_jobs_api_query_count(client, django_assert_num_queries, count):
    for _ in range(count):
        public_posting(title="会计")

    # provinces, disciplines, weeks, venues (parameter validation), the page of postings; the items'
    # provinces' codes and names come from the same cached province rows (all but the postings
    # cached for a minute)
    with django_assert_num_queries(5):
        response = client.get(reverse("api-jobs"), {"q": "会计"})

    assert len(response.json()["results"]) == count
