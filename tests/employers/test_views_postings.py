"""The postings pages: drafts and publishing, the 三严禁 message on the page, other employers' ids."""

import datetime as dt

import pytest
from django.utils import timezone

from employers.models import JobPosting
from graduates.enums import ApplicationStatus
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import ApplicationFactory, EmployerFactory, PostingFactory
from tests.pages import text_of, texts

pytestmark = pytest.mark.django_db


def form_data(employer, **overrides) -> dict:
    data = {
        "title": "Java开发工程师",
        "description": "负责后端服务开发。",
        "requirements": "计算机相关专业，不限男女。",
        "headcount": "3",
        "province": str(employer.province_id),
        "city": "测试市",
        "degree_requirement": "bachelor",
        "salary_min": "9000",
        "salary_max": "15000",
        "valid_until": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def approved(client):
    employer = EmployerFactory(approved=True)
    client.force_login(employer.user)
    return employer


@pytest.fixture
def pending(client):
    employer = EmployerFactory()
    client.force_login(employer.user)
    return employer


def test_posting_create_publish_by_approved_employer(client, approved):
    response = client.post("/employer/postings/new/", {**form_data(approved), "action": "publish"})

    posting = JobPosting.objects.get()
    assert (response.status_code, response.headers["Location"]) == (302, "/employer/postings/")
    assert (posting.status, posting.employer, posting.headcount) == ("published", approved, 3)
    listing = client.get("/employer/postings/")
    assert texts(listing.content, id=f"posting-{posting.pk}")[0].startswith("Java开发工程师 已发布")


def test_posting_create_draft_by_pending_employer_with_title_only(client, pending):
    response = client.post("/employer/postings/new/", {"title": "管培生", "action": "draft"})

    assert response.status_code == 302
    assert list(JobPosting.objects.values_list("title", "status", "employer")) == [("管培生", "draft", pending.pk)]


def test_posting_form_pending_employer_has_no_publish_button(client, pending):
    html = client.get("/employer/postings/new/").content.decode()

    assert 'value="publish"' not in html
    assert 'value="draft"' in html
    assert "单位注册信息审核通过前，只能保存职位草稿，草稿不会公开展示。" in html


def test_posting_create_publish_by_pending_employer_is_forbidden_and_saves_nothing(client, pending):
    response = client.post("/employer/postings/new/", {**form_data(pending), "action": "publish"})

    assert response.status_code == 403
    assert "单位注册信息审核通过后才能发布职位。" in text_of(response.content, "form-errors")
    assert JobPosting.objects.count() == 0


def test_posting_publish_button_by_pending_employer_is_forbidden(client, pending):
    posting = PostingFactory(employer=pending)

    response = client.post(f"/employer/postings/{posting.pk}/publish/")

    assert response.status_code == 403
    assert text_of(response.content, "forbidden-message") == "单位注册信息审核通过后才能发布职位。"
    assert JobPosting.objects.get().status == "draft"


def test_posting_create_discriminatory_text_quoted_next_to_field_and_input_kept(client, approved):
    response = client.post(
        "/employer/postings/new/",
        {**form_data(approved, requirements="本科以上，限男性，吃苦耐劳"), "action": "publish"},
    )

    assert response.status_code == 200
    assert text_of(response.content, "field-requirements").endswith(
        "“限男性”违反招聘“三严禁”规定（不得设置性别限制），请修改后再提交。 本科以上，限男性，吃苦耐劳"
    )
    assert JobPosting.objects.count() == 0


def test_posting_create_salary_range_error_next_to_max(client, approved):
    response = client.post(
        "/employer/postings/new/", {**form_data(approved, salary_min="20000", salary_max="9000"), "action": "publish"}
    )

    assert text_of(response.content, "field-salary_max").startswith("月薪上限（元） 月薪上限不能低于月薪下限。")
    assert JobPosting.objects.count() == 0


def test_posting_publish_incomplete_draft_redirects_to_edit_with_reasons(client, approved):
    posting = PostingFactory(employer=approved, description="")

    response = client.post(f"/employer/postings/{posting.pk}/publish/", follow=True)

    assert response.redirect_chain == [(f"/employer/postings/{posting.pk}/", 302)]
    assert texts(response.content, class_="message--error") == ["职位未发布：职位描述：发布职位前请填写此项。"]
    assert JobPosting.objects.get().status == "draft"


def test_posting_edit_published_keeps_it_published(client, approved):
    posting = PostingFactory(employer=approved, published=True)

    response = client.post(
        f"/employer/postings/{posting.pk}/", {**form_data(approved, title="高级Java开发工程师"), "action": "publish"}
    )

    posting.refresh_from_db()
    assert response.status_code == 302
    assert (posting.title, posting.status) == ("高级Java开发工程师", "published")


def test_posting_close_from_list(client, approved):
    posting = PostingFactory(employer=approved, published=True)

    response = client.post(f"/employer/postings/{posting.pk}/close/")

    assert response.status_code == 302
    assert JobPosting.objects.get().status == "closed"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/employer/postings/{pk}/"),
        ("post", "/employer/postings/{pk}/"),
        ("post", "/employer/postings/{pk}/publish/"),
        ("post", "/employer/postings/{pk}/close/"),
        ("get", "/employer/postings/{pk}/applications/"),
    ],
)
def test_posting_of_another_employer_is_404_and_unchanged(client, approved, method, path):
    other = PostingFactory(published=True, title="别人的职位")
    ApplicationFactory(posting=other)
    before = JobPosting.objects.values().get(pk=other.pk)

    response = getattr(client, method)(path.format(pk=other.pk), form_data(approved, title="篡改"))

    assert response.status_code == 404
    assert JobPosting.objects.values().get(pk=other.pk) == before
    assert AuditEntry.objects.count() == 0


