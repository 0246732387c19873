import pytest

from employers.services import employer_approve
from tests.browser.conftest import PHONE, assert_fits_width, serious_axe_violations
from tests.factories import EmployerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_inbox_unread_count_rises_after_decision_and_falls_when_read(new_page):
    employer = EmployerFactory(user=UserFactory(username="hr-inbox", password="correct-horse-battery-9"))
    page = new_page(viewport=PHONE)
    log_in(page, "hr-inbox", "correct-horse-battery-9")
    assert page.locator(".site-nav .badge--count").count() == 0

    employer_approve(employer=employer, actor=UserFactory(is_staff=True))  # the reviewer's decision
    page.reload()
    assert page.locator(".site-nav .badge--count").inner_text() == "1"

    page.get_by_role("link", name="消息").click()
    assert page.locator(".inbox__item--unread .inbox__kind").all_inner_texts() == ["单位审核通过"]
    assert_fits_width(page)
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="标为已读", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".site-nav .badge--count").count() == 0
    assert page.locator(".inbox__item--read .inbox__kind").all_inner_texts() == ["单位审核通过"]
