"""The public job pages: /jobs/ (search) and /jobs/<id>/ (a posting and its employer)."""

import pytest
from django.urls import reverse

from employers.enums import PostingStatus
from marketplace import services
from tests.factories import EmployerFactory, GraduateFactory, PostingFactory, UserFactory, discipline
from tests.factories.graduates import public_posting
from tests.pages import text_of, texts

pytestmark = pytest.mark.django_db


def result_titles(response) -> list[str]:
    return texts(response.content, class_="job-card__title")


def test_search_page_finds_chinese_keyword_and_keeps_it_in_the_box(client):
    public_posting(title="财务会计")
    public_posting(title="统计会议专员")

    response = client.get(reverse("jobs:search"), {"q": "会计"})

    assert result_titles(response) == ["财务会计"]
    assert 'name="q" value="会计"' in response.content.decode()


def test_search_page_filters_by_province(client):
    from venues.models import Province

    public_posting(title="北京会计", province=Province.objects.get(code="11"))
    public_posting(title="上海会计", province=Province.objects.get(code="31"))

    response = client.get(reverse("jobs:search"), {"q": "会计", "province": "31"})

    assert result_titles(response) == ["上海会计"]


def test_search_page_invalid_filter_shows_error_next_to_it_and_keeps_input(client):
    public_posting(title="会计")

    response = client.get(reverse("jobs:search"), {"q": "会计", "salary_min": "9000", "salary_max": "100"})

    assert texts(response.content, id="id_salary_max_error") == ["月薪上限不能低于下限。"]
    assert 'name="salary_min" value="9000"' in response.content.decode()
    assert result_titles(response) == []


def test_search_page_never_lists_hidden_postings(client):
    public_posting(title="公开会计")
    PostingFactory(title="草稿会计", status=PostingStatus.DRAFT)
    public_posting(title="暂停单位会计", employer__status="suspended", employer__status_reason="违规")

    response = client.get(reverse("jobs:search"))

    assert result_titles(response) == ["公开会计"]


def test_search_page_paginates_with_cursor_links(client):
    employer = EmployerFactory(approved=True)
    for i in range(21):
        public_posting(employer=employer, title=f"职位{i:02d}")

    first = client.get(reverse("jobs:search"))
    next_href = texts(first.content, rel="next")
    link = first.content.decode().split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = client.get(reverse("jobs:search") + link)

    assert next_href == ["下一页"]
    assert len(result_titles(first)) == 20
    assert result_titles(second) == ["职位00"]
    assert texts(second.content, rel="prev") == ["上一页"]


