import pytest

from tests.factories import BranchVenueFactory, ProvinceFactory
from tests.pages import clear_catalogue, make_branch_venues, make_main_venues
from venues.enums import OrganisationRole, System
from venues.models import Organisation, OrganiserContact, Platform
from venues.selectors import (
    organiser_contacts,
    organisers,
    venue_branches,
    venue_detail,
    venues_for_choice,
    venues_grouped_by_province,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_test_data():
    clear_catalogue()


def test_venues_grouped_by_province_orders_by_code_then_education_first(django_assert_num_queries):
    education_main, hr_main = make_main_venues()
    # Created in the "wrong" order, so neither insertion order nor primary keys explain the result.
    later = ProvinceFactory(code="20", name="测试省20", short_name="测20", name_en="Test Province 20")
    hr_20 = BranchVenueFactory(province=later, system=System.HR)
    education_20 = BranchVenueFactory(province=later, system=System.EDUCATION)
    earlier = ProvinceFactory(code="19", name="测试省19", short_name="测19", name_en="Test Province 19")
    education_19 = BranchVenueFactory(province=earlier, system=System.EDUCATION)

    with django_assert_num_queries(1):
        directory = venues_grouped_by_province()
        groups = [(group.province, group.venues) for group in directory.provinces]
        parents = [venue.parent for venue in directory.branches]

    assert directory.main == [education_main, hr_main]
    assert groups == [(earlier, [education_19]), (later, [education_20, hr_20])]
    assert directory.branch_count == 3
    assert parents == [education_main, education_main, hr_main]


def test_venue_detail_of_main_venue_lists_branches_of_its_system_only():
    make_main_venues()
    education_10, _, education_11, _ = make_branch_venues(4)

    venue = venue_detail(slug="main-education")

    assert (venue.slug, venue_branches(venue=venue)) == ("main-education", [education_10, education_11])


def test_venue_detail_of_branch_has_no_branches_and_unknown_is_none():
    make_main_venues()
    branch = make_branch_venues(1)[0]

    assert (venue_branches(venue=venue_detail(slug=branch.slug)), venue_detail(slug="nope")) == ([], None)


def test_organisers_splits_hosts_and_undertakers_in_published_order():
    hr = Organisation.objects.create(
        name="人力资源社会保障部", role=OrganisationRole.HOST, system=System.HR, position=2
    )
    moe = Organisation.objects.create(name="教育部", role=OrganisationRole.HOST, system=System.EDUCATION, position=1)
    centre = Organisation.objects.create(
        name="全国人才流动中心", role=OrganisationRole.UNDERTAKER, system=System.HR, position=1
    )
    second = Platform.objects.create(name="中国就业网", url="https://www.chinajob.gov.cn", system=System.HR, position=2)
    first = Platform.objects.create(name="新职业网", url="https://www.ncss.cn", system=System.EDUCATION, position=1)

    result = organisers()

    assert (result.hosts, result.undertakers, result.platforms) == ([moe, hr], [centre], [first, second])


def test_organiser_contacts_groups_by_system_education_first():
    hr = OrganiserContact.objects.create(system=System.HR, unit="就业促进司", people="范淼", phone="1", position=1)
    moe = OrganiserContact.objects.create(
        system=System.EDUCATION, unit="高校学生司", people="蔡", phone="2", position=2
    )

    groups = organiser_contacts()

    assert [(group.system, group.contacts) for group in groups] == [(System.EDUCATION, [moe]), (System.HR, [hr])]


def test_venues_for_choice_main_first_then_branches_by_province_education_first(django_assert_num_queries):
    clear_catalogue()
    make_branch_venues(4)  # made before the main venues: the order is the query's, not the ids'
    make_main_venues()
    with django_assert_num_queries(1):  # each venue with its province
        rows = [(v.kind, v.province.code if v.province else None, v.system) for v in venues_for_choice()]

    assert rows == [
        ("main", None, System.EDUCATION),
        ("main", None, System.HR),
        ("branch", "10", System.EDUCATION),
        ("branch", "10", System.HR),
        ("branch", "11", System.EDUCATION),
        ("branch", "11", System.HR),
    ]
