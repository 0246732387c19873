import pytest
from django.core.exceptions import ValidationError

from employers import services
from employers.enums import EmployerStatus
from employers.models import Employer
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.workflow import InvalidTransition
from tests.factories import EmployerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return UserFactory(username="reviewer", is_staff=True)


def test_employer_approve_pending_records_reviewer_audit_and_notification(reviewer):
    employer = EmployerFactory()
    result = services.employer_approve(employer=employer, actor=reviewer)
    employer.refresh_from_db()
    assert (result.status, employer.status, employer.reviewed_by) == ("approved", "approved", reviewer)
    assert employer.reviewed_at is not None
    assert list(AuditEntry.objects.values_list("action", "actor", "target_id", "data")) == [
        ("employers.employer.approved", reviewer.pk, str(employer.pk), {"from": "pending", "to": "approved"})
    ]
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (employer.user, "employer_approved")
    assert notification.payload["employer_name"] == employer.name


def test_employer_reject_requires_reason_and_changes_nothing_without(reviewer):
    employer = EmployerFactory()
    with pytest.raises(ValidationError) as exc:
        services.employer_reject(employer=employer, actor=reviewer, reason="  ")
    assert exc.value.message_dict == {"reason": ["请填写原因。"]}
    employer.refresh_from_db()
    assert employer.status == "pending"
    assert (AuditEntry.objects.count(), Notification.objects.count()) == (0, 0)


def test_employer_reject_with_reason_notifies_with_reason(reviewer):
    employer = EmployerFactory()
    services.employer_reject(employer=employer, actor=reviewer, reason="营业执照不清晰")
    employer.refresh_from_db()
    assert (employer.status, employer.status_reason) == ("rejected", "营业执照不清晰")
    assert Notification.objects.get().payload["reason"] == "营业执照不清晰"


@pytest.mark.parametrize(
    ("status", "call"),
    [
        (EmployerStatus.APPROVED, lambda e, a: services.employer_approve(employer=e, actor=a)),
        (EmployerStatus.REJECTED, lambda e, a: services.employer_reject(employer=e, actor=a, reason="x")),
        (EmployerStatus.PENDING, lambda e, a: services.employer_suspend(employer=e, actor=a, reason="x")),
        (EmployerStatus.APPROVED, lambda e, a: services.employer_reinstate(employer=e, actor=a)),
        (EmployerStatus.PENDING, lambda e, a: services.employer_resubmit(employer=e, actor=a)),
    ],
)
def test_employer_illegal_transition_is_refused_and_changes_nothing(reviewer, status, call):
    employer = EmployerFactory(status=status, status_reason="原因" if status != "pending" else "")
    before = Employer.objects.values().get(pk=employer.pk)
    with pytest.raises(InvalidTransition):
        call(employer, reviewer)
    assert Employer.objects.values().get(pk=employer.pk) == before
    assert (AuditEntry.objects.count(), Notification.objects.count()) == (0, 0)


def test_employer_suspend_then_reinstate_notifies_each_time(reviewer):
    employer = EmployerFactory(approved=True)
    services.employer_suspend(employer=employer, actor=reviewer, reason="虚假招聘信息")
    services.employer_reinstate(employer=employer, actor=reviewer)
    services.employer_suspend(employer=employer, actor=reviewer, reason="再次违规")
    employer.refresh_from_db()
    assert (employer.status, employer.status_reason) == ("suspended", "再次违规")
    assert list(Notification.objects.order_by("id").values_list("kind", flat=True)) == [
        "employer_suspended",
        "employer_reinstated",
        "employer_suspended",
    ]
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "employers.employer.suspended",
        "employers.employer.reinstated",
        "employers.employer.suspended",
    ]


def test_employer_resubmit_after_rejection_returns_to_pending(reviewer):
    employer = EmployerFactory(status=EmployerStatus.REJECTED, status_reason="信息不全")
    services.employer_resubmit(employer=employer, actor=employer.user)
    employer.refresh_from_db()
    assert employer.status == "pending"
    assert AuditEntry.objects.get().action == "employers.employer.resubmitted"
