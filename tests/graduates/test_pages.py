"""The graduate's own pages: dashboard, recommendations; who may open them."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from graduates.enums import GraduateStatus
from marketplace import services
from tests.factories import EmployerFactory, GraduateFactory, UserFactory, discipline
from tests.factories.graduates import beijing_graduate, public_posting
from tests.pages import text_of, texts

pytestmark = pytest.mark.django_db

GRADUATE_PAGES = [
    "graduates:dashboard",
    "graduates:profile",
    "graduates:application_list",
    "graduates:recommended",
    "graduates:saved_postings",
    "graduates:saved_searches",
    "graduates:export",
    "graduates:account_delete",
]


@pytest.mark.parametrize("name", GRADUATE_PAGES)
def test_graduate_pages_send_anonymous_to_login(client, name):
    response = client.get(reverse(name))

    assert (response.status_code, response["Location"]) == (302, f"{reverse('accounts:login')}?next={reverse(name)}")


@pytest.mark.parametrize("name", GRADUATE_PAGES)
@pytest.mark.parametrize(
    "make_user", [lambda: UserFactory(), lambda: EmployerFactory(approved=True).user], ids=["plain-user", "employer"]
)
def test_graduate_pages_refuse_other_roles(client, name, make_user):
    client.force_login(make_user())

    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize(
    ("status_kwargs", "text"),
    [
        ({}, "注册审核：待审核"),
        (
            {"status": GraduateStatus.REJECTED, "status_reason": "学籍信息不符"},
            "注册审核：未通过 审核意见： 学籍信息不符 更正并重新提交",
        ),
        ({"status": GraduateStatus.APPROVED}, "注册审核：已通过 审核已通过，可以在线投递简历。"),
    ],
)
def test_dashboard_shows_review_status(client, status_kwargs, text):
    graduate = GraduateFactory(**status_kwargs)
    client.force_login(graduate.user)

    html = client.get(reverse("graduates:dashboard")).content

    assert text_of(html, "review-status").startswith(text)


def test_dashboard_lists_upcoming_interviews(client):
    graduate = GraduateFactory(approved=True)
    application = services.application_submit(graduate=graduate, posting=public_posting(title="出纳"))
    at = timezone.now() + dt.timedelta(days=2)
    services.application_invite(application=application, actor=None, at=at, mode="phone", location="010-12345678")
    client.force_login(graduate.user)

    html = client.get(reverse("graduates:dashboard")).content.decode()

    assert f"出纳 · {application.posting.employer.name}" in html
    assert "电话面试" in html


def test_recommended_page_shows_postings_with_reasons(client):
    graduate = beijing_graduate(approved=True, discipline=discipline("12"))
    fits = public_posting(title="审计", degree_requirement="any")
    fits.disciplines.set([discipline("12")])
    public_posting(title="无关", degree_requirement="any").disciplines.set([discipline("08")])
    client.force_login(graduate.user)

    html = client.get(reverse("graduates:recommended")).content

    assert texts(html, class_="job-card__title") == ["审计"]
    assert texts(html, class_="match__reasons") == ["学科门类对口：管理学 +30 不限学历 +10"]


@pytest.mark.parametrize("count", [1, 3])
def test_recommended_page_query_count(client, django_assert_num_queries, count):
    graduate = beijing_graduate(approved=True, discipline=discipline("12"))
    employer = EmployerFactory(approved=True)
    for _ in range(count):
        public_posting(employer=employer, degree_requirement="any").disciplines.set([discipline("12")])
    client.force_login(graduate.user)

    # session, user+graduate, preferred provinces, the ranking, scored postings, the graduate's
    # discipline (for the reasons), unread messages; on PostgreSQL the ranking is of the bounded
    # candidates, with its planner settings read, set and put back inside a savepoint (the test's
    # transaction): five more. Seen again: the remembered ranking, so one query less (and none of the planner's).
    with django_assert_num_queries(7 if connection.vendor != "postgresql" else 12):
        response = client.get(reverse("graduates:recommended"))
    with django_assert_num_queries(6):
        again = client.get(reverse("graduates:recommended"))

    assert len(texts(again.content, class_="job-card")) == count
    assert len(texts(response.content, class_="job-card")) == count


@pytest.mark.parametrize("count", [1, 3])
def test_recommendations_api_query_count(client, django_assert_num_queries, count):
    graduate = beijing_graduate(approved=True, discipline=discipline("12"))
    employer = EmployerFactory(approved=True)
    for _ in range(count):
        public_posting(employer=employer, degree_requirement="any").disciplines.set([discipline("12")])
    client.force_login(graduate.user)

    # session, user+graduate, preferred provinces, the ranking, scored postings, the graduate's
    # discipline; on PostgreSQL five more, as above; seen again, the remembered ranking
    with django_assert_num_queries(6 if connection.vendor != "postgresql" else 11):
        response = client.get(reverse("api-graduate-recommendations"))
    with django_assert_num_queries(5):
        assert client.get(reverse("api-graduate-recommendations")).json() == response.json()

    results = response.json()["results"]
    assert len(results) == count
    assert [r["text"] for r in results[0]["reasons"]] == ["学科门类对口：管理学", "不限学历"]


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count(client, django_assert_num_queries, count):
    graduate = GraduateFactory(approved=True)
    employer = EmployerFactory(approved=True)
    for _ in range(count):
        application = services.application_submit(graduate=graduate, posting=public_posting(employer=employer))
        services.application_invite(
            application=application,
            actor=None,
            at=timezone.now() + dt.timedelta(days=1),
            mode="online",
            location="https://meet.example.cn/1",
        )
    client.force_login(graduate.user)

    # session, user+graduate, status counts, upcoming interviews, unread messages
    with django_assert_num_queries(5):
        response = client.get(reverse("graduates:dashboard"))

    assert response.content.decode().count("视频面试") == count
