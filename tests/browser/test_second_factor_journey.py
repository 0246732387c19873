"""A staff member's first visit to the admin in real Chromium: the password, then enrolment of an
authenticator (the code computed here as the app would), the recovery codes, the admin; the next
sign-in with a recovery code, which then stops working."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import PHONE, assert_fits_width, serious_axe_violations
from tests.factories import BranchVenueFactory
from tests.factories.staff import staff_user
from tests.support.second_factor import totp_code

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.second_factor]
PASSWORD = "correct-horse-battery-9"  # UserFactory's


def admin_login(page) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", "yi-staff")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()


def test_staff_enrols_then_signs_in_with_a_recovery_code_once(new_page):
    user = staff_user("yi-staff", BranchVenueFactory())
    page = new_page(viewport=PHONE)

    admin_login(page)
    page.wait_for_url("**/accounts/two-factor/enrol/?next=%2Fadmin%2F")
    assert page.get_by_role("heading", level=1).inner_text() == "启用两步验证"
    assert page.get_by_role("img", name="验证器应用的二维码").locator("svg").count() == 1
    assert_fits_width(page)
    assert serious_axe_violations(page) == []
    page.get_by_label("验证码").fill(totp_code(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="确认启用").click()
    page.wait_for_load_state()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_fits_width(page)
    assert serious_axe_violations(page) == []
    page.get_by_role("link", name="我已保存，继续").click()
    page.wait_for_url("**/admin/")

    for attempt in ("first", "second"):
        later = new_page(viewport=PHONE)
        admin_login(later)
        later.wait_for_url("**/accounts/two-factor/verify/?next=%2Fadmin%2F")
        later.get_by_label("验证码").fill(codes[0])
        later.get_by_role("button", name="验证").click()
        later.wait_for_load_state()
        if attempt == "first":
            assert later.url.endswith("/admin/")
            assert later.locator(".messagelist").inner_text() == (
                "已使用一个恢复码，还剩 9 个。恢复码用完前，请联系超级管理员重置两步验证。"
            )
        else:
            assert "/accounts/two-factor/verify/" in later.url
            assert serious_axe_violations(later) == []
            error = later.locator(".errorlist").inner_text()
            assert error == "验证码不正确或已过期，请输入验证器应用中当前显示的验证码。"
