"""Verified email: notifications are emailed only to an address proved by a link sent to it; a new
address needs proving again; an unverified address shows a banner saying what it blocks."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from recruitment_weeks.accounts import services
from recruitment_weeks.accounts.enums import AccountAction
from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications import services as notification_services
from recruitment_weeks.notifications.enums import NotificationKind, NotificationStatus
from recruitment_weeks.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BANNER = "尚未验证：验证之前，通知只显示在站内消息中，不发送邮件。"
LINK = re.compile(r"http://\S+(/accounts/email/verify/[^/\s]+/)")


def deliver(user, key="k1") -> Notification:
    notification = notification_services.notify(
        recipient=user, kind=NotificationKind.EMPLOYER_APPROVED, payload={"employer_name": "测试公司"}, dedupe_key=key
    )
    notification_services.notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    return notification


@pytest.fixture
def ask(eager_tasks, django_capture_on_commit_callbacks):
    def post(client, next_url="/inbox/"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:email_verify_send"), {"next": next_url}, follow=True)

    return post


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_notification_to_unverified_address_waits_in_the_inbox_unemailed():
    user = UserFactory(email="new@example.cn", email_verified="")

    notification = deliver(user)

    assert (notification.status, notification.emailed) == (NotificationStatus.SENT, False)
    assert mail.outbox == []
    assert list(Notification.objects.filter(recipient=user).values_list("pk", flat=True)) == [notification.pk]


def test_notification_to_verified_address_emailed():
    user = UserFactory(email="ok@example.cn")

    notification = deliver(user)

    assert notification.emailed is True
    assert [m.to for m in mail.outbox] == [["ok@example.cn"]]


def test_banner_on_pages_for_unverified_address_only():
    unverified = UserFactory(email="new@example.cn", email_verified="")
    verified = UserFactory(email="ok@example.cn")

    pages = [signed_in(u).get(reverse("notifications:inbox")).content.decode() for u in (unverified, verified)]

    assert "您的邮箱 new@example.cn " + BANNER in pages[0]
    assert BANNER not in pages[1]


def test_link_verifies_the_address_and_notifications_are_emailed_after(ask):
    user = UserFactory(username="wang", email="Wang@Example.cn", email_verified="")
    client = signed_in(user)

    sent = ask(client)
    path = LINK.search(mail.outbox[0].body).group(1)
    page = Client().get(path)  # opened from the mail app, signed in or not

    assert sent.redirect_chain == [("/inbox/", 302)]
    assert [str(m) for m in sent.context["messages"]] == ["验证邮件已发送到 Wang@Example.cn，请打开其中的链接。"]
    assert mail.outbox[0].subject == "请验证您在招聘周门户的邮箱"
    assert "邮箱 Wang@Example.cn 已验证，通知将同时发送到该邮箱。" in page.content.decode()
    assert User.objects.get(pk=user.pk).email_verified == "Wang@Example.cn"
    assert BANNER not in client.get(reverse("notifications:inbox")).content.decode()
    assert deliver(User.objects.get(pk=user.pk)).emailed is True
    entry = AuditEntry.objects.get(action=AccountAction.EMAIL_VERIFIED)
    assert (entry.actor_id, entry.data) == (user.pk, {"email": "Wang@Example.cn"})


def test_changed_address_needs_verifying_again_and_the_old_link_fails(ask):
    user = UserFactory(username="wang", email="old@example.cn", email_verified="")
    ask(signed_in(user))
    old_link = LINK.search(mail.outbox[0].body).group(1)
    User.objects.filter(pk=user.pk).update(email="new@example.cn")

    page = Client().get(old_link)
    notification = deliver(User.objects.get(pk=user.pk))

    assert "该验证链接无效：可能已过期，或账户的邮箱已更改。" in page.content.decode()
    assert User.objects.get(pk=user.pk).email_verified == ""
    assert notification.emailed is False


def test_verified_then_changed_address_is_unverified():
    user = UserFactory(email="ok@example.cn")
    user.email = "other@example.cn"
    user.save()

    assert user.email_is_verified is False
    assert deliver(user).emailed is False


@pytest.mark.parametrize("token", ["nonsense", "a" * 500])
def test_forged_link_refused(client, token):
    response = client.get(reverse("accounts:email_verify", kwargs={"token": token}))

    assert response.status_code == 200
    assert "该验证链接无效" in response.content.decode()


def test_expired_link_refused(time_machine, ask):
    time_machine.move_to(dt.datetime(2030, 1, 1, tzinfo=dt.UTC), tick=False)
    user = UserFactory(email="new@example.cn", email_verified="")
    ask(signed_in(user))
    link = LINK.search(mail.outbox[0].body).group(1)
    time_machine.move_to(dt.datetime(2030, 1, 4, 0, 1, tzinfo=dt.UTC), tick=False)

    response = Client().get(link)

    assert "该验证链接无效" in response.content.decode()
    assert User.objects.get(pk=user.pk).email_verified == ""


def test_verification_emails_limited_per_account(ask):
    user = UserFactory(email="new@example.cn", email_verified="")
    client = signed_in(user)
    for _i in range(5):
        ask(client)

    response = ask(client)

    assert [str(m) for m in response.context["messages"]] == ["验证邮件发送过于频繁，请稍后再试。"]
    assert len(mail.outbox) == 5


def test_send_needs_sign_in_and_post(client):
    url = reverse("accounts:email_verify_send")

    assert client.post(url)["Location"] == f"/accounts/login/?next={url}"
    client.force_login(UserFactory(email="new@example.cn", email_verified=""))
    assert client.get(url).status_code == 405
    assert mail.outbox == []


def test_next_outside_the_site_is_ignored(ask):
    user = UserFactory(email="new@example.cn", email_verified="")

    response = ask(signed_in(user), next_url="https://evil.example/")

    assert response.redirect_chain == [("/accounts/security/", 302)]
    assert services.email_verification_send(user_id=user.pk) is True
