"""Every admin list of the staff issue runs the same number of queries for 1 and for 3 rows."""

import pytest
from django.urls import reverse

from tests.factories import (
    ApplicationFactory,
    BranchVenueFactory,
    EmployerFactory,
    FairRegistrationFactory,
    GraduateFactory,
    PostingFactory,
    ProvinceFactory,
    WeekFactory,
)
from tests.factories.staff import AnnouncementFactory, ContactFormFactory, SiteLinkReportFactory, staff_user
from venues.enums import System

pytestmark = pytest.mark.django_db


def _employer(venue, **kw):
    return EmployerFactory(province=venue.province, reviewing_venue=venue, **kw)


MAKERS = {
    "employers_employer": lambda v, i: _employer(v),
    "graduates_graduate": lambda v, i: GraduateFactory(university_province=v.province, reviewing_venue=v),
    "events_fairregistration": lambda v, i: FairRegistrationFactory(
        employer=_employer(v, approved=True), week=WeekFactory(year=2030), venue=v
    ),
    "employers_jobposting": lambda v, i: PostingFactory(employer=_employer(v, approved=True)),
    "graduates_application": lambda v, i: ApplicationFactory(
        posting=PostingFactory(employer=_employer(v, approved=True), published=True),
        graduate=GraduateFactory(university_province=v.province, reviewing_venue=v, approved=True),
    ),
    "venues_sitelinkreport": lambda v, i: SiteLinkReportFactory(venue=v, week=WeekFactory(year=2030)),
    "venues_contactform": lambda v, i: ContactFormFactory(venue=v),
    "venues_announcement": lambda v, i: AnnouncementFactory(venue=v),
    "venues_venue": lambda v, i: v,
    "venues_venuemembership": lambda v, i: v.memberships.get(),
}
# session, user, scope, the capped count of the listed rows, the rows
# with their joined parents, the filters' choices, the admin sidebar's two permission lookups (the
# portal header's inbox badge is not on admin pages: not counted)
# No count of the whole table beside the list's own (show_full_result_count off), and the graduates'
# year filter has fixed choices (no SELECT DISTINCT over every graduate).
EXPECTED = {
    "employers_employer": 8,
    "graduates_graduate": 8,
    "events_fairregistration": 9,
    "employers_jobposting": 7,
    "graduates_application": 7,
    "venues_sitelinkreport": 9,
    "venues_contactform": 8,
    "venues_announcement": 8,
    "venues_venue": 7,
    "venues_venuemembership": 7,
}


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("changelist", list(MAKERS))
def test_admin_list_query_count_is_constant(client, django_assert_num_queries, changelist, n):
    venues = [
        BranchVenueFactory(province=ProvinceFactory(code=str(81 + i), name=f"测试{i}省"), system=System.HR)
        for i in range(n)
    ]
    user = staff_user("staff", *venues)
    rows = [MAKERS[changelist](venue, i) for i, venue in enumerate(venues)]
    # Rows of another province exist and stay out of the list (and out of the count).
    other = BranchVenueFactory(province=ProvinceFactory(code="90"), system=System.HR)
    staff_user("other", other)
    MAKERS[changelist](other, 9)
    client.force_login(user)

    with django_assert_num_queries(EXPECTED[changelist]):
        response = client.get(reverse(f"admin:{changelist}_changelist"))

    assert {obj.pk for obj in response.context["cl"].result_list} == {row.pk for row in rows}
