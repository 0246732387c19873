"""A graduate's whole journey in real Chromium on a 375 px phone: register, be approved, search 会计,
filter by province, apply, and see the application change when the employer invites them."""

import datetime as dt

import pytest
from django.utils import timezone

from graduates import services
from graduates.models import Application, Graduate
from marketplace import services as marketplace_services
from tests.browser.conftest import PHONE, assert_fits_width, serious_axe_violations
from tests.factories import EmployerFactory, PostingFactory, UserFactory
from venues.models import Province, Venue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def check_page(page) -> None:
    assert_fits_width(page)
    assert serious_axe_violations(page) == []


def make_postings():
    beijing, shanghai = Province.objects.get(code="11"), Province.objects.get(code="31")
    firm = EmployerFactory(
        approved=True,
        name="华信会计师事务所",
        industry="L",
        province=shanghai,
        reviewing_venue=Venue.objects.get(slug="31-hr"),
    )
    common = {
        "employer": firm,
        "published": True,
        "description": "负责审计与账务。",
        "requirements": "会计学相关专业。",
    }
    PostingFactory(title="北京会计", province=beijing, city="北京", **common)
    target = PostingFactory(
        title="上海会计", province=shanghai, city="上海", salary_min=8000, salary_max=12000, **common
    )
    PostingFactory(title="软件工程师", province=shanghai, city="上海", employer=firm, published=True)
    return target


def test_graduate_registers_is_approved_searches_applies_and_sees_the_interview(new_page):
    target = make_postings()
    page = new_page(viewport=PHONE)

    # Register
    page.goto("/graduate/register/")
    check_page(page)
    page.get_by_label("用户名").fill("xiaoli2020")
    page.locator("#id_password1").fill("Li-2020-graduate")
    page.get_by_label("确认密码").fill("Li-2020-graduate")
    page.get_by_label("姓名").fill("李小丽")
    page.get_by_label("手机号码").fill("13912340000")
    page.get_by_label("邮箱").fill("xiaoli@example.cn")
    page.get_by_label("毕业院校").fill("北京大学")
    page.get_by_label("院校所在省份").select_option(label="北京市")
    page.locator("#id_degree").select_option(label="本科")
    page.locator("#id_major").fill("会计学")
    page.get_by_label("学科门类").select_option(label="管理学")
    page.get_by_label("毕业年份").fill("2020")
    page.get_by_role("group", name="意向省份").get_by_label("上海市").check()
    page.locator("#id_edu-0-school").fill("北京大学")
    page.get_by_label("技能").fill("Excel、财务分析")
    page.get_by_label("我已阅读并同意隐私条款").check()
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/graduate/")
    assert page.locator("#review-status").inner_text().startswith("注册审核：待审核")
    check_page(page)

    # Approved by the 北京 education branch venue's staff
    graduate = Graduate.objects.get(user__username="xiaoli2020")
    assert graduate.reviewing_venue.slug == "11-education"
    services.graduate_approve(graduate=graduate, actor=UserFactory(is_staff=True))
    page.reload()
    assert page.locator("#review-status").inner_text().startswith("注册审核：已通过")

    # Search 会计, then filter by province
    page.get_by_role("link", name="找工作").first.click()
    page.wait_for_url("**/jobs/")
    page.get_by_label("关键词").fill("会计")
    page.get_by_role("button", name="搜索", exact=True).click()
    page.wait_for_url("**/jobs/?q=*")
    assert page.locator(".job-card__title").all_inner_texts() == ["软件工程师", "上海会计", "北京会计"]
    check_page(page)
    page.locator("summary", has_text="筛选条件").click()
    page.get_by_label("工作省份").select_option(label="上海市")
    page.get_by_role("button", name="搜索", exact=True).click()
    page.wait_for_url("**province=31*")
    assert page.locator(".job-card__title").all_inner_texts() == ["软件工程师", "上海会计"]
    check_page(page)

    # Apply
    page.get_by_role("link", name="上海会计").click()
    page.wait_for_url(f"**/jobs/{target.pk}/")
    check_page(page)
    page.get_by_label("附言（可选）").fill("可以立即到岗。")
    page.get_by_role("button", name="投递", exact=True).click()
    page.wait_for_url("**/graduate/applications/*/")
    application = Application.objects.get(graduate=graduate)
    assert application.posting_id == target.pk
    assert page.locator(".status").first.inner_text() == "已投递"
    check_page(page)

    # The employer invites the graduate to an interview; the graduate sees it on their applications page
    marketplace_services.application_invite(
        application=application,
        actor=target.employer.user,
        at=timezone.now() + dt.timedelta(days=3),
        mode="online",
        location="https://meeting.example.cn/2020",
        note="请提前10分钟进入会议室。",
    )
    page.goto("/graduate/applications/")
    card = page.locator(f"#application-{application.pk}")
    assert card.locator(".status").inner_text() == "邀请面试"
    assert "https://meeting.example.cn/2020" in card.inner_text()
    assert "视频面试" in card.inner_text()
    check_page(page)


def sign_in(page, live_server, user) -> None:
    """Give the browser the session of a user signed in by the test client."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize(
    "path",
    [
        "/graduate/profile/",
        "/graduate/recommended/",
        "/graduate/saved/",
        "/graduate/searches/",
        "/graduate/delete/",
        "/jobs/?q=会计&province=31&sort=salary",
    ],
)
def test_graduate_pages_on_phone_fit_and_have_no_serious_axe_violations(new_page, live_server, path):
    from graduates.models import SavedPosting, SavedSearch
    from tests.factories.graduates import beijing_graduate

    target = make_postings()
    graduate = beijing_graduate(approved=True, preferred_cities="上海")
    SavedPosting.objects.create(graduate=graduate, posting=target)
    SavedSearch.objects.create(graduate=graduate, name="上海会计", params={"q": "会计"}, key="q=会计")
    page = new_page(viewport=PHONE)
    sign_in(page, live_server, graduate.user)

    response = page.goto(path)

    assert response.status == 200
    check_page(page)


def test_posting_matches_page_on_phone_fits_and_has_no_serious_axe_violations(new_page, live_server):
    from tests.factories import discipline
    from tests.factories.graduates import beijing_graduate

    target = make_postings()
    target.disciplines.set([discipline("12")])
    for name in ("甲同学", "乙同学"):
        beijing_graduate(approved=True, name=name, discipline=discipline("12"), preferred_cities="上海")
    page = new_page(viewport=PHONE)
    sign_in(page, live_server, target.employer.user)

    response = page.goto(f"/jobs/{target.pk}/matches/")

    assert response.status == 200
    assert page.locator(".job-card__title").all_inner_texts() == ["乙同学", "甲同学"]
    check_page(page)
