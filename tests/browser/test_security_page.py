"""The account security page in real Chromium at phone width: two devices listed, the other one
signed out from here, then "sign out everywhere"."""

import pytest

from tests.browser.conftest import PHONE, assert_fits_width, serious_axe_violations
from tests.factories import GraduateFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "correct-horse-battery-9"  # UserFactory's


def log_in(page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("13912340000")  # by mobile number
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_security_page_ends_another_device_then_everything(new_page):
    GraduateFactory(user__username="zhao-sec", mobile="13912340000")
    other, page = new_page(viewport=PHONE), new_page(viewport=PHONE)
    log_in(other)
    log_in(page)

    page.get_by_role("link", name="账户安全").click()
    page.wait_for_url("**/accounts/security/")
    assert page.locator(".session-list__item").count() == 2
    assert page.locator(".session-list__item .badge").all_inner_texts() == ["当前设备"]
    assert_fits_width(page)
    assert serious_axe_violations(page) == []

    page.get_by_role("button", name="退出该设备").click()
    page.wait_for_load_state()
    assert page.locator(".message").all_inner_texts() == ["该设备已退出登录。"]
    assert page.locator(".session-list__item").count() == 1
    other.goto("/inbox/")
    assert "/accounts/login/" in other.url

    page.get_by_role("button", name="在所有设备上退出").click()
    page.wait_for_url("**/accounts/login/")
    assert page.locator(".message").all_inner_texts() == ["已在所有设备上退出登录，接口令牌也已撤销。"]
    page.goto("/inbox/")
    assert "/accounts/login/" in page.url
