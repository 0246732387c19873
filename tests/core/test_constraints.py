"""The database itself refuses impossible states, whatever code path writes them."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from employers.enums import EmployerStatus, PostingStatus
from events.enums import FairRegistrationStatus
from events.models import RecruitmentWeek
from graduates.enums import ApplicationStatus, GraduateStatus
from tests.factories import (
    ApplicationFactory,
    BranchVenueFactory,
    EmployerFactory,
    FairRegistrationFactory,
    GraduateFactory,
    MainVenueFactory,
    PostingFactory,
    ProvinceFactory,
    WeekFactory,
)
from venues.enums import System, VenueKind
from venues.models import Venue

pytestmark = pytest.mark.django_db


def assert_refused(update) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        update()


def test_week_ending_before_it_starts_is_refused():
    assert_refused(
        lambda: RecruitmentWeek.objects.create(
            year=2031, season="spring", name="x", starts_on=dt.date(2031, 4, 23), ends_on=dt.date(2031, 4, 22)
        )
    )


def test_week_duplicate_year_and_season_is_refused():
    WeekFactory(year=2031, season="summer")
    assert_refused(
        lambda: RecruitmentWeek.objects.create(
            year=2031, season="summer", name="again", starts_on=dt.date(2031, 6, 1), ends_on=dt.date(2031, 6, 7)
        )
    )


def test_employer_unknown_status_is_refused():
    employer = EmployerFactory()
    assert_refused(lambda: type(employer).objects.filter(pk=employer.pk).update(status="deleted"))


@pytest.mark.parametrize("status", [EmployerStatus.REJECTED, EmployerStatus.SUSPENDED])
def test_employer_rejection_or_suspension_without_reason_is_refused(status):
    employer = EmployerFactory()
    assert_refused(lambda: type(employer).objects.filter(pk=employer.pk).update(status=status, status_reason=""))


def test_employer_duplicate_uscc_is_refused():
    employer = EmployerFactory()
    assert_refused(lambda: EmployerFactory(uscc=employer.uscc))


def test_employer_uscc_with_forbidden_letter_is_refused():
    employer = EmployerFactory()
    assert_refused(lambda: type(employer).objects.filter(pk=employer.pk).update(uscc="91350100M000100Y4O"))


def test_posting_salary_min_above_max_is_refused():
    assert_refused(lambda: PostingFactory(salary_min=9000, salary_max=8000))


def test_posting_zero_headcount_is_refused():
    assert_refused(lambda: PostingFactory(headcount=0))


def test_posting_published_without_time_is_refused():
    assert_refused(lambda: PostingFactory(status=PostingStatus.PUBLISHED, published_at=None))


def test_main_venue_with_province_is_refused():
    province = ProvinceFactory()
    assert_refused(
        lambda: Venue.objects.create(
            kind=VenueKind.MAIN, system=System.HR, province=province, slug="bad-main", name="bad", department="d"
        )
    )


def test_branch_venue_without_parent_is_refused():
    province = ProvinceFactory()
    assert_refused(
        lambda: Venue.objects.create(
            kind=VenueKind.BRANCH, system=System.HR, province=province, slug="orphan", name="orphan", department="d"
        )
    )


def test_second_main_venue_of_a_system_is_refused():
    MainVenueFactory(system=System.EDUCATION)
    assert_refused(
        lambda: Venue.objects.create(
            kind=VenueKind.MAIN, system=System.EDUCATION, slug="main-2", name="second", department="d"
        )
    )


def test_second_branch_venue_of_a_system_and_province_is_refused():
    venue = BranchVenueFactory()
    assert_refused(lambda: BranchVenueFactory(province=venue.province, system=venue.system, slug="dup"))


def test_fair_registration_duplicate_is_refused():
    registration = FairRegistrationFactory()
    assert_refused(
        lambda: FairRegistrationFactory(
            employer=registration.employer, week=registration.week, venue=registration.venue
        )
    )


def test_fair_registration_rejected_without_reason_is_refused():
    registration = FairRegistrationFactory()
    assert_refused(
        lambda: type(registration).objects.filter(pk=registration.pk).update(status=FairRegistrationStatus.REJECTED)
    )


def test_graduate_rejected_without_reason_is_refused():
    graduate = GraduateFactory()
    assert_refused(lambda: type(graduate).objects.filter(pk=graduate.pk).update(status=GraduateStatus.REJECTED))


def test_application_duplicate_is_refused():
    application = ApplicationFactory()
    assert_refused(lambda: ApplicationFactory(graduate=application.graduate, posting=application.posting))


def test_application_unknown_status_is_refused():
    application = ApplicationFactory()
    assert_refused(lambda: type(application).objects.filter(pk=application.pk).update(status="lost"))


def test_application_rejected_without_reason_is_refused():
    application = ApplicationFactory()
    assert_refused(
        lambda: (
            type(application)
            .objects.filter(pk=application.pk)
            .update(status=ApplicationStatus.REJECTED, status_changed_at=timezone.now())
        )
    )
