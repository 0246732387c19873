"""The employer API: applications received (/api/v1/employer/applications/) and the moves."""

import datetime as dt

import pytest
from django.utils import timezone

from graduates.models import Application
from recruitment_weeks.notifications.models import Notification
from tests.api.errors import invalid, non_field
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    PostingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(client):
    employer = EmployerFactory(approved=True)
    client.force_login(employer.user)
    return employer


def test_api_application_list_per_posting_has_no_contact_details(client, approved):
    posting = PostingFactory(employer=approved, published=True)
    application = ApplicationFactory(posting=posting)
    ApplicationFactory(posting=PostingFactory(employer=approved, published=True))

    response = client.get(f"/api/v1/employer/applications/?posting={posting.pk}")

    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [application.pk]
    assert sorted(rows[0]["graduate"]) == ["degree", "degree_label", "graduation_year", "major", "name", "university"]


def test_api_application_detail_shows_contact_and_moves_notify(client, approved):
    application = ApplicationFactory(posting=PostingFactory(employer=approved, published=True))
    at = (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)

    detail = client.get(f"/api/v1/employer/applications/{application.pk}/")
    viewed = client.post(f"/api/v1/employer/applications/{application.pk}/view/")
    invited = client.post(
        f"/api/v1/employer/applications/{application.pk}/invite/",
        {"at": at.isoformat(), "mode": "phone", "location": "010-12345678"},
        content_type="application/json",
    )
    illegal = client.post(f"/api/v1/employer/applications/{application.pk}/hire/")
    rejected = client.post(
        f"/api/v1/employer/applications/{application.pk}/reject/", {"reason": "已招满"}, content_type="application/json"
    )

    assert detail.json()["contact"] == {"mobile": application.graduate.mobile, "email": application.graduate.email}
    assert (viewed.json()["status"], invited.json()["status"], invited.json()["interview_mode"]) == (
        "viewed",
        "interview",
        "phone",
    )
    assert (illegal.status_code, illegal.json()) == (
        400,
        non_field("当前状态为“邀请面试”，不能变为“已录用”。"),
    )
    assert (rejected.status_code, rejected.json()["status"]) == (200, "rejected")
    assert Notification.objects.filter(recipient=application.graduate.user).count() == 3


def test_api_application_invite_past_time_is_a_field_error(client, approved):
    application = ApplicationFactory(posting=PostingFactory(employer=approved, published=True))

    response = client.post(
        f"/api/v1/employer/applications/{application.pk}/invite/",
        {"at": "2020-01-01T10:00:00+08:00", "mode": "phone", "location": "010-1"},
        content_type="application/json",
    )

    assert (response.status_code, response.json()) == (400, invalid({"at": ["面试时间必须晚于当前时间。"]}))


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("post", "view/", None),
        ("post", "offer/", None),
        ("post", "reject/", {"reason": "x"}),
    ],
)
def test_api_application_of_another_employer_is_404_and_unchanged(client, approved, method, suffix, body):
    other = ApplicationFactory(status="interview")
    before = Application.objects.values().get(pk=other.pk)

    kwargs = {"data": body, "content_type": "application/json"} if body else {}
    response = getattr(client, method)(f"/api/v1/employer/applications/{other.pk}/{suffix}", **kwargs)

    assert response.status_code == 404
    assert Application.objects.values().get(pk=other.pk) == before
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("count", [1, 3])
def test_api_application_list_query_count_is_constant(client, approved, django_assert_num_queries, count):
    posting = PostingFactory(employer=approved, published=True)
    for _ in range(count):
        ApplicationFactory(posting=posting)

    # session, user, applications with posting and graduate (a cursor page counts nothing)
    with django_assert_num_queries(3):
        response = client.get("/api/v1/employer/applications/")

    body = response.json()
    assert (len(body["results"]), body["next"], body["previous"]) == (count, None, None)
