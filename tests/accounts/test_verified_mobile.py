"""Verified mobile: a 6-digit code texted through the SMS backend (files by default), a limited
number of tries, a changed number unverified again."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from graduates.models import Graduate
from recruitment_weeks.accounts.enums import AccountAction
from recruitment_weeks.accounts.models import User
from recruitment_weeks.accounts.services import MOBILE_CODE_TRIES
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import GraduateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_dir(settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    return tmp_path / "sms"


def texts(sms_dir) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(sms_dir.glob("*.txt"))] if sms_dir.exists() else []


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_code_texted_then_entered_verifies_the_number(sms_dir):
    graduate = GraduateFactory(mobile="13912345678")
    client = signed_in(graduate.user)

    sent = client.post(reverse("accounts:mobile_verify_send"), follow=True)
    [text] = texts(sms_dir)
    code = re.search(r"验证码是 (\d{6})", text).group(1)
    done = client.post(reverse("accounts:mobile_verify"), {"code": code}, follow=True)

    assert messages_of(sent) == ["验证码已发送到您的手机，10 分钟内有效。"]
    assert text.startswith("To: 13912345678\n\n【招聘周门户】您的手机验证码是 ")
    assert messages_of(done) == ["手机号已验证。"]
    assert User.objects.get(pk=graduate.user.pk).mobile_verified == "13912345678"
    assert AuditEntry.objects.get(action=AccountAction.MOBILE_VERIFIED).data == {"mobile": "13912345678"}
    page = client.get(reverse("accounts:security")).content.decode()
    assert "发送短信验证码" not in page


def test_wrong_codes_use_the_code_up(sms_dir):
    graduate = GraduateFactory(mobile="13912345678")
    client = signed_in(graduate.user)
    client.post(reverse("accounts:mobile_verify_send"), follow=True)
    code = re.search(r"验证码是 (\d{6})", texts(sms_dir)[0]).group(1)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _i in range(MOBILE_CODE_TRIES):
        client.post(reverse("accounts:mobile_verify"), {"code": wrong}, follow=True)

    response = client.post(reverse("accounts:mobile_verify"), {"code": code}, follow=True)

    assert messages_of(response) == ["验证码不正确或已过期，请重新获取。"]
    assert User.objects.get(pk=graduate.user.pk).mobile_verified == ""


def test_changed_number_is_unverified_and_the_old_code_fails(sms_dir):
    graduate = GraduateFactory(mobile="13912345678")
    client = signed_in(graduate.user)
    client.post(reverse("accounts:mobile_verify_send"), follow=True)
    code = re.search(r"验证码是 (\d{6})", texts(sms_dir)[0]).group(1)
    Graduate.objects.filter(pk=graduate.pk).update(mobile="13700000000")

    response = client.post(reverse("accounts:mobile_verify"), {"code": code}, follow=True)

    assert messages_of(response) == ["验证码不正确或已过期，请重新获取。"]
    User.objects.filter(pk=graduate.user.pk).update(mobile_verified="13912345678")
    assert User.objects.select_related("graduate").get(pk=graduate.user.pk).mobile_is_verified is False


@pytest.mark.parametrize("code", ["12345", "abcdef", "1234567", "\x00"])
def test_malformed_code_refused_without_a_try(sms_dir, code):
    graduate = GraduateFactory(mobile="13912345678")
    client = signed_in(graduate.user)

    response = client.post(reverse("accounts:mobile_verify"), {"code": code}, follow=True)

    assert messages_of(response) == ["请输入收到的 6 位验证码。"]


def test_texts_limited_per_account(sms_dir):
    graduate = GraduateFactory(mobile="13912345678")
    client = signed_in(graduate.user)
    for _i in range(5):
        client.post(reverse("accounts:mobile_verify_send"), follow=True)

    response = client.post(reverse("accounts:mobile_verify_send"), follow=True)

    assert messages_of(response) == ["无法发送验证码：没有手机号、已验证，或发送过于频繁。"]
    assert len(texts(sms_dir)) == 5


def test_account_without_a_number_gets_no_text(sms_dir):
    from tests.factories import UserFactory

    client = signed_in(UserFactory())

    response = client.post(reverse("accounts:mobile_verify_send"), follow=True)

    assert messages_of(response) == ["无法发送验证码：没有手机号、已验证，或发送过于频繁。"]
    assert texts(sms_dir) == []


@pytest.mark.parametrize("url_name", ["mobile_verify_send", "mobile_verify"])
def test_mobile_actions_need_sign_in_and_post(client, url_name):
    url = reverse(f"accounts:{url_name}")

    assert client.post(url)["Location"] == f"/accounts/login/?next={url}"
    client.force_login(GraduateFactory().user)
    assert client.get(url).status_code == 405
