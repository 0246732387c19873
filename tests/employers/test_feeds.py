import pytest

from events.enums import FairRegistrationStatus
from tests.factories import FairRegistrationFactory, PostingFactory, WeekFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    """One approved registration showing a public posting, plus postings that must never appear."""
    week = WeekFactory(year=2031, season="spring")
    approved = FairRegistrationFactory(week=week, status=FairRegistrationStatus.APPROVED)
    shown = PostingFactory(employer=approved.employer, published=True, title="会计")
    draft = PostingFactory(employer=approved.employer, title="草稿职位")
    approved.postings.add(shown, draft)
    pending = FairRegistrationFactory(week=week, venue=approved.venue)
    pending.postings.add(PostingFactory(employer=pending.employer, published=True, title="待审核单位职位"))
    PostingFactory(published=True, title="未参会职位")
    return approved.venue, shown


def test_venue_json_feed_lists_only_fair_postings(client, fair):
    venue, shown = fair
    response = client.get(f"/feeds/venues/{venue.slug}/postings.json")
    assert response.status_code == 200
    body = response.json()
    assert [item["title"] for item in body["items"]] == [f"会计 · {shown.employer.name}"]
    assert body["items"][0]["url"].endswith(f"/jobs/{shown.pk}/")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_venue_and_week_xml_feeds_list_only_fair_postings(client, fair, kind):
    venue, shown = fair
    for url in (f"/feeds/venues/{venue.slug}/postings.{kind}", f"/feeds/weeks/2031/spring/postings.{kind}"):
        text = client.get(url).content.decode()
        assert text.count("<item>" if kind == "rss" else "<entry>") == 1
        assert f"会计 · {shown.employer.name}" in text
        for hidden in ("草稿职位", "待审核单位职位", "未参会职位"):
            assert hidden not in text


def test_feeds_unknown_venue_or_week_is_404(client):
    assert client.get("/feeds/venues/no-such-venue/postings.rss").status_code == 404
    assert client.get("/feeds/weeks/1999/spring/postings.json").status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_week_json_feed_query_count_is_constant(client, django_assert_num_queries, n):
    week = WeekFactory(year=2032, season="summer")
    registration = FairRegistrationFactory(week=week, status=FairRegistrationStatus.APPROVED)
    for _ in range(n):
        registration.postings.add(PostingFactory(employer=registration.employer, published=True))
    with django_assert_num_queries(2):  # the week, then the postings with their employers
        body = client.get("/feeds/weeks/2032/summer/postings.json").json()
    assert len(body["items"]) == n
