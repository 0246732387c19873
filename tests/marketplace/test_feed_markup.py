"""Feeds carry text, never live markup: whatever is typed in a posting's fields (or a venue's name)
reaches RSS <description> and Atom <summary type="html"> HTML-escaped, so feed readers and embedding
sites show it as the text that was typed."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from events.enums import FairRegistrationStatus
from tests.factories import EmployerFactory, FairRegistrationFactory, PostingFactory, WeekFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">点我</a>',
    "javascript:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<svg/onload=alert(1)>",
]


class Elements(HTMLParser):
    """Collects the tags (with attributes) and text an HTML renderer would see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def rendered(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(params=PAYLOADS)
def hostile(request):
    """A fair whose venue name and one posting's every shown field carry the payload."""
    payload = request.param
    week = WeekFactory(year=2031, season="spring")
    registration = FairRegistrationFactory(
        week=week,
        status=FairRegistrationStatus.APPROVED,
        employer=EmployerFactory(name=f"单位{payload}", approved=True),
    )
    venue = registration.venue
    venue.name = f"会场{payload}"
    venue.save(update_fields=["name"])
    posting = PostingFactory(
        employer=registration.employer,
        published=True,
        title=f"职位{payload}",
        city=f"城市{payload}",
        description=f"描述{payload}",
    )
    registration.postings.add(posting)
    return payload, venue


def feed_urls(venue, kind):
    return [f"/feeds/venues/{venue.slug}/postings.{kind}", f"/feeds/weeks/2031/spring/postings.{kind}"]


def test_rss_description_shows_every_typed_field_as_text(client, hostile):
    payload, venue = hostile
    for url in feed_urls(venue, "rss"):
        channel = ET.fromstring(client.get(url).content).find("channel")
        descriptions = [
            channel.findtext("description"),
            *(item.findtext("description") for item in channel.iter("item")),
        ]
        for html in descriptions:
            seen = rendered(html)
            assert seen.tags == [], (url, html)
        item = channel.find("item")
        assert "".join(rendered(item.findtext("description")).text).startswith(f"城市{payload} · 月薪")
        assert item.findtext("title") == f"职位{payload} · 单位{payload}"
    venue_channel = ET.fromstring(client.get(feed_urls(venue, "rss")[0]).content).find("channel")
    assert "".join(rendered(venue_channel.findtext("description")).text) == f"在会场{payload}招聘会展示的最新职位。"


def test_atom_summary_shows_every_typed_field_as_text(client, hostile):
    payload, venue = hostile
    for url in feed_urls(venue, "atom"):
        feed = ET.fromstring(client.get(url).content)
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 1
        summary = entries[0].find(f"{ATOM}summary")
        assert summary.get("type") == "html"
        seen = rendered(summary.text)
        assert seen.tags == []
        assert "".join(seen.text).startswith(f"城市{payload} · 月薪")
        for element in (entries[0].find(f"{ATOM}title"), feed.find(f"{ATOM}title"), feed.find(f"{ATOM}subtitle")):
            if element is not None:
                assert element.get("type") in (None, "text"), element.tag
        assert entries[0].findtext(f"{ATOM}title") == f"职位{payload} · 单位{payload}"
    venue_feed = ET.fromstring(client.get(feed_urls(venue, "atom")[0]).content)
    assert venue_feed.findtext(f"{ATOM}subtitle") == f"在会场{payload}招聘会展示的最新职位。"


def test_json_feed_carries_text_only(client, hostile):
    payload, venue = hostile
    for url in feed_urls(venue, "json"):
        body = json.loads(client.get(url).content)
        (item,) = body["items"]
        assert "content_html" not in item
        assert item["content_text"] == f"描述{payload}"
        assert item["_posting"]["city"] == f"城市{payload}"
