"""The reviewers' API: employers and fair registrations of the staff user's venues, and decisions.

Parametrised by role: anonymous and non-staff → 403; staff of another venue (or the other system's
main venue) → 404 and nothing changes; staff of the venue, of its main venue, and superusers decide.
"""

import pytest

from employers.models import Employer
from employers.selectors import postings_public
from events.models import FairRegistration
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.api.errors import non_field
from tests.factories import (
    EmployerFactory,
    FairRegistrationFactory,
    GraduateFactory,
    MembershipFactory,
    PostingFactory,
    UserFactory,
    WeekFactory,
)
from venues.models import Venue

pytestmark = pytest.mark.django_db


def venue(slug: str) -> Venue:
    return Venue.objects.get(slug=slug)


@pytest.fixture
def bj_employer():
    return EmployerFactory(province=venue("11-hr").province, reviewing_venue=venue("11-hr"))


def reviewer(role: str):
    return {
        "venue-staff": lambda: MembershipFactory(venue=venue("11-hr")).user,
        "main-venue-staff": lambda: MembershipFactory(venue=venue("main-hr")).user,
        "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
    }[role]()


def outsider(role: str):
    return {
        "other-venue-staff": lambda: MembershipFactory(venue=venue("31-hr")).user,
        "other-system-main-staff": lambda: MembershipFactory(venue=venue("main-education")).user,
        "same-province-education-staff": lambda: MembershipFactory(venue=venue("11-education")).user,
    }[role]()


@pytest.mark.parametrize("role", ["venue-staff", "main-venue-staff", "superuser"])
def test_api_employer_approve_by_reviewer_notifies(client, bj_employer, role):
    client.force_login(reviewer(role))

    response = client.post(f"/api/v1/employers/{bj_employer.pk}/approve/")

    assert (response.status_code, response.json()["status"]) == (200, "approved")
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (bj_employer.user, "employer_approved")


@pytest.mark.parametrize("role", ["other-venue-staff", "other-system-main-staff", "same-province-education-staff"])
@pytest.mark.parametrize("decision", ["approve", "reject", "suspend", "reinstate"])
def test_api_employer_decision_by_outsider_is_404_and_changes_nothing(client, bj_employer, role, decision):
    client.force_login(outsider(role))
    before = Employer.objects.values().get(pk=bj_employer.pk)

    response = client.post(f"/api/v1/employers/{bj_employer.pk}/{decision}/", {"reason": "x"})

    assert response.status_code == 404
    assert Employer.objects.values().get(pk=bj_employer.pk) == before
    assert (AuditEntry.objects.count(), Notification.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    "make_user",
    [None, lambda: EmployerFactory().user, lambda: GraduateFactory().user],
    ids=["anonymous", "employer", "graduate"],
)
def test_api_employer_review_refuses_non_staff(client, bj_employer, make_user):
    if make_user:
        client.force_login(make_user())

    listing = client.get("/api/v1/employers/")
    approve = client.post(f"/api/v1/employers/{bj_employer.pk}/approve/")

    assert (listing.status_code, approve.status_code) == (403, 403)
    assert Employer.objects.get(pk=bj_employer.pk).status == "pending"


def test_api_employer_reject_requires_reason_field_error(client, bj_employer):
    client.force_login(reviewer("venue-staff"))

    missing = client.post(f"/api/v1/employers/{bj_employer.pk}/reject/", {})
    blank = client.post(f"/api/v1/employers/{bj_employer.pk}/reject/", {"reason": "  "})
    done = client.post(f"/api/v1/employers/{bj_employer.pk}/reject/", {"reason": "营业执照模糊"})

    assert (missing.status_code, list(missing.json()["fields"])) == (400, ["reason"])
    assert (blank.status_code, list(blank.json()["fields"])) == (400, ["reason"])
    assert (done.json()["status"], done.json()["status_reason"]) == ("rejected", "营业执照模糊")


def test_api_employer_suspend_hides_postings_then_reinstate(client, bj_employer):
    Employer.objects.filter(pk=bj_employer.pk).update(status="approved")
    posting = PostingFactory(employer=bj_employer, published=True)
    client.force_login(reviewer("main-venue-staff"))

    suspended = client.post(f"/api/v1/employers/{bj_employer.pk}/suspend/", {"reason": "虚假招聘"})
    hidden = list(postings_public())
    reinstated = client.post(f"/api/v1/employers/{bj_employer.pk}/reinstate/")

    assert (suspended.json()["status"], hidden) == ("suspended", [])
    assert (reinstated.json()["status"], list(postings_public())) == ("approved", [posting])
    assert list(Notification.objects.order_by("id").values_list("kind", flat=True)) == [
        "employer_suspended",
        "employer_reinstated",
    ]


