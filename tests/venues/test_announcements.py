"""Announcements: cleaned on the way in and on the way out; shown on the venue's public page with
the approved employers and public postings of its fair for each week."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.enums import FairRegistrationStatus
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import (
    BranchVenueFactory,
    EmployerFactory,
    FairRegistrationFactory,
    PostingFactory,
    ProvinceFactory,
    WeekFactory,
)
from tests.factories.staff import AnnouncementFactory, staff_user
from tests.pages import text_of, texts
from venues.enums import System
from venues.models import Announcement
from venues.services import announcement_delete, announcement_publish, announcement_update

pytestmark = pytest.mark.django_db

ATTACK = (
    '<p onclick="steal()">政策<script>alert(1)</script>'
    '<a href="javascript:alert(2)">点我</a><img src=x onerror=alert(3)>'
    '<a href="https://www.ncss.cn/">新职业网</a><style>p{}</style></p>'
)


@pytest.fixture
def venue():
    return BranchVenueFactory(province=ProvinceFactory(code="81", name="甲省"), system=System.HR)


def test_publish_cleans_the_body_and_audits(venue):
    user = staff_user("s", venue)

    announcement = announcement_publish(venue=venue, actor=user, title=" 补贴政策 ", body=ATTACK)

    assert announcement.title == "补贴政策"
    assert announcement.body == (
        '<p>政策<a rel="noopener noreferrer nofollow">点我</a>'
        '<a href="https://www.ncss.cn/" rel="noopener noreferrer nofollow">新职业网</a></p>'
    )
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["venues.announcement.published"]


def test_plain_text_body_becomes_escaped_paragraphs(venue):
    announcement = announcement_publish(venue=venue, actor=None, title="通知", body="第一段 a<b\n\n第二段 & 更多")

    assert announcement.body == "<p>第一段 a&lt;b</p>\n\n<p>第二段 &amp; 更多</p>"


def test_publish_without_title_or_with_only_a_script_is_refused(venue):
    with pytest.raises(ValidationError) as exc:
        announcement_publish(venue=venue, actor=None, title="  ", body="<script>alert(1)</script>")

    assert sorted(exc.value.message_dict) == ["body", "title"]
    assert Announcement.objects.count() == 0


def test_update_and_delete_are_audited(venue):
    announcement = announcement_publish(venue=venue, actor=None, title="旧", body="旧正文")

    announcement_update(
        announcement=announcement, actor=None, title="新", body="新正文", kind="service", is_published=False
    )
    announcement_delete(announcement=announcement, actor=None)

    assert Announcement.objects.count() == 0
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "venues.announcement.published",
        "venues.announcement.updated",
        "venues.announcement.deleted",
    ]


def test_venue_page_shows_published_announcements_cleaned_even_if_stored_raw(client, venue):
    published = dt.datetime(2020, 5, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    AnnouncementFactory(venue=venue, title="已发布", body=ATTACK, published_at=published)  # around the service
    AnnouncementFactory(venue=venue, title="草稿", is_published=False)
    AnnouncementFactory(venue=venue, title="定时", published_at=timezone.now() + dt.timedelta(days=1))
    AnnouncementFactory(venue=BranchVenueFactory(province=venue.province, system=System.EDUCATION), title="别处")

    response = client.get(reverse("venues:venue_detail", kwargs={"slug": venue.slug}))

    assert texts(response.content, class_="announcement") == ["已发布 就业政策 · 2020-05-01 政策 点我 新职业网"]
    section = response.text.split('id="announcements"')[1].split("</section>")[0]
    unsafe = ("alert", "onclick", "onerror", "javascript:", "<script", "<style")
    assert [word for word in unsafe if word in section] == []


def test_venue_page_lists_approved_fair_employers_with_public_postings_per_week(client, venue):
    spring, autumn = (
        WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23)),
        WeekFactory(year=2030, season="autumn", starts_on=dt.date(2030, 9, 19)),
    )
    shown = EmployerFactory(name="甲省参会单位", province=venue.province, reviewing_venue=venue, approved=True)
    public = PostingFactory(employer=shown, title="公开职位", published=True, headcount=3)
    draft = PostingFactory(employer=shown, title="草稿职位")
    registration = FairRegistrationFactory(
        employer=shown, week=spring, venue=venue, status=FairRegistrationStatus.APPROVED
    )
    registration.postings.set([public, draft])
    FairRegistrationFactory(employer=shown, week=autumn, venue=venue, status=FairRegistrationStatus.APPROVED)
    pending = EmployerFactory(name="待审参会单位", province=venue.province, reviewing_venue=venue, approved=True)
    FairRegistrationFactory(employer=pending, week=spring, venue=venue)  # still pending: not shown

    response = client.get(reverse("venues:venue_detail", kwargs={"slug": venue.slug}))

    assert text_of(response.content, "fair-2030-autumn") == f"{autumn.name} 甲省参会单位 暂无公开职位。"
    assert text_of(response.content, "fair-2030-spring") == f"{spring.name} 甲省参会单位 公开职位 测试市 · 招3人"


@pytest.mark.parametrize("n", [1, 3])
def test_venue_page_query_count_is_constant(client, venue, django_assert_num_queries, n):
    week = WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23))
    for i in range(n):
        AnnouncementFactory(venue=venue)
        employer = EmployerFactory(province=venue.province, reviewing_venue=venue, approved=True)
        registration = FairRegistrationFactory(
            employer=employer, week=week, venue=venue, status=FairRegistrationStatus.APPROVED
        )
        registration.postings.set([PostingFactory(employer=employer, published=True) for _ in range(i + 1)])

    # venue, announcements, the weeks (with their numbers of employers), the first registrations of
    # each week (employer, number of public postings), their first public postings
    with django_assert_num_queries(5):
        response = client.get(reverse("venues:venue_detail", kwargs={"slug": venue.slug}))
    # then the fairs' part comes from the cache: venue, announcements
    with django_assert_num_queries(2):
        again = client.get(reverse("venues:venue_detail", kwargs={"slug": venue.slug}))

    assert (
        len(texts(response.content, class_="announcement")),
        len(texts(response.content, class_="fair-employer")),
    ) == (n, n)
    assert text_of(again.content, "fairs") == text_of(response.content, "fairs")


def test_admin_announcement_form_cleans_the_body(client, venue):
    client.force_login(staff_user("s", venue))

    response = client.post(
        reverse("admin:venues_announcement_add"),
        {"venue": venue.pk, "kind": "service", "title": "服务信息", "body": ATTACK, "is_published": "on",
         "published_at_0": "2030-01-01", "published_at_1": "08:00:00"},
    )  # fmt: skip

    assert response.status_code == 302
    assert "script" not in Announcement.objects.get().body
