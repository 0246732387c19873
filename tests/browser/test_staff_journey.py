"""A provincial staff member's day in the admin, in real Chromium: the pending employers of their
province only, approve one, reject another with a reason, report the site link, download the
contact form; then the statistics page with its charts (screenshot under tmp_path)."""

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from console.rollup import refresh_statistics
from employers.models import Employer
from tests.browser.conftest import DESKTOP, serious_axe_violations
from tests.factories import BranchVenueFactory, EmployerFactory, ProvinceFactory, WeekFactory
from tests.factories.staff import ContactFormFactory, staff_user
from venues.enums import System
from venues.models import SiteLinkReport

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "correct-horse-battery-9"  # UserFactory's


def test_provincial_staff_reviews_reports_downloads_and_reads_charts(new_page, tmp_path):
    week = WeekFactory(year=2031, season="spring", name="2031年春季测试招聘周", starts_on=dt.date(2031, 4, 23))
    mine = BranchVenueFactory(province=ProvinceFactory(code="81", name="甲省"), system=System.HR)
    theirs = BranchVenueFactory(province=ProvinceFactory(code="82", name="乙省"), system=System.HR)
    now = dt.datetime.now(dt.UTC)
    first = EmployerFactory(name="甲省先到单位", province=mine.province, reviewing_venue=mine,
                            submitted_at=now - dt.timedelta(days=3))  # fmt: skip
    second = EmployerFactory(name="甲省后到单位", province=mine.province, reviewing_venue=mine,
                             submitted_at=now - dt.timedelta(days=1))  # fmt: skip
    EmployerFactory(name="乙省待审单位", province=theirs.province, reviewing_venue=theirs)
    ContactFormFactory(venue=mine, unit_name="甲省人才交流中心")
    staff_user("jia-staff", mine)
    page = new_page(viewport=DESKTOP)

    # Sign in to the admin.
    page.goto("/admin/login/")
    page.fill("#id_username", "jia-staff")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert page.locator("#queue-employers + .staff-count").inner_text() == "2"

    # The review queue: only this province's pending employers, the longest-waiting first.
    page.click("#queue-employers")
    page.wait_for_url("**/admin/employers/employer/queue/")
    assert page.locator("#queue-summary").inner_text().startswith("待审核 2 条")
    assert page.locator("#result_list tbody th").all_inner_texts() == ["甲省先到单位", "甲省后到单位"]
    assert serious_axe_violations(page) == []

    # Approve the first.
    page.check(f'input.action-select[value="{first.pk}"]')
    page.select_option('select[name="action"]', "approve")
    page.click('button[name="index"]')
    page.wait_for_load_state()
    assert "已处理 1 条。" in page.locator(".messagelist").inner_text()
    assert page.url.endswith("/admin/employers/employer/queue/")  # back in the queue, the next one on top
    assert page.locator("#result_list tbody th").all_inner_texts() == ["甲省后到单位"]

    # Reject the second: the reason is asked for on its own page, and the queue is empty after.
    page.check(f'input.action-select[value="{second.pk}"]')
    page.select_option('select[name="action"]', "reject")
    page.click('button[name="index"]')
    page.wait_for_selector("#id_reason")
    page.get_by_label("原因").fill("营业执照照片不清晰，请重新上传。")
    page.get_by_role("button", name="确认").click()
    page.wait_for_selector(".messagelist")
    assert page.url.endswith("/admin/employers/employer/queue/")
    assert page.locator(".staff-queue__empty").inner_text() == "队列已清空：没有待审核的记录。"
    statuses = dict(Employer.objects.values_list("name", "status"))
    assert statuses == {"甲省先到单位": "approved", "甲省后到单位": "rejected", "乙省待审单位": "pending"}
    assert Employer.objects.get(pk=second.pk).status_reason == "营业执照照片不清晰，请重新上传。"

    # Report the activity-zone site for the week (the only venue is preselected).
    page.goto("/admin/")
    page.get_by_role("link", name="报送活动专区网站").click()
    page.select_option("#id_week", str(week.pk))
    page.fill("#id_site_name", "甲省人才网招聘周专区")
    page.fill("#id_site_url", "https://rc.jia.example.cn/zhuanqu")
    page.click('input[name="_save"]')
    page.wait_for_url("**/admin/venues/sitelinkreport/")
    report = SiteLinkReport.objects.get(venue=mine, week=week)
    assert (report.site_name, report.site_url) == ("甲省人才网招聘周专区", "https://rc.jia.example.cn/zhuanqu")

    # Download the contact form.
    page.goto("/admin/venues/contactform/")
    with page.expect_download() as info:
        page.click("#contact-form-download")
    path = tmp_path / "contact.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(BytesIO(path.read_bytes())).active
    assert (sheet["A1"].value, sheet["C2"].value) == (
        "2031年全国高校毕业生就业网络联盟招聘周活动联系表",  # the year of the next week, 2031
        "甲省人才交流中心",
    )

    # Statistics: both charts are drawn with a real size.
    refresh_statistics()  # what beat does every 10 minutes: the page reads the rollup
    page.goto(f"/admin/venues/venue/statistics/?week={week.pk}&metric=employers_registered")
    bar = page.locator("#bar-chart svg").bounding_box()
    line = page.locator("#line-chart svg").bounding_box()
    bars = [page.locator("#bar-chart rect.chart__bar").nth(i).bounding_box() for i in range(1)]
    lines = page.locator("#line-chart polyline.chart__line").count()
    screenshot = tmp_path / "statistics.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert bar["width"] > 300 and bar["height"] > 40 and line["width"] > 300 and line["height"] > 100
    assert bars[0]["width"] > 100 and bars[0]["height"] > 5  # 2 registrations: the longest bar
    assert lines == 4
    assert screenshot.stat().st_size > 10_000