def test_search_page_tampered_cursor_goes_back_to_the_first_page(client):
    public_posting(title="会计")

    response = client.get(reverse("jobs:search"), {"cursor": "garbage"})

    assert response.status_code == 200
    assert "分页链接已失效，已回到第一页。" in response.content.decode()
    assert result_titles(response) == ["会计"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_result_cards_from_search_rows_render_exactly_as_from_postings(language):
    """The search page renders its cards from rows (listed_postings), the saved and recommended pages
    from model instances: one card template, the same HTML."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from employers.selectors import postings_public
    from marketplace.search import listed_postings, search_postings

    posting = public_posting(title="财务会计", city="海淀区", degree_requirement="master")
    rows = search_postings(params={"q": "财务会计"}).postings

    with translation.override(language):
        from_row = render_to_string("jobs/_posting_card.html", {"posting": listed_postings(rows)[0]})
        from_model = render_to_string("jobs/_posting_card.html", {"posting": postings_public().get(pk=posting.pk)})
    assert from_row == from_model
    assert ("财务会计" in from_row, "海淀区" in from_row, len(rows)) == (True, True, 1)


@pytest.mark.parametrize("count", [1, 3])
def test_search_page_query_count(client, django_assert_num_queries, count):
    for _ in range(count):
        public_posting(title="会计")

    # provinces, disciplines, weeks, venues (filter choices), the postings; the cards' province names
    # come from the same cached province rows (all but the postings then cached for a minute)
    with django_assert_num_queries(5):
        response = client.get(reverse("jobs:search"), {"q": "会计", "industry": "I"})

    assert len(result_titles(response)) == count
    # Later searches read the filter choices and the provinces' ids from the cache: only the postings.
    with django_assert_num_queries(1):
        response = client.get(reverse("jobs:search"), {"q": "会计", "province": "11"})
    assert len(result_titles(response)) == 0
    with django_assert_num_queries(1):
        response = client.get(reverse("jobs:search"), {"q": "会计", "province": "31"})
    assert len(result_titles(response)) == 0


def test_search_page_filters_panel_shows_each_requests_own_selection(client):
    """The filters' HTML is cached per filter values: another selection is never served the first's."""
    first = client.get(reverse("jobs:search"), {"q": "会计", "industry": "I"}).content.decode()
    again = client.get(reverse("jobs:search"), {"q": "审计", "industry": "I"}).content.decode()
    other = client.get(reverse("jobs:search"), {"q": "会计", "industry": "J"}).content.decode()

    assert '<option value="I" selected>' in first
    assert '<option value="I" selected>' in again
    assert 'name="q" value="审计"' in again  # the keyword box is outside the cached part
    assert '<option value="J" selected>' in other
    assert '<option value="I" selected>' not in other


def test_search_page_with_errors_shows_what_was_typed(client):
    """Invalid filters are rendered from the request, never from the cache."""
    client.get(reverse("jobs:search"), {"salary_min": "3000"})

    response = client.get(reverse("jobs:search"), {"salary_min": "abc"})

    assert 'name="salary_min" value="abc"' in response.content.decode()


def test_search_filter_choices_follow_the_language(client):
    zh = client.get(reverse("jobs:search"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    en = client.get(reverse("jobs:search"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<option value="11">北京市</option>' in zh
    assert '<option value="11">Beijing</option>' in en


def test_detail_page_shows_posting_and_employer(client):
    employer = EmployerFactory(approved=True, name="华信会计师事务所", address="上海市浦东新区1号", industry="L")
    posting = public_posting(
        employer=employer, title="审计助理", description="参与年报审计。", salary_min=7000, salary_max=9000
    )
    posting.disciplines.set([discipline("12"), discipline("02")])

    html = client.get(reverse("jobs:detail", args=[posting.pk])).content

    assert text_of(html, "posting-title") == "审计助理"
    assert "月薪 7000–9000 元/月" in text_of(html, "posting-facts")
    assert "学科门类 经济学、管理学" in text_of(html, "posting-facts")
    assert "单位名称 华信会计师事务所" in text_of(html, "employer-facts")
    assert "行业 租赁和商务服务业" in text_of(html, "employer-facts")
    assert "13912345678" not in html.decode()  # the employer's contact person is not public


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": PostingStatus.DRAFT},
        {"status": PostingStatus.CLOSED, "published_at": "2020-01-01T00:00:00+08:00"},
        {"published": True, "valid_until": "2020-01-01"},
        {"published": True, "employer__status": "pending"},
        {"published": True, "employer__status": "suspended", "employer__status_reason": "违规"},
    ],
    ids=["draft", "closed", "expired", "unapproved", "suspended"],
)
def test_detail_page_and_api_of_hidden_posting_are_404(client, hidden):
    posting = PostingFactory(**hidden)

    assert client.get(reverse("jobs:detail", args=[posting.pk])).status_code == 404
    assert client.get(reverse("api-job-detail", args=[posting.pk])).status_code == 404


@pytest.mark.parametrize(
    ("who", "box"),
    [
        ("anonymous", "登录毕业生账户后即可投递。 登录 毕业生注册"),
        ("pending", "您的注册信息审核状态为“待审核”，审核通过后即可投递。 查看审核进度 收藏此职位"),
        ("approved", "投递简历 附言（可选）: 不超过500字，例如您的到岗时间或求职意向 投递 收藏此职位"),
        ("other-user", "投递简历需使用毕业生账户。"),
        ("owner", "这是贵单位发布的职位。 查看匹配的毕业生"),
    ],
)
def test_detail_page_action_box_per_role(client, who, box):
    posting = public_posting()
    user = {
        "anonymous": None,
        "pending": lambda: GraduateFactory().user,
        "approved": lambda: GraduateFactory(approved=True).user,
        "other-user": lambda: UserFactory(),
        "owner": lambda: posting.employer.user,
    }[who]
    if user:
        client.force_login(user())

    html = client.get(reverse("jobs:detail", args=[posting.pk])).content

    assert text_of(html, "apply-box") == box


def test_detail_page_after_applying_shows_status_and_link(client):
    graduate = GraduateFactory(approved=True)
    posting = public_posting()
    application = services.application_submit(graduate=graduate, posting=posting)
    client.force_login(graduate.user)

    html = client.get(reverse("jobs:detail", args=[posting.pk])).content

    assert text_of(html, "apply-box") == "您已投递此职位 当前状态： 已投递 查看申请详情 收藏此职位"
    assert f'href="/graduate/applications/{application.pk}/"' in html.decode()


def test_search_page_card_shows_an_edited_posting_at_once(client):
    posting = public_posting(title="会计")
    client.get(reverse("jobs:search"), {"q": "会计"})

    posting.salary_max = 23456
    posting.save()  # every edit goes through save(): updated_at moves, and with it the card's cache key
    response = client.get(reverse("jobs:search"), {"q": "会计"})

    assert "23456 元/月" in response.content.decode()


def test_search_province_filter_finds_a_province_newer_than_the_cached_ids():
    from marketplace.search import province_ids, search_postings
    from tests.factories import ProvinceFactory

    province_ids()  # cached before the province exists
    # 79: a code ProvinceFactory's sequence (80–99) never hands the other posting's province.
    province = ProvinceFactory(code="79", name="测试省")
    posting = public_posting(title="会计", province=province)
    public_posting(title="会计")

    found = search_postings(params={"q": "会计", "province": "79"}).postings

    assert "79" not in province_ids()
    assert [row["id"] for row in found] == [posting.pk]


@pytest.mark.parametrize(("who", "queries"), [("anonymous", 3), ("approved", 11)])
def test_detail_page_query_count(client, django_assert_num_queries, who, queries):
    posting = public_posting(title="审计助理")
    posting.disciplines.set([discipline("12"), discipline("02")])
    if who == "approved":
        graduate = GraduateFactory(approved=True, discipline=discipline("12"))
        client.force_login(graduate.user)
        client.get(reverse("jobs:detail", args=[posting.pk]))  # fills the per-minute caches

    # the posting with its employer and both provinces; its disciplines; its fairs — and for a graduate
    # the session, the user with the graduate, their application, saved state, the fit (scored by the
    # database; the graduate's province and discipline named in its reasons) and the inbox count
    with django_assert_num_queries(queries):
        response = client.get(reverse("jobs:detail", args=[posting.pk]))

    assert text_of(response.content, "posting-title") == "审计助理"
