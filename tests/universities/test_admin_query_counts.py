"""The admin lists of universities, career-centre members and notices: the number of queries does
not grow with the rows (1 and 3 of each)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.factories.staff import staff_user
from tests.factories.universities import CareerCentreMemberFactory, UniversityFactory
from universities.models import UniversityNotice
from venues.models import Venue

pytestmark = pytest.mark.django_db

COUNTS = {
    # session, user, venue scope, the filter's choices, the capped count, the page, Django's two permission lookups
    "universities_university": 8,
    "universities_careercentremember": 8,
    "universities_universitynotice": 8,
}


def make_rows(count: int) -> None:
    venue = Venue.objects.get(slug="13-education")
    for n in range(count):
        university = UniversityFactory(province=venue.province)
        CareerCentreMemberFactory(university=university, reviewing_venue=venue, status="pending")
        UniversityNotice.objects.create(venue=venue, title=f"通知{n}", body="正文")


@pytest.mark.parametrize("changelist", list(COUNTS))
@pytest.mark.parametrize("count", [1, 3])
def test_admin_changelist_query_count_does_not_grow(client, django_assert_num_queries, changelist, count):
    make_rows(count)
    client.force_login(staff_user("hebei-edu", Venue.objects.get(slug="13-education")))
    client.get(reverse(f"admin:{changelist}_changelist"))

    with django_assert_num_queries(COUNTS[changelist]):
        response = client.get(reverse(f"admin:{changelist}_changelist"))

    assert response.status_code == 200


def test_outcomes_page_query_count_does_not_grow(client, django_assert_num_queries):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.get(reverse("admin:universities_outcomes"))

    with django_assert_num_queries(7):
        client.get(reverse("admin:universities_outcomes"))
