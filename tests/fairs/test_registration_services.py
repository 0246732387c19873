"""Applying to join a week's fair, withdrawing, and the reviewers' decisions."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from events.models import FairRegistration, RecruitmentWeek
from fairs import services
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.workflow import InvalidTransition
from tests.factories import EmployerFactory, FairRegistrationFactory, PostingFactory, UserFactory, WeekFactory
from venues.models import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def week():
    return WeekFactory(year=2030)  # upcoming whatever today is


def setup_employer(**kwargs):
    employer = EmployerFactory(approved=True, **kwargs)
    return employer, [PostingFactory(employer=employer, published=True) for _ in range(2)]


def test_fair_registration_apply_creates_pending_with_chosen_postings(week):
    employer, (shown, _hidden) = setup_employer()

    registration = services.fair_registration_apply(
        employer=employer, week=week, venue=employer.reviewing_venue, postings=[shown], actor=employer.user
    )

    assert (registration.status, registration.week, registration.venue) == ("pending", week, employer.reviewing_venue)
    assert list(registration.postings.all()) == [shown]
    assert list(AuditEntry.objects.values_list("action", "data")) == [
        ("events.fairregistration.submitted", {"postings": [shown.pk]})
    ]


@pytest.mark.parametrize("status", ["pending", "rejected", "suspended"])
def test_fair_registration_apply_by_unapproved_employer_is_refused(week, status):
    employer = EmployerFactory(status=status, status_reason="" if status == "pending" else "原因")
    posting = PostingFactory(employer=employer)

    with pytest.raises(ValidationError) as exc:
        services.fair_registration_apply(
            employer=employer, week=week, venue=employer.reviewing_venue, postings=[posting], actor=employer.user
        )

    assert (exc.value.code, exc.value.messages) == (
        "employer_not_approved",
        ["单位注册信息审核通过后才能申请加入招聘会。"],
    )
    assert FairRegistration.objects.count() == 0


def test_fair_registration_apply_to_closed_week_is_refused():
    employer, postings = setup_employer()
    closed = RecruitmentWeek.objects.get(year=2020, season="winter")

    with pytest.raises(ValidationError) as exc:
        services.fair_registration_apply(
            employer=employer, week=closed, venue=employer.reviewing_venue, postings=postings, actor=employer.user
        )

    assert exc.value.message_dict == {"week": ["该招聘周已结束，不能再报名。"]}
    assert FairRegistration.objects.count() == 0


@pytest.mark.parametrize(
    ("postings", "message"),
    [
        (lambda e: [], "请至少选择一个已发布的职位。"),
        (lambda e: [PostingFactory(employer=e)], "只能选择本单位已发布的职位。"),
        (lambda e: [PostingFactory(published=True)], "只能选择本单位已发布的职位。"),
    ],
    ids=["none", "own-draft", "another-employers"],
)
def test_fair_registration_apply_postings_must_be_own_published(week, postings, message):
    employer, _ = setup_employer()

    with pytest.raises(ValidationError) as exc:
        services.fair_registration_apply(
            employer=employer, week=week, venue=employer.reviewing_venue, postings=postings(employer), actor=None
        )

    assert exc.value.message_dict == {"postings": [message]}
    assert FairRegistration.objects.count() == 0


def test_fair_registration_apply_twice_returns_the_same_and_changes_nothing(week):
    employer, postings = setup_employer()
    first = services.fair_registration_apply(
        employer=employer, week=week, venue=employer.reviewing_venue, postings=postings[:1], actor=None
    )

    second = services.fair_registration_apply(
        employer=employer, week=week, venue=employer.reviewing_venue, postings=postings, actor=None
    )

    assert second.pk == first.pk
    assert list(second.postings.all()) == postings[:1]
    assert (FairRegistration.objects.count(), AuditEntry.objects.count()) == (1, 1)


def test_fair_registration_same_week_other_venue_is_a_second_registration(week):
    employer, postings = setup_employer()

    services.fair_registration_apply(
        employer=employer, week=week, venue=employer.reviewing_venue, postings=postings, actor=None
    )
    services.fair_registration_apply(
        employer=employer, week=week, venue=Venue.objects.get(slug="main-hr"), postings=postings, actor=None
    )

    assert FairRegistration.objects.filter(employer=employer).count() == 2


def test_fair_registration_withdraw_then_apply_again_reuses_row(week):
    employer, postings = setup_employer()
    registration = services.fair_registration_apply(
        employer=employer, week=week, venue=employer.reviewing_venue, postings=postings[:1], actor=None
    )

    services.fair_registration_withdraw(registration=registration, actor=employer.user)
    again = services.fair_registration_apply(
        employer=employer, week=week, venue=employer.reviewing_venue, postings=postings, actor=employer.user
    )

    assert (again.pk, again.status) == (registration.pk, "pending")
    assert set(again.postings.all()) == set(postings)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "events.fairregistration.submitted",
        "events.fairregistration.withdrawn",
        "events.fairregistration.resubmitted",
    ]


def test_fair_registration_rejected_may_apply_again_and_reason_clears(week):
    registration = FairRegistrationFactory(week=week, status="rejected", status_reason="职位信息不完整")
    posting = PostingFactory(employer=registration.employer, published=True)

    again = services.fair_registration_apply(
        employer=registration.employer, week=week, venue=registration.venue, postings=[posting], actor=None
    )

    again.refresh_from_db()
    assert (again.pk, again.status, again.status_reason, again.reviewed_by) == (registration.pk, "pending", "", None)


def test_fair_registration_withdraw_after_week_closed_is_refused():
    registration = FairRegistrationFactory(week=RecruitmentWeek.objects.get(year=2020, season="spring"))

    with pytest.raises(ValidationError) as exc:
        services.fair_registration_withdraw(registration=registration, actor=None)

    assert exc.value.messages == ["该招聘周已结束，不能撤回报名。"]
    assert FairRegistration.objects.get().status == "pending"


def test_fair_registration_withdraw_twice_is_an_illegal_transition(week):
    registration = FairRegistrationFactory(week=week, status="withdrawn")

    with pytest.raises(InvalidTransition) as exc:
        services.fair_registration_withdraw(registration=registration, actor=None)

    assert exc.value.messages == ["当前状态为“已撤回”，不能变为“已撤回”。"]


def test_fair_registration_approve_and_reject_notify_the_employer(week):
    reviewer = UserFactory(is_staff=True)
    approved = FairRegistrationFactory(week=week)
    rejected = FairRegistrationFactory(week=week)

    services.fair_registration_approve(registration=approved, actor=reviewer)
    services.fair_registration_reject(registration=rejected, actor=reviewer, reason="请补充职位信息")

    assert list(Notification.objects.order_by("id").values_list("recipient", "kind", "payload__reason")) == [
        (approved.employer.user_id, "fair_registration_approved", ""),
        (rejected.employer.user_id, "fair_registration_rejected", "请补充职位信息"),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fair_registration_apply_concurrently_creates_one():
    if connection.vendor != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL; SQLite serialises writers")
    week = WeekFactory(year=2030)
    employer, postings = setup_employer()
    barrier = threading.Barrier(4)
    results, errors = [], []

    def apply():
        try:
            barrier.wait()
            registration = services.fair_registration_apply(
                employer=employer, week=week, venue=employer.reviewing_venue, postings=postings, actor=employer.user
            )
            results.append(registration.pk)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1
    assert FairRegistration.objects.filter(employer=employer).count() == 1
    assert AuditEntry.objects.filter(action="events.fairregistration.submitted").count() == 1
    assert set(FairRegistration.objects.get(employer=employer).postings.all()) == set(postings)
