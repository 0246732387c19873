"""POST /api/v1/auth/token/: a token for integrators, through the same lockout as the login page."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from recruitment_weeks.accounts import services
from recruitment_weeks.accounts.models import LoginFailure
from recruitment_weeks.accounts.services import USERNAME_LIMIT
from recruitment_weeks.audit.models import AuditEntry
from tests.api.errors import error, forbidden, invalid, non_field
from tests.factories import GraduateFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"


def post_token(client, username, password=PASSWORD, ip="10.1.2.3"):
    return client.post(
        reverse("api-token"),
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def with_token(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_token_obtained_authenticates_the_graduate_api(client):
    graduate = GraduateFactory(user__username="li")

    response = post_token(client, "li")

    assert response.status_code == 200
    key = response.json()["token"]
    assert key == Token.objects.get(user=graduate.user).key
    assert "_auth_user_id" not in client.session  # a token, not a session sign-in
    me = client.get(reverse("api-graduate-me"), **with_token(key))
    assert (me.status_code, me.json()["name"]) == (200, graduate.name)
    assert client.get(reverse("api-graduate-me")).status_code == 403
    assert list(AuditEntry.objects.values_list("action", "target_id")) == [
        ("accounts.token.issued", str(graduate.user.pk))
    ]


def test_token_requested_again_is_the_same_token(client):
    UserFactory(username="integrator")

    first = post_token(client, "integrator").json()["token"]
    second = post_token(client, "integrator").json()["token"]

    assert first == second
    assert Token.objects.count() == 1


def test_token_revoked_no_longer_authenticates(client):
    graduate = GraduateFactory(user__username="li")
    key = post_token(client, "li").json()["token"]

    response = client.delete(reverse("api-token"), **with_token(key))

    assert response.status_code == 204
    assert Token.objects.filter(user=graduate.user).exists() is False
    me = client.get(reverse("api-graduate-me"), **with_token(key))
    assert (me.status_code, me.json()) == (403, forbidden("认证令牌无效。", "authentication_failed"))
    assert AuditEntry.objects.filter(action="accounts.token.revoked", target_id=str(graduate.user.pk)).count() == 1


def test_token_revoke_needs_a_signed_in_caller(client):
    user = UserFactory(username="integrator")
    Token.objects.create(user=user)

    response = client.delete(reverse("api-token"))

    assert response.status_code == 403
    assert Token.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("username", ["integrator", "nobody"])
def test_token_wrong_password_or_unknown_user_is_400_without_a_field(client, username):
    UserFactory(username="integrator")

    response = post_token(client, username, "wrong")

    assert (response.status_code, response.json()) == (400, non_field("用户名或密码不正确。"))
    assert Token.objects.count() == 0
    assert list(LoginFailure.objects.values_list("username", "ip")) == [(username, "10.1.2.3")]


def test_token_wrong_password_message_in_english(client):
    UserFactory(username="integrator")

    response = client.post(
        reverse("api-token"),
        {"username": "integrator", "password": "wrong"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert (response.status_code, response.json()) == (400, non_field("Incorrect username or password."))


def test_token_locked_after_repeated_failures_even_with_the_right_password(client, time_machine):
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    UserFactory(username="integrator")
    for _ in range(USERNAME_LIMIT):
        assert post_token(client, "integrator", "wrong").status_code == 400

    response = post_token(client, "integrator")

    assert (response.status_code, response.json()) == (
        400,
        non_field("登录失败次数过多，请 15 分钟后再试。"),
    )
    assert Token.objects.count() == 0
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 15, 1, tzinfo=dt.UTC), tick=False)
    assert post_token(client, "integrator").status_code == 200


def test_token_lock_from_the_login_page_applies_to_the_api(client):
    UserFactory(username="integrator")
    for _ in range(USERNAME_LIMIT):
        client.post(reverse("accounts:login"), {"username": "integrator", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")

    response = post_token(client, "integrator")

    assert response.status_code == 400
    assert response.json()["message"].startswith("登录失败次数过多")


def test_token_missing_credentials_are_field_errors(client):
    response = client.post(reverse("api-token"), {}, content_type="application/json")

    assert (response.status_code, response.json()) == (
        400,
        invalid({"username": ["该字段是必填项。"], "password": ["该字段是必填项。"]}),
    )


def test_token_endpoint_throttles_the_21st_request_in_a_minute(client, time_machine):
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    UserFactory(username="integrator")
    statuses = [post_token(client, f"guess{i}", "wrong").status_code for i in range(20)]

    response = post_token(client, "integrator")

    assert statuses == [400] * 20
    assert response.status_code == 429
    assert response.json() == error(429, "throttled", "请求过于频繁，请 60 秒后再试。")
    assert Token.objects.count() == 0
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 1, 1, tzinfo=dt.UTC), tick=False)
    assert post_token(client, "integrator").status_code == 200


def test_token_throttle_counts_the_address_not_a_forged_forwarded_for_header(client):
    statuses = [
        client.post(
            reverse("api-token"),
            {"username": f"guess{i}", "password": "wrong"},
            content_type="application/json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        ).status_code
        for i in range(21)
    ]

    assert statuses == [400] * 20 + [429]


def test_token_expires_after_the_configured_days_with_a_401(client, settings, time_machine):
    settings.API_TOKEN_TTL_DAYS = 30
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    GraduateFactory(user__username="li")
    key = post_token(client, "li").json()["token"]

    time_machine.move_to(dt.datetime(2030, 1, 31, 8, 59, tzinfo=dt.UTC), tick=False)
    assert client.get(reverse("api-graduate-me"), **with_token(key)).status_code == 200
    time_machine.move_to(dt.datetime(2030, 1, 31, 9, 0, tzinfo=dt.UTC), tick=False)
    response = client.get(reverse("api-graduate-me"), **with_token(key))

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.json() == error(401, "token_expired", "接口令牌已过期，请重新获取。")


def test_token_requested_after_expiry_is_a_new_one_and_expired_ones_are_pruned(client, time_machine):
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    user = UserFactory(username="integrator")
    UserFactory(username="idle")
    old = post_token(client, "integrator").json()["token"]
    post_token(client, "idle")

    time_machine.move_to(dt.datetime(2030, 2, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    new = post_token(client, "integrator").json()["token"]

    assert new != old
    assert list(Token.objects.filter(user=user).values_list("key", flat=True)) == [new]
    assert AuditEntry.objects.filter(action="accounts.token.issued", target_id=str(user.pk)).count() == 2
    assert services.tokens_expired_prune() == 1  # idle's
    assert list(Token.objects.values_list("key", flat=True)) == [new]
