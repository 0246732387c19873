from dataclasses import dataclass

import pytest

from conversations.models import Conversation
from conversations.services import conversation_open
from employers.models import Employer
from graduates.models import Application, Graduate
from recruitment_weeks.accounts.models import User
from tests.factories import ApplicationFactory, EmployerFactory, GraduateFactory, PostingFactory, UserFactory
from tests.factories.staff import staff_user


@dataclass
class Parties:
    employer: Employer
    graduate: Graduate
    application: Application
    conversation: Conversation
    others: dict[str, User]


def make_parties() -> Parties:
    employer = EmployerFactory(user=UserFactory(username="conv-employer"), approved=True, name="沟通甲单位")
    graduate = GraduateFactory(user=UserFactory(username="conv-graduate"), approved=True, name="沟通甲同学")
    application = ApplicationFactory(graduate=graduate, posting=PostingFactory(employer=employer, published=True))
    conversation = conversation_open(application=application, actor=graduate.user)
    other_employer = EmployerFactory(
        user=UserFactory(username="conv-employer-b"), approved=True, reviewing_venue=employer.reviewing_venue
    )
    other_graduate = GraduateFactory(user=UserFactory(username="conv-graduate-b"), approved=True)
    other_venue_staff = staff_user("conv-staff-b", other_employer_venue := EmployerFactory().reviewing_venue)
    assert other_employer_venue.pk != employer.reviewing_venue_id
    others = {
        "other_employer": other_employer.user,
        "other_graduate": other_graduate.user,
        "staff_other_venue": other_venue_staff,
        "staff_same_venue": staff_user("conv-staff-a", employer.reviewing_venue),
    }
    return Parties(employer, graduate, application, conversation, others)


@pytest.fixture
def parties(db, private_storage) -> Parties:
    return make_parties()
