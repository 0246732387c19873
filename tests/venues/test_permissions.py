import pytest

from tests.factories import BranchVenueFactory, MainVenueFactory, ProvinceFactory, UserFactory
from tests.factories.staff import staff_user
from venues.enums import System
from venues.models import Venue
from venues.permissions import (
    can_manage_venue,
    is_main_venue_staff,
    is_venue_staff,
    staff_scope,
    venues_managed_by,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def venues():
    a, b = ProvinceFactory(code="81"), ProvinceFactory(code="82")
    return {
        "a_hr": BranchVenueFactory(province=a, system=System.HR),
        "a_edu": BranchVenueFactory(province=a, system=System.EDUCATION),
        "b_hr": BranchVenueFactory(province=b, system=System.HR),
    }


def test_venues_managed_by_provincial_staff_is_their_own_venue_only(venues, django_assert_num_queries):
    user = staff_user("s", venues["a_hr"])

    with django_assert_num_queries(2):  # the scope, then the venues
        managed = list(venues_managed_by(user))
        again = staff_scope(user)  # remembered for the request: no query

    assert (managed, again.main_systems, again.is_main_staff) == ([venues["a_hr"]], frozenset(), False)


def test_venues_managed_by_main_venue_staff_is_their_whole_system(venues):
    main_hr = MainVenueFactory(system=System.HR)
    user = staff_user("m", main_hr)

    managed = set(venues_managed_by(user))

    assert managed == set(Venue.objects.filter(system=System.HR))
    assert {main_hr, venues["a_hr"], venues["b_hr"]} <= managed
    assert venues["a_edu"] not in managed
    assert (is_venue_staff(user), is_main_venue_staff(user)) == (True, True)


def test_venues_managed_by_superuser_is_everything(venues):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)

    assert (venues_managed_by(user).count(), can_manage_venue(user, venues["b_hr"])) == (Venue.objects.count(), True)


@pytest.mark.parametrize(
    ("is_staff", "is_active"),
    [(False, True), (True, False)],
    ids=["member-without-is_staff", "inactive-staff"],
)
def test_membership_alone_grants_nothing_without_active_is_staff(venues, is_staff, is_active):
    user = staff_user("s", venues["a_hr"])
    user.is_staff, user.is_active = is_staff, is_active

    assert (list(venues_managed_by(user)), is_venue_staff(user), can_manage_venue(user, venues["a_hr"])) == (
        [],
        False,
        False,
    )


def test_staff_without_membership_and_anonymous_manage_nothing(venues):
    from django.contrib.auth.models import AnonymousUser

    plain = UserFactory(username="plain", is_staff=True)

    assert (is_venue_staff(plain), is_venue_staff(AnonymousUser()), is_venue_staff(None)) == (False, False, False)


def test_can_manage_venue_of_other_province_is_false(venues):
    user = staff_user("s", venues["a_hr"], venues["a_edu"])

    assert [can_manage_venue(user, v) for v in venues.values()] == [True, True, False]
