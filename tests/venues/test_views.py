import pytest
from django.urls import reverse

from tests.pages import clear_catalogue, make_branch_venues, make_main_venues, text_of, texts
from venues.enums import System
from venues.models import OrganiserContact

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_test_data():
    clear_catalogue()


def make_contacts() -> None:
    OrganiserContact.objects.create(
        system=System.EDUCATION, unit="教育部大学生就业网", unit_en="Ministry of Education Graduate Employment Network",
        people="鲍童", phone="18513910905", email="zph@ncss.org.cn", position=3,
    )  # fmt: skip
    OrganiserContact.objects.create(
        system=System.EDUCATION, unit="教育部高校学生司", people="蔡炜浩", phone="17701348448", position=1
    )
    OrganiserContact.objects.create(
        system=System.HR, unit="人力资源社会保障部全国人才流动中心", people="李志远 杨虹",
        phone="010-64221170、64225712", fax="010-64229135", email="one8zero@163.com", position=7,
    )  # fmt: skip


def test_venue_list_lists_every_venue_with_its_link(client):
    make_main_venues()
    _education, hr = make_branch_venues(2)
    hr.site_name = "测试省人才网招聘周专区"
    hr.site_url = "https://hr.example.cn/zhuanqu"
    hr.save()

    response = client.get(reverse("venues:venue_list"))

    assert reverse("venues:venue_list") == "/venues/"
    assert texts(response.content, data_venue_kind="main") == [
        "教育部主会场 全国 教育系统 教育部大学生就业网（新职业网）",
        "人力资源社会保障部主会场 全国 人力资源社会保障系统 中国国家人才网",
    ]
    assert texts(response.content, data_venue_kind="branch") == [
        "测试省10教育分会场 测试省10 教育系统 未报送链接",
        "测试省10人社分会场 测试省10 人力资源社会保障系统 测试省人才网招聘周专区",
    ]
    assert '<a class="site-link" href="https://hr.example.cn/zhuanqu">测试省人才网招聘周专区</a>' in response.text
    assert text_of(response.content, "branch-heading") == "省级分会场（2个）"


def test_venue_list_orders_branches_by_province_code_then_education_first(client):
    make_main_venues()
    make_branch_venues(4)

    response = client.get(reverse("venues:venue_list"))

    assert [venue.slug for venue in response.context["directory"]().branches] == [
        "10-education",
        "10-hr",
        "11-education",
        "11-hr",
    ]


@pytest.mark.parametrize("branches", [1, 7])
def test_venue_list_query_count_is_constant(client, django_assert_num_queries, branches):
    make_main_venues()
    make_branch_venues(branches)  # 3 venues, then 9 venues

    with django_assert_num_queries(1):
        response = client.get(reverse("venues:venue_list"))

    assert len(texts(response.content, data_venue_kind="branch")) == branches


def test_venue_detail_of_branch_shows_its_facts(client):
    make_main_venues()
    venue = make_branch_venues(1)[0]

    response = client.get(reverse("venues:venue_detail", kwargs={"slug": venue.slug}))

    assert reverse("venues:venue_detail", kwargs={"slug": venue.slug}) == "/venues/10-education/"
    assert "<h1>测试省10教育分会场</h1>" in response.text
    assert text_of(response.content, "venue-facts") == (
        "类型 省级分会场 系统 教育系统 省级单位 测试省10 主办部门 测试省10主管部门 "
        "所属主会场 教育部主会场 通知要求 在本地高校毕业生就业网站开设活动专区，并链接至教育部主会场。 "
        "本平台规则：为在统一网页展示各分会场，本平台同样请教育系统省级分会场在活动开始前一周报送活动专区"
        "网站名称和链接；通知未对教育系统作此要求。 活动专区网站 未报送链接"
    )
    assert '<a href="/venues/main-education/">教育部主会场</a>' in response.text


def test_venue_detail_of_main_venue_lists_its_branches(client):
    make_main_venues()
    make_branch_venues(4)

    response = client.get(reverse("venues:venue_detail", kwargs={"slug": "main-hr"}))

    assert text_of(response.content, "venue-facts") == (
        "类型 主会场 系统 人力资源社会保障系统 主办部门 人力资源社会保障部 "
        "活动专区网站 中国国家人才网 www.newjobs.com.cn"
    )
    assert text_of(response.content, "branches-heading") == "所属省级分会场（2个）"
    assert texts(response.content, data_venue_kind="branch") == [
        "测试省10人社分会场 测试省10 人力资源社会保障系统 未报送链接",
        "测试省11人社分会场 测试省11 人力资源社会保障系统 未报送链接",
    ]