def test_posting_list_shows_only_own_postings_with_application_counts(client, approved):
    mine = PostingFactory(employer=approved, published=True, title="我的职位")
    PostingFactory(published=True, title="别人的职位")
    ApplicationFactory(posting=mine)
    ApplicationFactory(posting=mine, status=ApplicationStatus.VIEWED)

    response = client.get("/employer/postings/")

    assert texts(response.content, id=f"posting-{mine.pk}") == [
        f"我的职位 已发布 {mine.valid_until:%Y-%m-%d} 2 份 1 份未查看 编辑 我的职位 关闭 我的职位"
    ]
    assert "别人的职位" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_posting_list_query_count_is_constant(client, approved, django_assert_num_queries, count):
    for _ in range(count):
        ApplicationFactory(posting=PostingFactory(employer=approved, published=True))

    # session, user (+ employer, graduate), inbox count, postings with counts
    with django_assert_num_queries(4):
        response = client.get("/employer/postings/")

    assert len(texts(response.content, class_="row-actions")) == count


def test_posting_list_pages_by_twenty_last_changed_first(client, approved):
    for i in range(23):
        PostingFactory(employer=approved, title=f"职位{i:02d}")

    first = client.get("/employer/postings/")
    second = client.get(first.context["page"].next_url)
    back = client.get(second.context["page"].previous_url)

    assert texts(first.content, scope="row") == [f"职位{i:02d}" for i in range(22, 2, -1)]
    assert texts(second.content, scope="row") == ["职位02", "职位01", "职位00"]
    assert texts(back.content, scope="row") == texts(first.content, scope="row")
    assert second.context["page"].next_url is None and first.context["page"].previous_url is None


def test_posting_list_broken_page_link_goes_to_the_first_page_with_a_message(client, approved):
    PostingFactory(employer=approved, title="我的职位")

    response = client.get("/employer/postings/", {"cursor": "edited"}, follow=True)

    assert response.redirect_chain == [("/employer/postings/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["分页链接已失效，已回到第一页。"]
    assert texts(response.content, scope="row") == ["我的职位"]
