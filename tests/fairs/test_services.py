import pytest
from django.core.exceptions import ValidationError

from events.enums import FairRegistrationStatus
from fairs import services
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.workflow import InvalidTransition
from tests.factories import FairRegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_fair_registration_approve_notifies_employer_with_week_and_venue():
    registration = FairRegistrationFactory()
    services.fair_registration_approve(registration=registration, actor=UserFactory(is_staff=True))
    registration.refresh_from_db()
    assert registration.status == FairRegistrationStatus.APPROVED
    notification = Notification.objects.get()
    assert notification.recipient == registration.employer.user
    assert (notification.payload["week_name"], notification.payload["venue_name"]) == (
        registration.week.name,
        registration.venue.name,
    )


def test_fair_registration_reject_requires_reason():
    registration = FairRegistrationFactory()
    with pytest.raises(ValidationError):
        services.fair_registration_reject(registration=registration, actor=None, reason="")
    services.fair_registration_reject(registration=registration, actor=None, reason="岗位与本场主题不符")
    registration.refresh_from_db()
    assert (registration.status, registration.status_reason) == ("rejected", "岗位与本场主题不符")


def test_fair_registration_withdrawn_cannot_be_approved():
    registration = FairRegistrationFactory(status=FairRegistrationStatus.WITHDRAWN)
    with pytest.raises(InvalidTransition):
        services.fair_registration_approve(registration=registration, actor=None)
    registration.refresh_from_db()
    assert registration.status == "withdrawn"
