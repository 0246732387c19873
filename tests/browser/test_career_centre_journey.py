"""A career-centre member's journey in real Chromium on a 375 px phone: register picking the
university from the list, be approved by the province, confirm three graduates (one on its own, two
in bulk), acknowledge a notice, and read the outcome figures — in Chinese, then the figures in English."""

import pytest

from graduates.enums import GraduateStatus, Outcome
from graduates.models import Graduate
from tests.browser.conftest import PHONE, assert_fits_width, serious_axe_violations
from tests.factories import GraduateFactory, UserFactory
from universities import services
from universities.models import CareerCentreMember, NoticeAcknowledgement, University
from venues.models import Venue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def check_page(page) -> None:
    assert_fits_width(page)
    assert serious_axe_violations(page) == []


def hebei_graduates() -> list[Graduate]:
    hebei = University.objects.get(name="河北大学")
    venue = Venue.objects.get(slug="13-education")
    common = {
        "university": hebei.name,
        "listed_university": hebei,
        "university_province": hebei.province,
        "reviewing_venue": venue,
    }
    return [
        GraduateFactory(name="赵一", student_number="20300001", **common),
        GraduateFactory(name="钱二", student_number="20300002", outcome=Outcome.SIGNED, **common),
        GraduateFactory(name="孙三", student_number="20300003", outcome=Outcome.LOOKING, **common),
    ]


def test_career_centre_member_confirms_graduates_acknowledges_a_notice_and_reads_outcomes(new_page):
    first, second, third = hebei_graduates()
    notice = services.university_notice_publish(
        venue=Venue.objects.get(slug="13-education"),
        actor=None,
        title="关于组织毕业生参加招聘周的通知",
        body="请各校组织。",
    )
    page = new_page(viewport=PHONE)

    # Register, picking the university from the list
    page.goto("/career-centre/register/")
    check_page(page)
    page.get_by_label("用户名").fill("hbu-career")
    page.locator("#id_password1").fill("Zhang-laoshi-2030")
    page.get_by_label("确认密码").fill("Zhang-laoshi-2030")
    page.get_by_label("高校").fill("河北大学")
    page.get_by_label("姓名").fill("张老师")
    page.get_by_label("职务").fill("就业指导中心科员")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("邮箱").fill("career@hbu.example.cn")
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/career-centre/")
    assert page.locator("#review-status").inner_text().startswith("账户审核：待审核")
    check_page(page)

    # Approved by the 河北 education branch venue
    member = CareerCentreMember.objects.get(user__username="hbu-career")
    services.career_centre_approve(member=member, actor=UserFactory(is_staff=True))
    page.reload()
    assert page.locator("#review-status").inner_text().startswith("账户审核：已通过")

    # Confirm one graduate on its own, correcting the major
    page.get_by_role("link", name="本校毕业生").click()
    page.wait_for_url("**/career-centre/graduates/")
    check_page(page)
    page.get_by_role("link", name="赵一").click()
    page.wait_for_url(f"**/career-centre/graduates/{first.pk}/")
    check_page(page)
    page.get_by_label("专业").fill("法学")
    page.get_by_role("button", name="确认", exact=True).click()
    page.wait_for_url("**/career-centre/graduates/")

    # … and the other two in bulk
    page.get_by_label("选择钱二").check()
    page.get_by_label("选择孙三").check()
    page.get_by_role("button", name="确认所选毕业生").click()
    page.wait_for_url("**/career-centre/graduates/")
    assert "已确认 2 名毕业生。" in page.locator(".messages").inner_text()
    check_page(page)
    rows = {g.name: (g.university_confirmed_by_id, g.status, g.major) for g in Graduate.objects.all()}
    assert rows == {
        "赵一": (member.user_id, GraduateStatus.APPROVED, "法学"),
        "钱二": (member.user_id, GraduateStatus.APPROVED, second.major),
        "孙三": (member.user_id, GraduateStatus.APPROVED, third.major),
    }

    # Acknowledge the notice
    page.goto("/career-centre/")
    page.get_by_role("link", name="通知").click()
    page.wait_for_url("**/career-centre/notices/")
    check_page(page)
    page.get_by_role("link", name=notice.title).click()
    page.get_by_role("button", name="签收").click()
    page.wait_for_selector("#acknowledged")
    check_page(page)
    assert list(NoticeAcknowledgement.objects.values_list("notice", "university__name")) == [(notice.pk, "河北大学")]

    # Read the outcome figures
    page.goto("/career-centre/")
    page.get_by_role("link", name="毕业去向统计").click()
    page.wait_for_url("**/career-centre/outcomes/")
    check_page(page)
    first_row = page.locator("#outcome-table tbody tr").first.locator("th, td").all_inner_texts()
    assert [cell.split("\n")[-1].strip() for cell in first_row] == [
        "河北大学", "3", "3", "1", "0", "0", "0", "0", "1", "0", "2", "1", "0", "0",
    ]  # fmt: skip

    # The same page in English
    page.locator("#language-select").select_option("en")
    page.get_by_role("button", name="切换").click()
    page.wait_for_url("**/career-centre/outcomes/")
    assert page.locator("h1").inner_text() == "Graduate outcomes"
    check_page(page)