def test_api_employer_illegal_decision_is_400(client, bj_employer):
    client.force_login(reviewer("venue-staff"))

    response = client.post(f"/api/v1/employers/{bj_employer.pk}/reinstate/")

    assert (response.status_code, response.json()) == (
        400,
        non_field("当前状态为“待审核”，不能变为“已通过”。"),
    )


def test_api_employer_list_only_reviewable_with_status_filter(client, bj_employer):
    EmployerFactory(province=venue("31-hr").province, reviewing_venue=venue("31-hr"))
    approved = EmployerFactory(approved=True, province=venue("11-hr").province, reviewing_venue=venue("11-hr"))
    client.force_login(reviewer("venue-staff"))

    everything = client.get("/api/v1/employers/")
    pending = client.get("/api/v1/employers/?status=pending")

    assert sorted(row["id"] for row in everything.json()["results"]) == sorted([bj_employer.pk, approved.pk])
    assert [row["id"] for row in pending.json()["results"]] == [bj_employer.pk]


@pytest.mark.parametrize("count", [1, 3])
def test_api_employer_review_list_query_count_is_constant(client, django_assert_num_queries, count):
    for _ in range(count):
        EmployerFactory(province=venue("11-hr").province, reviewing_venue=venue("11-hr"))
    client.force_login(reviewer("venue-staff"))

    # session, user, employers (+ province, venue)
    with django_assert_num_queries(3):
        response = client.get("/api/v1/employers/")

    body = response.json()
    assert (len(body["results"]), body["next"], body["previous"]) == (count, None, None)


# --- fair registrations --------------------------------------------------------------------------


@pytest.fixture
def registration(bj_employer):
    Employer.objects.filter(pk=bj_employer.pk).update(status="approved")
    return FairRegistrationFactory(employer=bj_employer, week=WeekFactory(year=2030), venue=venue("11-hr"))


@pytest.mark.parametrize("role", ["venue-staff", "main-venue-staff", "superuser"])
def test_api_fair_registration_decisions_by_reviewer(client, registration, role):
    client.force_login(reviewer(role))

    response = client.post(f"/api/v1/fair-registrations/{registration.pk}/reject/", {"reason": "职位信息不全"})

    assert (response.status_code, response.json()["status"], response.json()["status_reason"]) == (
        200,
        "rejected",
        "职位信息不全",
    )
    assert Notification.objects.get().kind == "fair_registration_rejected"


@pytest.mark.parametrize("role", ["other-venue-staff", "other-system-main-staff", "same-province-education-staff"])
def test_api_fair_registration_decision_by_outsider_is_404(client, registration, role):
    client.force_login(outsider(role))
    before = FairRegistration.objects.values().get(pk=registration.pk)

    response = client.post(f"/api/v1/fair-registrations/{registration.pk}/approve/")

    assert response.status_code == 404
    assert FairRegistration.objects.values().get(pk=registration.pk) == before


def test_api_fair_registration_approve_by_venue_staff(client, registration):
    client.force_login(reviewer("venue-staff"))

    response = client.post(f"/api/v1/fair-registrations/{registration.pk}/approve/")

    assert (response.json()["status"], response.json()["employer_name"]) == ("approved", registration.employer.name)


@pytest.mark.parametrize("count", [1, 3])
def test_api_fair_registration_review_list_query_count_is_constant(
    client, bj_employer, django_assert_num_queries, count
):
    Employer.objects.filter(pk=bj_employer.pk).update(status="approved")
    for n in range(count):
        registration = FairRegistrationFactory(
            employer=bj_employer, week=WeekFactory(year=2030 + n), venue=venue("11-hr")
        )
        registration.postings.set([PostingFactory(employer=bj_employer, published=True)])
    client.force_login(reviewer("venue-staff"))

    # session, user, registrations (+ employer, week, venue), their postings
    with django_assert_num_queries(4):
        response = client.get("/api/v1/fair-registrations/")

    body = response.json()
    assert (len(body["results"]), body["next"], body["previous"]) == (count, None, None)
