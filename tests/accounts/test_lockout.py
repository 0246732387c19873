import datetime as dt
import logging

import pytest
from django.urls import reverse

from recruitment_weeks.accounts.models import LoginFailure
from recruitment_weeks.accounts.services import IP_LIMIT, USERNAME_LIMIT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"


def post_login(client, username, password, ip="10.1.2.3"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_locks_username_after_repeated_failures_and_cool_off_ends(client, time_machine):
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    UserFactory(username="zhang", password=PASSWORD)
    for _ in range(USERNAME_LIMIT):
        response = post_login(client, "zhang", "wrong")
        assert "请输入一个正确的用户名和密码。" in response.text

    response = post_login(client, "zhang", PASSWORD)  # right password, but locked
    assert "登录失败次数过多，请 15 分钟后再试。" in response.text
    assert not is_signed_in(client)

    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 14, 59, tzinfo=dt.UTC), tick=False)
    assert "登录失败次数过多" in post_login(client, "zhang", PASSWORD).text
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 15, 1, tzinfo=dt.UTC), tick=False)
    response = post_login(client, "zhang", PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_login_lock_of_one_user_leaves_others_on_the_same_address_alone(client):
    UserFactory(username="locked", password=PASSWORD)
    UserFactory(username="classmate", password=PASSWORD)
    for _ in range(USERNAME_LIMIT):
        post_login(client, "locked", "wrong")
    response = post_login(client, "classmate", PASSWORD)
    assert response.status_code == 302


def test_login_locks_an_address_only_after_many_failures_across_users(client):
    UserFactory(username="student", password=PASSWORD)
    LoginFailure.objects.bulk_create(LoginFailure(username=f"u{i}", ip="10.9.9.9") for i in range(IP_LIMIT - 1))
    assert post_login(client, "student", PASSWORD, ip="10.9.9.9").status_code == 302  # 99 failures: still open
    client.logout()
    LoginFailure.objects.create(username="u-last", ip="10.9.9.9")
    assert "登录失败次数过多" in post_login(client, "student", PASSWORD, ip="10.9.9.9").text
    assert post_login(client, "student", PASSWORD, ip="10.9.9.10").status_code == 302  # another address


def test_login_failures_and_successes_are_logged_with_masked_data(client, caplog):
    UserFactory(username="13912345678", password=PASSWORD)
    with caplog.at_level(logging.INFO, logger="recruitment_weeks.security"):
        post_login(client, "13912345678", "wrong")
        post_login(client, "13912345678", PASSWORD)
    messages = [r.getMessage() for r in caplog.records if r.name == "recruitment_weeks.security"]
    assert messages[0] == "login failed username=139****5678 ip=10.1.2.3"
    assert messages[1].startswith("login ok user_id=")
    assert "13912345678" not in caplog.text


def test_login_unknown_user_gets_the_same_message_as_wrong_password(client):
    assert "请输入一个正确的用户名和密码。" in post_login(client, "nobody", "x").text
