"""The account's security page: its live sessions (recorded at sign-in, "last seen" refreshed now and
then), ending one of them, "sign out everywhere" (every session and the API token), and the token."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from recruitment_weeks.accounts import services
from recruitment_weeks.accounts.enums import AccountAction
from recruitment_weeks.accounts.models import SignInSession, User
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"
T0 = dt.datetime(2030, 3, 1, 1, 0, tzinfo=dt.UTC)  # 09:00 in Beijing


def signed_in(username: str, agent: str = "Mozilla/5.0 (iPhone) 测试浏览器", ip: str = "10.5.5.5") -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def is_signed_in(client) -> bool:
    return client.get(reverse("notifications:inbox")).status_code == 200


def test_sign_in_recorded_and_listed_with_this_device_marked(time_machine):
    time_machine.move_to(T0, tick=False)
    user = UserFactory(username="wang")
    phone = signed_in("wang", agent="Phone Browser", ip="10.5.5.5")
    signed_in("wang", agent="Desktop Browser", ip="10.6.6.6")

    page = phone.get(reverse("accounts:security"))

    assert list(SignInSession.objects.filter(user=user).values_list("user_agent", "ip").order_by("pk")) == [
        ("Phone Browser", "10.5.5.5"),
        ("Desktop Browser", "10.6.6.6"),
    ]
    text = page.content.decode()
    assert text.count('class="session-list__item"') == 2
    assert text.count("当前设备") == 1
    assert "登录于 2030-03-01 09:00，最近活动 2030-03-01 09:00（北京时间），IP 10.5.5.5" in text
    assert "没有接口令牌。" in text


def test_sign_out_forgets_the_session():
    UserFactory(username="wang")
    client = signed_in("wang")

    client.post(reverse("accounts:logout"))

    assert SignInSession.objects.exists() is False


def test_last_seen_refreshed_at_most_every_five_minutes(time_machine):
    time_machine.move_to(T0, tick=False)
    UserFactory(username="wang")
    client = signed_in("wang")

    time_machine.move_to(T0 + dt.timedelta(minutes=4), tick=False)
    client.get(reverse("notifications:inbox"))
    early = SignInSession.objects.get().last_seen
    time_machine.move_to(T0 + dt.timedelta(minutes=6), tick=False)
    client.get(reverse("notifications:inbox"))

    assert early == T0
    assert SignInSession.objects.get().last_seen == T0 + dt.timedelta(minutes=6)


def test_end_another_device_signs_it_out_only():
    user = UserFactory(username="wang")
    mine, other = signed_in("wang"), signed_in("wang")
    other_record = SignInSession.objects.get(session_key=other.session.session_key)

    response = mine.post(reverse("accounts:security_session_end"), {"session": other_record.pk}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["该设备已退出登录。"]
    assert (is_signed_in(mine), is_signed_in(other)) == (True, False)
    assert list(SignInSession.objects.values_list("session_key", flat=True)) == [mine.session.session_key]
    entry = AuditEntry.objects.get(action=AccountAction.SESSION_ENDED)
    assert (entry.actor_id, entry.data) == (user.pk, {"session": other_record.pk})


@pytest.mark.parametrize("value", ["theirs", "abc", "", "99999999999999999999"])
def test_end_session_of_another_account_changes_nothing(value):
    UserFactory(username="wang")
    UserFactory(username="li")
    mine, theirs = signed_in("wang"), signed_in("li")
    their_record = SignInSession.objects.get(user__username="li")

    session = their_record.pk if value == "theirs" else value
    response = mine.post(reverse("accounts:security_session_end"), {"session": session}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["该会话不存在或已结束。"]
    assert is_signed_in(theirs) is True
    assert SignInSession.objects.filter(pk=their_record.pk).exists() is True
    assert AuditEntry.objects.filter(action=AccountAction.SESSION_ENDED).exists() is False


def test_sign_out_everywhere_ends_every_session_and_the_token():
    user = UserFactory(username="wang")
    here, phone = signed_in("wang"), signed_in("wang")
    unrecorded = Client()
    unrecorded.force_login(user)
    SignInSession.objects.filter(session_key=unrecorded.session.session_key).delete()  # as before the records
    services.token_issue(user=user)
    UserFactory(username="li")
    bystander = signed_in("li")

    response = here.post(reverse("accounts:security_sign_out_everywhere"), follow=True)

    assert response.redirect_chain == [("/accounts/login/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["已在所有设备上退出登录，接口令牌也已撤销。"]
    assert [is_signed_in(c) for c in (here, phone, unrecorded, bystander)] == [False, False, False, True]
    assert Token.objects.filter(user=user).exists() is False
    assert list(SignInSession.objects.values_list("user__username", flat=True)) == ["li"]
    assert User.objects.get(pk=user.pk).session_epoch == 1
    entry = AuditEntry.objects.get(action=AccountAction.SIGNED_OUT_EVERYWHERE)
    assert entry.data == {"sessions": 2, "token": True}
    assert signed_in("wang") is not None  # the password still works


def test_token_shown_and_revoked():
    user = UserFactory(username="wang")
    client = signed_in("wang")
    token = services.token_issue(user=user)

    page = client.get(reverse("accounts:security"))
    revoked = client.post(reverse("accounts:security_token_revoke"), follow=True)

    assert "签发于" in page.content.decode()
    assert [str(m) for m in revoked.context["messages"]] == ["接口令牌已撤销。"]
    assert Token.objects.filter(pk=token.pk).exists() is False


@pytest.mark.parametrize(
    "url_name", ["security", "security_session_end", "security_sign_out_everywhere", "security_token_revoke"]
)
def test_security_pages_anonymous_sent_to_login(client, url_name):
    url = reverse(f"accounts:{url_name}")

    response = client.post(url) if url_name != "security" else client.get(url)

    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url_name", ["security_session_end", "security_sign_out_everywhere", "security_token_revoke"])
def test_security_actions_refuse_get(url_name):
    UserFactory(username="wang")
    client = signed_in("wang")

    assert client.get(reverse(f"accounts:{url_name}")).status_code == 405
    assert is_signed_in(client) is True


def test_prune_deletes_records_of_expired_sessions():
    UserFactory(username="wang")
    kept, expired = signed_in("wang"), signed_in("wang")
    past = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    Session.objects.filter(session_key=expired.session.session_key).update(expire_date=past)

    assert services.sign_in_sessions_prune() == 1
    assert list(SignInSession.objects.values_list("session_key", flat=True)) == [kept.session.session_key]


@pytest.mark.parametrize("count", [1, 3])
def test_security_page_query_count(django_assert_num_queries, count):
    UserFactory(username="wang")
    clients = [signed_in("wang") for _i in range(count)]

    # Session, user, the sessions, the token, the inbox's unread count.
    with django_assert_num_queries(5):
        response = clients[0].get(reverse("accounts:security"))

    assert response.content.decode().count('class="session-list__item"') == count
