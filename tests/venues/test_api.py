import pytest

from tests.factories import BranchVenueFactory, ProvinceFactory
from venues.enums import System

pytestmark = pytest.mark.django_db


def test_venue_list_api_filters_by_system_and_province(client):
    province = ProvinceFactory(code="90")
    hr = BranchVenueFactory(province=province, system=System.HR, site_url="https://hr.example.cn/")
    BranchVenueFactory(province=province, system=System.EDUCATION)
    response = client.get("/api/v1/venues/", {"system": "hr", "province": "90"})
    assert response.status_code == 200
    assert [(v["slug"], v["parent"], v["province"]["code"], v["site_url"]) for v in response.json()] == [
        (hr.slug, "main-hr", "90", "https://hr.example.cn/")
    ]


@pytest.mark.parametrize("value", ["1", "110", "北京", "1\x00"])
def test_venue_list_api_province_must_be_two_digits(client, value):
    response = client.get("/api/v1/venues/", {"province": value})

    expected = {"province": ["省级行政区划代码为两位数字，如 11。"]}
    assert (response.status_code, response.json()["fields"]) == (400, expected)


@pytest.mark.parametrize("n", [1, 3])
def test_venue_list_api_query_count_is_constant(client, django_assert_num_queries, n):
    for i in range(n):
        BranchVenueFactory(province=ProvinceFactory(code=str(90 + i)))
    with django_assert_num_queries(1):
        assert client.get("/api/v1/venues/").status_code == 200


def test_venue_detail_api_by_slug(client):
    venue = BranchVenueFactory(province=ProvinceFactory(code="91"))
    response = client.get(f"/api/v1/venues/{venue.slug}/")
    assert (response.status_code, response.json()["name"]) == (200, venue.name)
    assert client.get("/api/v1/venues/no-such-venue/").status_code == 404
