"""The employer API: own postings (/api/v1/employer/postings/) — the same rules as the pages."""

import datetime as dt

import pytest
from django.utils import timezone

from employers.models import JobPosting
from recruitment_weeks.audit.models import AuditEntry
from tests.api.errors import forbidden, invalid
from tests.factories import (
    EmployerFactory,
    PostingFactory,
)

pytestmark = pytest.mark.django_db


def posting_json(**overrides) -> dict:
    data = {
        "title": "测试工程师",
        "description": "负责软件测试。",
        "requirements": "计算机相关专业。",
        "headcount": 2,
        "city": "北京市",
        "degree_requirement": "bachelor",
        "salary_min": 8000,
        "salary_max": 12000,
        "valid_until": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def approved(client):
    employer = EmployerFactory(approved=True)
    client.force_login(employer.user)
    return employer


@pytest.fixture
def pending(client):
    employer = EmployerFactory()
    client.force_login(employer.user)
    return employer


def test_api_posting_create_publish_and_close(client, approved):
    created = client.post(
        "/api/v1/employer/postings/", {**posting_json(), "publish": True}, content_type="application/json"
    )
    pk = created.json()["id"]
    closed = client.post(f"/api/v1/employer/postings/{pk}/close/")

    assert (created.status_code, created.json()["status"], created.json()["province"]) == (
        201,
        "published",
        approved.province.code,
    )
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")


def test_api_posting_pending_employer_may_save_draft_but_not_publish(client, pending):
    draft = client.post("/api/v1/employer/postings/", {"title": "草稿"}, content_type="application/json")
    publish = client.post(f"/api/v1/employer/postings/{draft.json()['id']}/publish/")
    create_published = client.post(
        "/api/v1/employer/postings/", {**posting_json(), "publish": True}, content_type="application/json"
    )

    assert (draft.status_code, draft.json()["status"]) == (201, "draft")
    assert (publish.status_code, publish.json()) == (403, forbidden("单位注册信息审核通过后才能发布职位。"))
    assert (create_published.status_code, create_published.json()) == (
        403,
        forbidden("单位注册信息审核通过后才能发布职位。"),
    )
    assert list(JobPosting.objects.values_list("status", flat=True)) == ["draft"]


def test_api_posting_discriminatory_text_field_error(client, approved):
    response = client.post(
        "/api/v1/employer/postings/",
        {**posting_json(requirements="仅限北京户口"), "publish": True},
        content_type="application/json",
    )

    assert (response.status_code, response.json()) == (
        400,
        invalid({"requirements": ["“仅限北京户口”违反招聘“三严禁”规定（不得设置户籍限制），请修改后再提交。"]}),
    )


def test_api_posting_publish_incomplete_lists_fields(client, approved):
    draft = client.post(
        "/api/v1/employer/postings/", {"title": "草稿", "city": "北京"}, content_type="application/json"
    )

    response = client.post(f"/api/v1/employer/postings/{draft.json()['id']}/publish/")

    assert response.status_code == 400
    assert sorted(response.json()["fields"]) == [
        "description",
        "headcount",
        "requirements",
        "salary_max",
        "salary_min",
        "valid_until",
    ]


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("patch", "", {"title": "篡改"}),
        ("post", "publish/", None),
        ("post", "close/", None),
    ],
)
def test_api_posting_of_another_employer_is_404_and_unchanged(client, approved, method, suffix, body):
    other = PostingFactory(published=True)
    before = JobPosting.objects.values().get(pk=other.pk)

    kwargs = {"data": body, "content_type": "application/json"} if body else {}
    response = getattr(client, method)(f"/api/v1/employer/postings/{other.pk}/{suffix}", **kwargs)

    assert response.status_code == 404
    assert JobPosting.objects.values().get(pk=other.pk) == before
    assert AuditEntry.objects.count() == 0


def test_api_posting_list_only_own(client, approved):
    mine = PostingFactory(employer=approved)
    PostingFactory(published=True)

    response = client.get("/api/v1/employer/postings/")

    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


@pytest.mark.parametrize("count", [1, 3])
def test_api_posting_list_query_count_is_constant(client, approved, django_assert_num_queries, count):
    for _ in range(count):
        PostingFactory(employer=approved, published=True).disciplines.set([])

    # session, user, postings, their disciplines
    with django_assert_num_queries(4):
        response = client.get("/api/v1/employer/postings/")

    body = response.json()
    assert (len(body["results"]), body["next"], body["previous"]) == (count, None, None)