@pytest.mark.parametrize("branches", [1, 7])
def test_venue_detail_of_main_venue_query_count_is_constant(client, django_assert_num_queries, branches):
    make_main_venues()
    make_branch_venues(branches)

    # the venue (with province and parent), its branches (with province), its announcements, its
    # fairs' approved registrations (none here, so no postings query: see tests/venues/test_public_pages.py)
    with django_assert_num_queries(4):
        client.get(reverse("venues:venue_detail", kwargs={"slug": "main-education"}))


def test_public_directory_fragments_are_read_once_per_language(client, django_assert_num_queries, settings):
    """The unified page, a main venue's branches and the home page's venues, organisers and contacts
    are cached fragments: the second request reads only what changes (the venue, its announcements,
    the weeks), and English gets its own copy."""
    make_main_venues()
    make_branch_venues(4)
    pages = [reverse("venues:venue_list"), reverse("venues:venue_detail", kwargs={"slug": "main-hr"}), "/"]
    first = [client.get(url).text for url in pages]

    with django_assert_num_queries(0):
        again = client.get(pages[0]).text
    # the venue and its announcements; the branches and the fairs come from the cache
    with django_assert_num_queries(2):
        client.get(pages[1])
    with django_assert_num_queries(1):  # the weeks
        client.get(pages[2])
    english = client.get(pages[0], HTTP_ACCEPT_LANGUAGE="en").text

    rows = texts(first[0].encode(), data_venue_kind="branch")
    assert len(rows) == 4 and texts(again.encode(), data_venue_kind="branch") == rows
    assert "测试省11人社分会场" in first[0] and "Test Province 11" in english and "测试省11人社分会场" not in english


def test_public_directory_fragments_render_every_time_when_switched_off(client, django_assert_num_queries, settings):
    settings.PUBLIC_DIRECTORY_CACHE_SECONDS = 0
    make_main_venues()
    make_branch_venues(2)
    client.get(reverse("venues:venue_list"))

    with django_assert_num_queries(1):
        client.get(reverse("venues:venue_list"))


def test_venue_detail_in_english(client):
    make_main_venues()
    venue = make_branch_venues(1)[0]

    response = client.get(f"/venues/{venue.slug}/", headers={"accept-language": "en"})

    assert "<h1>Test Province 10 Branch Venue (Education)</h1>" in response.text
    assert text_of(response.content, "venue-facts") == (
        "Type Provincial branch venue System Education system Provincial-level unit Test Province 10 "
        "Department 测试省10主管部门 Main venue Ministry of Education Main Venue "
        "Required by the notice Open an activity zone on the local graduate employment website and link it "
        "to the Ministry of Education main venue. Portal rule: so that the unified page can show every "
        "branch venue, this portal also asks the education system's branch venues to report their activity "
        "zone's site name and link one week before the week starts; the notice does not require this of the "
        "education system. Activity zone website No link reported yet"
    )


def test_venue_detail_unknown_slug_is_404(client):
    make_main_venues()

    response = client.get("/venues/no-such-venue/")

    assert response.status_code == 404
    assert "<h1>页面不存在</h1>" in response.text


def test_contact_page_shows_section_five_as_published(client):
    make_contacts()

    response = client.get(reverse("contact"))

    assert reverse("contact") == "/contact/"
    assert text_of(response.content, "contacts-education") == (
        "教育部 教育部高校学生司 联系人 蔡炜浩 电话 17701348448 "
        "教育部大学生就业网 联系人 鲍童 电话 18513910905 邮箱 zph@ncss.org.cn"
    )
    assert text_of(response.content, "contacts-hr") == (
        "人力资源社会保障部 人力资源社会保障部全国人才流动中心 联系人 李志远 杨虹 "
        "电话 010-64221170、64225712 传真 010-64229135 邮箱 one8zero@163.com"
    )
    assert '<a href="mailto:one8zero@163.com">one8zero@163.com</a>' in response.text


def test_contact_page_in_english_uses_english_unit_names(client):
    make_contacts()

    response = client.get(reverse("contact"), headers={"accept-language": "en"})

    assert texts(response.content, class_="card__title")[1] == "Ministry of Education Graduate Employment Network"
    assert text_of(response.content, "contacts-education-heading") == "Ministry of Education"


@pytest.mark.parametrize("extra", [0, 2])
def test_contact_page_query_count_is_constant(client, django_assert_num_queries, extra):
    make_contacts()
    for n in range(extra):
        OrganiserContact.objects.create(
            system=System.HR, unit=f"测试单位{n}", people="张三", phone="1", position=10 + n
        )

    with django_assert_num_queries(1):
        response = client.get(reverse("contact"))

    assert len(texts(response.content, class_="contact-card")) == 3 + extra
