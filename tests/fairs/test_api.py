"""The employer API: fair registrations (/api/v1/employer/fair-registrations/)."""

import pytest

from events.models import FairRegistration, RecruitmentWeek
from tests.api.errors import forbidden, invalid
from tests.factories import (
    EmployerFactory,
    EmployerMemberFactory,
    FairRegistrationFactory,
    PostingFactory,
    WeekFactory,
)

pytestmark = pytest.mark.django_db


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


def test_api_fair_registration_apply_and_withdraw(client, approved):
    week = WeekFactory(year=2030)
    posting = PostingFactory(employer=approved, published=True)

    created = client.post(
        "/api/v1/employer/fair-registrations/",
        {"week": week.pk, "venue": "main-hr", "postings": [posting.pk]},
        content_type="application/json",
    )
    withdrawn = client.post(f"/api/v1/employer/fair-registrations/{created.json()['id']}/withdraw/")

    assert (created.status_code, created.json()["status"], created.json()["postings"]) == (201, "pending", [posting.pk])
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")


def test_api_fair_registration_names_a_team_member_on_duty(client, approved):
    week = WeekFactory(year=2030)
    posting = PostingFactory(employer=approved, published=True)
    member = EmployerMemberFactory(employer=approved, user__first_name="吴专员")

    created = client.post(
        "/api/v1/employer/fair-registrations/",
        {"week": week.pk, "venue": "main-hr", "postings": [posting.pk], "on_duty_member": member.pk,
         "on_duty_hours": "9:00—17:00"},
        content_type="application/json",
    )  # fmt: skip

    body = created.json()
    assert (created.status_code, body["on_duty_member"], body["on_duty_member_name"], body["on_duty_hours"]) == (
        201,
        member.pk,
        "吴专员",
        "9:00—17:00",
    )


def test_api_fair_registration_another_employers_member_is_not_found(client, approved):
    week = WeekFactory(year=2030)
    posting = PostingFactory(employer=approved, published=True)

    response = client.post(
        "/api/v1/employer/fair-registrations/",
        {"week": week.pk, "venue": "main-hr", "postings": [posting.pk], "on_duty_member": EmployerMemberFactory().pk},
        content_type="application/json",
    )

    assert (response.status_code, list(response.json()["fields"])) == (400, ["on_duty_member"])
    assert FairRegistration.objects.count() == 0


def test_api_fair_registration_recruiter_reads_but_cannot_apply(client, approved):
    recruiter = EmployerMemberFactory(employer=approved)
    FairRegistrationFactory(employer=approved, week=WeekFactory(year=2030))
    posting = PostingFactory(employer=approved, published=True)
    client.force_login(recruiter.user)

    listed = client.get("/api/v1/employer/fair-registrations/")
    refused = client.post(
        "/api/v1/employer/fair-registrations/",
        {"week": WeekFactory(year=2031).pk, "venue": "main-hr", "postings": [posting.pk]},
        content_type="application/json",
    )

    assert (listed.status_code, len(listed.json()["results"]), refused.status_code) == (200, 1, 403)
    assert FairRegistration.objects.count() == 1


def test_api_fair_registration_pending_employer_is_forbidden(client, pending):
    week = WeekFactory(year=2030)
    posting = PostingFactory(employer=pending)

    response = client.post(
        "/api/v1/employer/fair-registrations/",
        {"week": week.pk, "venue": "main-hr", "postings": [posting.pk]},
        content_type="application/json",
    )

    assert (response.status_code, response.json()) == (403, forbidden("单位注册信息审核通过后才能申请加入招聘会。"))
    assert FairRegistration.objects.count() == 0


def test_api_fair_registration_another_employers_posting_is_not_found(client, approved):
    week = WeekFactory(year=2030)
    other = PostingFactory(published=True)

    response = client.post(
        "/api/v1/employer/fair-registrations/",
        {"week": week.pk, "venue": "main-hr", "postings": [other.pk]},
        content_type="application/json",
    )

    assert (response.status_code, list(response.json()["fields"])) == (400, ["postings"])
    assert FairRegistration.objects.count() == 0


def test_api_fair_registration_closed_week_is_a_field_error(client, approved):
    posting = PostingFactory(employer=approved, published=True)
    closed = RecruitmentWeek.objects.get(year=2020, season="autumn")

    response = client.post(
        "/api/v1/employer/fair-registrations/",
        {"week": closed.pk, "venue": "main-hr", "postings": [posting.pk]},
        content_type="application/json",
    )

    assert (response.status_code, response.json()) == (400, invalid({"week": ["该招聘周已结束，不能再报名。"]}))


@pytest.mark.parametrize(("method", "suffix"), [("get", ""), ("post", "withdraw/")])
def test_api_fair_registration_of_another_employer_is_404_and_unchanged(client, approved, method, suffix):
    other = FairRegistrationFactory(week=WeekFactory(year=2030))
    before = FairRegistration.objects.values().get(pk=other.pk)

    response = getattr(client, method)(f"/api/v1/employer/fair-registrations/{other.pk}/{suffix}")

    assert response.status_code == 404
    assert FairRegistration.objects.values().get(pk=other.pk) == before


@pytest.mark.parametrize("count", [1, 3])
def test_api_fair_registration_list_query_count_is_constant(client, approved, django_assert_num_queries, count):
    for n in range(count):
        registration = FairRegistrationFactory(employer=approved, week=WeekFactory(year=2030 + n))
        registration.postings.set([PostingFactory(employer=approved, published=True)])

    # session, user, registrations (+ week, venue), their postings
    with django_assert_num_queries(4):
        response = client.get("/api/v1/employer/fair-registrations/")

    body = response.json()
    assert (len(body["results"]), body["next"], body["previous"]) == (count, None, None)
