"""Forgotten password in real Chromium, with a real Celery worker writing the email to files: the
link, a new password, signed in; the session in another browser is gone; an unknown address gets
the same page and no email."""

import email
import re

import pytest

from tests.browser.conftest import PHONE, assert_fits_width, serious_axe_violations
from tests.factories import GraduateFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "correct-horse-battery-9"  # UserFactory's
NEW_PASSWORD = "a-brand-new-passphrase-17"


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def ask_for_reset(page, address: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("link", name="忘记密码？").click()
    page.get_by_label("电子邮箱").fill(address)
    page.get_by_role("button", name="发送重设链接").click()
    page.wait_for_url("**/accounts/password/reset/sent/")


def body_of(raw: str) -> str:
    return email.message_from_string(raw).get_payload(decode=True).decode()


def test_forgotten_password_journey_signs_in_and_ends_the_old_session(new_page, start_worker):
    worker = start_worker()
    GraduateFactory(user__username="wang-reset", user__email="wang-reset@example.cn", name="王小明")
    old = new_page(viewport=PHONE)
    log_in(old, "wang-reset", PASSWORD)
    assert old.goto("/inbox/").url.endswith("/inbox/")

    page = new_page(viewport=PHONE)
    ask_for_reset(page, "Wang-Reset@example.cn")
    sent_text = page.locator("main").inner_text()
    assert "如果该邮箱或手机号属于本站的账户，重设密码的链接已发送过去" in sent_text
    assert_fits_width(page)
    assert serious_axe_violations(page) == []

    worker.wait_for_log("succeeded", count=1)
    [message] = worker.emails()
    path = re.search(r"/accounts/password/reset/[^/\s]+/[^/\s]+/", body_of(message)).group(0)
    page.goto(path)
    assert serious_axe_violations(page) == []
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.get_by_label("新密码确认").fill(NEW_PASSWORD)
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_url("**/accounts/password/reset/complete/")
    assert page.get_by_role("heading", level=1).inner_text() == "密码已重设"
    assert_fits_width(page)
    assert serious_axe_violations(page) == []
    page.get_by_role("link", name="进入我的工作台").click()
    page.wait_for_url("**/graduate/")

    old.goto("/inbox/")
    assert "/accounts/login/?next=/inbox/" in old.url  # the old session is gone
    page.goto(path)
    assert "该重设链接无效" in page.locator("main").inner_text()  # used once

    stranger = new_page(viewport=PHONE)
    ask_for_reset(stranger, "nobody@example.cn")
    assert stranger.locator("main").inner_text() == sent_text
    worker.wait_for_log("succeeded", count=2)
    assert len(worker.emails()) == 1
