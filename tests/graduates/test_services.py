import pytest
from django.core.exceptions import ValidationError

from graduates import services
from graduates.enums import GraduateStatus
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.workflow import InvalidTransition
from tests.factories import GraduateFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_graduate_approve_notifies_and_audits():
    reviewer = UserFactory(is_staff=True)
    graduate = GraduateFactory()
    services.graduate_approve(graduate=graduate, actor=reviewer)
    graduate.refresh_from_db()
    assert (graduate.status, graduate.reviewed_by) == ("approved", reviewer)
    assert AuditEntry.objects.get().action == "graduates.graduate.approved"
    assert Notification.objects.get().kind == "graduate_approved"


def test_graduate_reject_without_reason_is_refused():
    graduate = GraduateFactory()
    with pytest.raises(ValidationError):
        services.graduate_reject(graduate=graduate, actor=None, reason="")
    graduate.refresh_from_db()
    assert graduate.status == "pending"


def test_graduate_reject_then_resubmit_then_approve():
    reviewer = UserFactory(is_staff=True)
    graduate = GraduateFactory()
    services.graduate_reject(graduate=graduate, actor=reviewer, reason="学籍信息与院校不符")
    services.graduate_resubmit(graduate=graduate, actor=graduate.user)
    services.graduate_approve(graduate=graduate, actor=reviewer)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "graduates.graduate.rejected",
        "graduates.graduate.resubmitted",
        "graduates.graduate.approved",
    ]
    assert list(Notification.objects.order_by("id").values_list("kind", flat=True)) == [
        "graduate_rejected",
        "graduate_approved",
    ]


def test_graduate_approve_twice_is_refused():
    graduate = GraduateFactory(status=GraduateStatus.APPROVED)
    with pytest.raises(InvalidTransition):
        services.graduate_approve(graduate=graduate, actor=None)
    assert Notification.objects.count() == 0
