import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from events.models import SHANGHAI
from tests.factories import UserFactory, WeekFactory
from tests.pages import (
    clear_catalogue,
    make_branch_venues,
    make_main_venues,
    make_weeks_2020,
    text_of,
    texts,
)
from venues.enums import OrganisationRole, System
from venues.models import Organisation, OrganiserContact, Platform

pytestmark = pytest.mark.django_db

# 2020-06-22 12:00 in Beijing: the summer week (06-20 … 06-26) is open.
SUMMER_NOON = dt.datetime(2020, 6, 22, 12, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _only_test_data():
    clear_catalogue()


@time_machine.travel(SUMMER_NOON, tick=False)
def test_home_weeks_show_dates_deadline_and_status_on_2020_06_22(client):
    make_weeks_2020()

    html = client.get(reverse("home")).content

    # The open week leads; then the later weeks; the closed one last.
    assert texts(html, class_="week-card") == [
        "2020年全国高校毕业生就业网络联盟夏季联合招聘周 进行中 "
        "活动时间 2020年6月20日 至 2020年6月26日 分会场报送截止 2020年6月13日 23:59",
        "2020年全国高校毕业生就业网络联盟秋季联合招聘周 即将开始 "
        "活动时间 2020年9月19日 至 2020年9月25日 分会场报送截止 2020年9月12日 23:59",
        "2020年全国高校毕业生就业网络联盟冬季联合招聘周 即将开始 "
        "活动时间 2020年11月23日 至 2020年11月29日 分会场报送截止 2020年11月16日 23:59",
        "2020年全国高校毕业生就业网络联盟春季联合招聘周 已结束 "
        "活动时间 2020年4月23日 至 2020年4月29日 分会场报送截止 2020年4月16日 23:59",
    ]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2020, 6, 19, 23, 59, 59, tzinfo=SHANGHAI), "即将开始"),
        (dt.datetime(2020, 6, 20, 0, 0, tzinfo=SHANGHAI), "进行中"),
        (dt.datetime(2020, 6, 26, 23, 59, 59, tzinfo=SHANGHAI), "进行中"),
        (dt.datetime(2020, 6, 27, 0, 0, tzinfo=SHANGHAI), "已结束"),
    ],
)
def test_home_week_status_changes_at_midnight_beijing_time(client, moment, expected):
    make_weeks_2020()

    with time_machine.travel(moment, tick=False):
        html = client.get(reverse("home")).content

    assert texts(html, id="week-2020-summer", class_="week-card")[0].split()[1] == expected


@pytest.mark.parametrize(
    ("moment", "lead_heading", "order"),
    [
        # Before the spring week: it leads as the next one.
        (dt.datetime(2020, 4, 1, tzinfo=SHANGHAI), "下一期招聘周", ["spring", "summer", "autumn", "winter"]),
        # During the summer week: it leads; the closed spring week comes last.
        (SUMMER_NOON, "本期招聘周", ["summer", "autumn", "winter", "spring"]),
        # Between weeks: the next (autumn) leads; closed weeks after, the most recent first.
        (dt.datetime(2020, 7, 1, tzinfo=SHANGHAI), "下一期招聘周", ["autumn", "winter", "summer", "spring"]),
        # Everything closed: no lead, the most recent week first.
        (dt.datetime(2021, 1, 1, tzinfo=SHANGHAI), None, ["winter", "autumn", "summer", "spring"]),
    ],
)
def test_home_leads_with_a_job_search_then_the_current_or_next_week(client, moment, lead_heading, order):
    make_weeks_2020()

    with time_machine.travel(moment, tick=False):
        html = client.get(reverse("home")).text

    assert texts(html, id="lead-week-heading") == ([lead_heading] if lead_heading else [])
    ids = [f"week-2020-{season}" for season in order]
    assert [html.index(f'id="{week_id}"') for week_id in ids] == sorted(html.index(f'id="{w}"') for w in ids)
    search = html.index('<form method="get" action="/jobs/" class="home-search" role="search"')
    assert search < html.index(f'id="{ids[0]}"')
    assert '<input type="search" name="q" id="home-search-q" maxlength="50"' in html
    assert '<label for="home-search-q">搜索职位</label>' in html


