"""Forgotten password: Django's single-use, expiring reset tokens; the same page and the same work
for every address; limits per client address and per email address; a new password ends every other
session and the API token."""

import datetime as dt
import re

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token

from recruitment_weeks.accounts import services
from recruitment_weeks.accounts.enums import AccountAction
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import GraduateFactory, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-passphrase-17"
LINK = re.compile(r"http://\S+/accounts/password/reset/[^/\s]+/[^/\s]+/")
SENT = "如果该邮箱或手机号属于本站的账户，重设密码的链接已发送过去"


@pytest.fixture
def ask(client, eager_tasks, django_capture_on_commit_callbacks):
    def post(email, ip="10.1.2.3"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip, follow=True)

    return post


def without_csrf(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def reset_link(message) -> str:
    return LINK.search(message.body).group(0)


def test_reset_request_known_and_unknown_address_get_the_same_page(ask):
    UserFactory(username="wang", email="Wang@Example.cn")

    known = ask("wang@example.cn")
    unknown = ask("nobody@example.cn")

    assert known.redirect_chain == [("/accounts/password/reset/sent/", 302)]
    assert unknown.redirect_chain == [("/accounts/password/reset/sent/", 302)]
    assert without_csrf(known.content) == without_csrf(unknown.content)
    assert SENT in known.content.decode()
    assert [m.to for m in mail.outbox] == [["Wang@Example.cn"]]
    assert mail.outbox[0].subject == "重设您在招聘周门户的密码"
    assert "60 分钟内有效，只能使用一次" in mail.outbox[0].body


def test_reset_email_in_the_accounts_language(ask):
    UserFactory(username="smith", email="smith@example.cn", language="en")

    ask("smith@example.cn")

    assert mail.outbox[0].subject == "Reset your password on the recruitment weeks portal"


def test_reset_link_sets_password_signs_in_and_ends_other_sessions_and_token(ask, client):
    user = UserFactory(username="wang", email="wang@example.cn")
    from django.test import Client

    other = Client()
    other.force_login(user)
    token = services.token_issue(user=user)
    assert other.get(reverse("notifications:inbox")).status_code == 200
    ask("wang@example.cn")

    form = client.get(reset_link(mail.outbox[0]), follow=True)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )

    assert done.redirect_chain == [("/accounts/password/reset/complete/", 302)]
    assert "新密码已生效，您已在本设备登录。" in done.content.decode()
    assert done.context["user"] == user
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert other.get(reverse("notifications:inbox")).status_code == 302  # the old session is gone
    assert Token.objects.filter(pk=token.pk).exists() is False
    entries = AuditEntry.objects.filter(action=AccountAction.PASSWORD_RESET)
    assert list(entries.values_list("actor_id", "target_id")) == [(user.pk, str(user.pk))]


def test_reset_link_works_once(ask, client):
    UserFactory(username="wang", email="wang@example.cn")
    ask("wang@example.cn")
    link = reset_link(mail.outbox[0])
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False
    assert "该重设链接无效：可能已使用过或已过期。请重新申请。" in again.content.decode()


def test_reset_link_expires(client):
    user = UserFactory(username="wang", email="wang@example.cn")

    class TwoHoursAgo(PasswordResetTokenGenerator):
        def _now(self):
            return dt.datetime.now() - dt.timedelta(hours=2)

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    response = client.get(f"/accounts/password/reset/{uid}/{TwoHoursAgo().make_token(user)}/", follow=True)

    assert response.context["validlink"] is False


def test_reset_mismatched_passwords_keep_the_old_one(ask, client):
    user = UserFactory(username="wang", email="wang@example.cn")
    ask("wang@example.cn")
    form = client.get(reset_link(mail.outbox[0]), follow=True)

    response = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": "other-9x"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"new_password2": ["输入的两个密码不一致。"]}
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery-9")


def test_reset_emails_per_address_limited_silently(ask):
    UserFactory(username="wang", email="wang@example.cn")

    pages = [ask("wang@example.cn", ip=f"10.0.0.{i}") for i in range(5)]

    assert len(mail.outbox) == 3  # the "password_reset_email" rate: 3/hour
    assert {page.redirect_chain[-1][0] for page in pages} == {"/accounts/password/reset/sent/"}


def test_reset_requests_per_client_address_throttled(ask):
    for i in range(10):
        ask(f"someone{i}@example.cn")

    response = ask("someone-else@example.cn")

    assert response.redirect_chain == []
    assert response.context["form"].non_field_errors() == ["请求过于频繁，请 3600 秒后再试。"]
    assert response.context["form"]["email"].value() == "someone-else@example.cn"


@pytest.mark.parametrize("email", ["bad\x00@example.cn", "x" * 300 + "@example.cn", "not-an-email"])
def test_reset_request_bad_input_is_a_form_error(client, email):
    response = client.post(reverse("accounts:password_reset"), {"email": email})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]
    assert mail.outbox == []


def test_reset_token_of_one_account_does_not_open_another(client):
    mine = UserFactory(username="wang", email="wang@example.cn")
    theirs = UserFactory(username="li", email="li@example.cn")
    token = PasswordResetTokenGenerator().make_token(mine)
    uid = urlsafe_base64_encode(force_bytes(theirs.pk))

    response = client.get(f"/accounts/password/reset/{uid}/{token}/", follow=True)
    posted = client.post(
        f"/accounts/password/reset/{uid}/{token}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.redirect_chain == []
    assert response.context["validlink"] is False
    assert posted.context["validlink"] is False
    theirs.refresh_from_db()
    assert theirs.check_password("correct-horse-battery-9")


def test_reset_by_verified_mobile_texts_the_link(ask, client, settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    graduate = GraduateFactory(user__username="wang", mobile="13912345678", user__mobile_verified="13912345678")
    GraduateFactory(user__username="li", mobile="13700000000")  # a number never verified

    verified = ask("+86 139 1234 5678")
    unverified = ask("13700000000")

    assert without_csrf(verified.content) == without_csrf(unverified.content)
    [text] = [p.read_text(encoding="utf-8") for p in (tmp_path / "sms").glob("*.txt")]
    assert text.startswith("To: 13912345678\n\n【招聘周门户】重设密码请打开 http://")
    path = re.search(r"/accounts/password/reset/[^/\s]+/[^/\s]+/", text).group(0)
    form = client.get(path, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    graduate.user.refresh_from_db()
    assert graduate.user.check_password(NEW_PASSWORD)
    assert mail.outbox == []
