"""An employer's whole journey in real Chromium on a 375-px phone: register with a licence file, be
approved, sign in, publish a posting, apply to join a week's fair — every page fits the screen and
has no serious or critical axe-core violations."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from employers.models import Employer
from employers.services import employer_approve
from events.models import FairRegistration
from tests.browser.conftest import PHONE, assert_fits_width, serious_axe_violations
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    EmployerMemberFactory,
    FairRegistrationFactory,
    MembershipFactory,
    PostingFactory,
    UserFactory,
    WeekFactory,
)
from tests.factories.employers import uscc_for
from tests.factories.files import png_bytes
from venues.models import Venue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Zhaopin-2020-secure"


def labelled(page):
    """get_by_label that also finds a required field, whose label ends in the mark * and （必填）."""

    def find(name: str, exact: bool = False):
        if not exact:
            return page.get_by_label(name)
        return page.get_by_label(re.compile(rf"^{re.escape(name)}\s*\*?\s*(（必填）)?$"))

    return find


def check(page) -> None:
    """The page on a phone: nothing wider than the screen, no serious accessibility problem."""
    assert_fits_width(page)
    assert serious_axe_violations(page) == []


def fill_registration(page, *, uscc: str) -> None:
    label = labelled(page)
    label("用户名", exact=True).fill("yunqi-hr")
    label("账户邮箱", exact=True).fill("hr@yunqi.example.cn")
    label("密码", exact=True).fill(PASSWORD)
    label("确认密码", exact=True).fill(PASSWORD)
    label("单位名称", exact=True).fill("北京云栖数据科技有限公司")
    label("统一社会信用代码", exact=True).fill(uscc)
    label("单位性质", exact=True).select_option(label="民营企业")
    label("行业", exact=True).select_option(label="信息传输、软件和信息技术服务业")
    label("单位规模", exact=True).select_option(label="50–149人")
    label("所在省份", exact=True).select_option(label="北京市")
    label("所在城市", exact=True).fill("北京市")
    label("地址", exact=True).fill("北京市海淀区中关村南大街5号")
    label("单位简介", exact=True).fill("从事数据分析软件研发。")
    label("联系人姓名", exact=True).fill("林晓")
    label("联系人职务", exact=True).fill("招聘主管")
    label("联系人手机", exact=True).fill("13912345678")
    label("联系人邮箱", exact=True).fill("linxiao@yunqi.example.cn")
    label("营业执照", exact=True).set_input_files(
        {"name": "营业执照.png", "mimeType": "image/png", "buffer": png_bytes(40, 30)}
    )


def test_employer_registers_is_approved_publishes_and_joins_a_fair(new_page):
    week = WeekFactory(year=2030, name="2030年全国高校毕业生就业网络联盟春季联合招聘周", starts_on=dt.date(2030, 4, 23))
    page = new_page(viewport=PHONE)

    # 1. Register, with a real PNG licence.
    page.goto("/employer/register/")
    check(page)
    fill_registration(page, uscc=uscc_for(2020))
    page.get_by_role("button", name="提交注册").click()
    page.wait_for_url("**/employer/")
    assert "您的注册信息正在由北京市人社系统分会场审核" in page.locator("#review-status").inner_text()
    check(page)
    employer = Employer.objects.get(uscc=uscc_for(2020))
    assert employer.licence.name.endswith(".png")

    # 2. The 北京 HR branch venue approves it (the service its admin action and API call).
    staff = MembershipFactory(venue=Venue.objects.get(slug="11-hr")).user
    employer_approve(employer=employer, actor=staff)

    # 3. Sign out and in again.
    page.get_by_role("button", name="退出").click()
    page.goto("/accounts/login/?next=/employer/")
    page.get_by_label("用户名").fill("yunqi-hr")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/employer/")
    assert "您的单位已通过审核" in page.locator("#review-status").inner_text()
    check(page)

    # 4. Publish a posting.
    page.get_by_role("link", name="发布新职位").click()
    page.wait_for_url("**/employer/postings/new/")
    check(page)
    labelled(page)("职位名称", exact=True).fill("数据分析师")
    labelled(page)("职位描述", exact=True).fill("负责客户数据分析与可视化报表。")
    labelled(page)("任职要求", exact=True).fill("统计学、计算机等相关专业，不限男女。")
    labelled(page)("招聘人数", exact=True).fill("3")
    labelled(page)("工作城市", exact=True).fill("北京市")
    labelled(page)("学历要求", exact=True).select_option(label="本科")
    labelled(page)("月薪下限（元）", exact=True).fill("9000")
    labelled(page)("月薪上限（元）", exact=True).fill("14000")
    labelled(page)("有效期至", exact=True).fill((dt.date.today() + dt.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="保存并发布").click()
    page.wait_for_url("**/employer/postings/")
    assert page.locator(".message--success").inner_text() == "职位“数据分析师”已发布。"
    check(page)

    # 5. Apply to join the week's fair at the default (reviewing) venue, showing that posting.
    page.goto("/employer/fairs/apply/")
    check(page)
    labelled(page)("招聘周", exact=True).select_option(value=str(week.pk))
    page.get_by_label("数据分析师").check()
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url("**/employer/fairs/")
    registration = FairRegistration.objects.get(employer=employer)
    assert (registration.status, registration.venue.slug) == ("pending", "11-hr")
    assert [p.title for p in registration.postings.all()] == ["数据分析师"]
    assert "待审核" in page.locator(f"#registration-{registration.pk}").inner_text()
    check(page)


def test_employer_register_bad_uscc_message_next_to_field_with_input_kept(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/employer/register/")
    fill_registration(page, uscc="91110108MA01XK7A2X")

    page.get_by_role("button", name="提交注册").click()
    page.wait_for_load_state()

    field = page.locator("#field-uscc")
    assert field.locator(".errorlist").inner_text() == "统一社会信用代码校验位不正确，请核对后重新输入。"
    uscc = labelled(page)("统一社会信用代码", exact=True)
    assert uscc.input_value() == "91110108MA01XK7A2X"
    assert uscc.get_attribute("aria-invalid") == "true"
    assert "id_uscc_error" in uscc.get_attribute("aria-describedby")
    assert labelled(page)("单位名称", exact=True).input_value() == "北京云栖数据科技有限公司"
    assert Employer.objects.count() == 0
    check(page)


def test_employer_workspace_pages_fit_a_phone_and_pass_axe(new_page):
    user = UserFactory(username="bj-employer", password=PASSWORD)
    employer = EmployerFactory(user=user, approved=True, description="简介", size="lt50")
    posting = PostingFactory(employer=employer, published=True, title="算法工程师")
    application = ApplicationFactory(posting=posting, graduate__name="王同学")
    FairRegistrationFactory(
        employer=employer, week=WeekFactory(year=2030), status="rejected", status_reason="请补充职位说明"
    )
    PostingFactory(employer=employer, title="草稿职位", valid_until=timezone.localdate())
    EmployerMemberFactory(employer=employer, user__first_name="赵招聘", user__email="zhao.recruiter@example.cn")
    page = new_page(viewport=PHONE)
    page.goto("/accounts/login/?next=/employer/")
    page.get_by_label("用户名").fill("bj-employer")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/employer/")

    for path in [
        "/employer/profile/",
        "/employer/postings/",
        f"/employer/postings/{posting.pk}/",
        f"/employer/postings/{posting.pk}/applications/",
        f"/employer/applications/{application.pk}/",
        "/employer/fairs/",
        "/employer/team/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        check(page)