def test_home_links_each_week_to_its_page(client):
    make_weeks_2020(count=1)

    response = client.get(reverse("home"))

    assert reverse("events:week_detail", kwargs={"year": 2020, "season": "spring"}) == "/weeks/2020/spring/"
    assert '<a href="/weeks/2020/spring/">2020年全国高校毕业生就业网络联盟春季联合招聘周</a>' in response.text


def test_home_shows_two_main_and_64_branch_venues_grouped_by_province(client):
    make_main_venues()
    make_branch_venues(64)

    html = client.get(reverse("home")).content

    assert texts(html, data_venue_kind="main") == [
        "教育部主会场 教育系统 · 教育部 教育部大学生就业网（新职业网）",
        "人力资源社会保障部主会场 人力资源社会保障系统 · 人力资源社会保障部 中国国家人才网",
    ]
    assert len(texts(html, data_venue_kind="branch")) == 64
    assert text_of(html, "branch-venues") == "省级分会场（64个）"
    assert len(texts(html, class_="province-card")) == 32
    assert text_of(html, "province-10") == "测试省10 测试省10教育分会场 未报送链接 测试省10人社分会场 未报送链接"
    assert text_of(html, "province-41") == "测试省41 测试省41教育分会场 未报送链接 测试省41人社分会场 未报送链接"


def test_home_branch_venue_links_its_page_and_reported_site(client):
    make_main_venues()
    education, _hr = make_branch_venues(2)
    education.site_name = "测试省高校毕业生就业网"
    education.site_url = "https://job.example.cn/zph/"
    education.save()

    response = client.get(reverse("home"))

    assert texts(response.content, data_venue_kind="branch") == [
        "测试省10教育分会场 测试省高校毕业生就业网",
        "测试省10人社分会场 未报送链接",
    ]
    assert '<a href="/venues/10-education/">测试省10教育分会场</a>' in response.text
    assert '<a class="site-link" href="https://job.example.cn/zph/">测试省高校毕业生就业网</a>' in response.text


def test_home_shows_hosts_undertakers_and_platforms(client):
    Organisation.objects.create(name="教育部", role=OrganisationRole.HOST, system=System.EDUCATION, position=1)
    Organisation.objects.create(name="人力资源社会保障部", role=OrganisationRole.HOST, system=System.HR, position=2)
    Organisation.objects.create(name="全国人才流动中心", role=OrganisationRole.UNDERTAKER, system=System.HR, position=1)
    Platform.objects.create(
        name="中国国家人才网",
        url="https://www.newjobs.com.cn",
        system=System.HR,
        runs_precision_platform=True,
        position=1,
    )

    html = client.get(reverse("home")).content

    assert texts(html, class_="org-list") == [
        "主办单位 教育部 人力资源社会保障部 承办单位 全国人才流动中心 "
        "网络平台 中国国家人才网 www.newjobs.com.cn 精准招聘平台"
    ]


def test_home_shows_organiser_contacts_by_system(client):
    OrganiserContact.objects.create(
        system=System.HR, unit="中国就业培训技术指导中心", people="曹璐", phone="010-84661166",
        fax="010-84661160", email="jywzbgs@mohrss.gov.cn", position=2,
    )  # fmt: skip
    OrganiserContact.objects.create(
        system=System.EDUCATION, unit="教育部高校学生司", people="蔡炜浩", phone="17701348448", position=1
    )

    html = client.get(reverse("home")).content

    assert text_of(html, "contacts-education") == "教育部 教育部高校学生司 联系人 蔡炜浩 电话 17701348448"
    assert text_of(html, "contacts-hr") == (
        "人力资源社会保障部 中国就业培训技术指导中心 联系人 曹璐 电话 010-84661166 "
        "传真 010-84661160 邮箱 jywzbgs@mohrss.gov.cn"
    )


@pytest.mark.parametrize(("weeks", "branches"), [(1, 1), (3, 7)])
def test_home_query_count_is_constant(client, django_assert_num_queries, weeks, branches):
    make_weeks_2020(count=weeks)
    make_main_venues()
    make_branch_venues(branches)  # 2 main venues + 1 branch = 3 venues; + 7 branches = 9 venues

    # weeks, venues (with province and parent), organisations, platforms, contacts
    with django_assert_num_queries(5):
        response = client.get(reverse("home"))

    assert len(texts(response.content, class_="week-card")) == weeks
    assert len(texts(response.content, data_venue_kind="branch")) == branches


@time_machine.travel(SUMMER_NOON, tick=False)
def test_home_in_english_after_choosing_english(client):
    make_weeks_2020(count=2)
    make_main_venues()

    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))

    assert (switched.status_code, switched.headers["Location"]) == (302, "/")
    assert '<html lang="en">' in response.text
    assert texts(response.content, class_="week-card") == [
        "2020 National Online Recruitment Week for College Graduates (Summer) Open "
        "Dates June 20, 2020 to June 26, 2020 Branch venue report deadline June 13, 2020, 11:59 p.m.",
        "2020 National Online Recruitment Week for College Graduates (Spring) Closed "
        "Dates April 23, 2020 to April 29, 2020 Branch venue report deadline April 16, 2020, 11:59 p.m.",
    ]
    assert texts(response.content, data_venue_kind="main")[0] == (
        "Ministry of Education Main Venue Education system · 教育部 教育部大学生就业网（新职业网）"
    )


def test_home_in_english_from_accept_language(client):
    response = client.get(reverse("home"), headers={"accept-language": "en"})

    assert '<html lang="en">' in response.text
    assert '<a href="/" aria-current="page">Home</a>' in response.text
    assert [text_of(response.content, heading) for heading in ("weeks-heading", "venues-heading", "main-venues")] == [
        "Recruitment weeks",
        "Venues",
        "Main venues",
    ]


def test_home_nav_for_anonymous_visitor_offers_login(client):
    response = client.get(reverse("home"))

    assert texts(response.content, class_="site-nav__list") == ["首页 找工作 会场 联系我们 单位注册 毕业生注册 登录"]
    assert '<a href="/accounts/login/?next=/">登录</a>' in response.text


def test_home_nav_for_signed_in_staff_shows_inbox_count_admin_and_logout(client):
    from recruitment_weeks.notifications.models import Notification

    user = UserFactory(is_staff=True, password=None)
    Notification.objects.create(recipient=user, kind="employer_approved", dedupe_key="a")
    Notification.objects.create(recipient=user, kind="employer_approved", dedupe_key="b")
    client.force_login(user)

    response = client.get(reverse("home"))

    assert texts(response.content, class_="site-nav__list") == [
        "首页 找工作 会场 联系我们 消息 2 （2 条未读） 账户安全 管理后台 沟通举报 退出"
    ]
    assert '<form class="inline-form" method="post" action="/accounts/logout/">' in response.text


@time_machine.travel(SUMMER_NOON, tick=False)
def test_week_detail_shows_week_and_its_venues(client):
    make_weeks_2020()
    make_main_venues()
    make_branch_venues(2)

    response = client.get(reverse("events:week_detail", kwargs={"year": 2020, "season": "autumn"}))

    assert response.context["week"].season == "autumn"
    assert "<h1>2020年全国高校毕业生就业网络联盟秋季联合招聘周</h1>" in response.text
    assert text_of(response.content, "week-facts") == (
        "状态 即将开始 活动时间 2020年9月19日 至 2020年9月25日 分会场报送截止 2020年9月12日 23:59"
    )
    assert len(texts(response.content, data_venue_kind="main")) == 2
    assert texts(response.content, data_venue_kind="branch") == [
        "测试省10教育分会场 未报送链接",
        "测试省10人社分会场 未报送链接",
    ]


@pytest.mark.parametrize("path", ["/weeks/2020/monsoon/", "/weeks/2031/spring/", "/weeks/2020/Spring/"])
def test_week_detail_unknown_week_is_404(client, path):
    make_weeks_2020()

    response = client.get(path)

    assert response.status_code == 404
    assert "<h1>页面不存在</h1>" in response.text


@pytest.mark.parametrize("branches", [1, 7])
def test_week_detail_query_count_is_constant(client, django_assert_num_queries, branches):
    WeekFactory(year=2030)
    make_main_venues()
    make_branch_venues(branches)

    # the week, the venues (with province and parent)
    with django_assert_num_queries(2):
        response = client.get("/weeks/2030/spring/")

    assert len(texts(response.content, data_venue_kind="branch")) == branches
