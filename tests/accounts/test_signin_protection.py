"""Sign-in protection on every door (login page, admin login, token endpoint): one proxy-aware client
address, a throttle shared by the doors, a lock per username *and address* that an attacker cannot
extend or impose on the owner elsewhere, a per-address limit, the limit held under parallel guesses,
and failure rows pruned by a scheduled task."""

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password as real_check_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from recruitment_weeks import celery_app
from recruitment_weeks.accounts import services
from recruitment_weeks.accounts.client import client_address
from recruitment_weeks.accounts.models import LoginFailure, LoginGuard, User
from recruitment_weeks.accounts.services import IP_LIMIT, USERNAME_LIMIT
from recruitment_weeks.accounts.tasks import task_prune_sign_in_records
from recruitment_weeks.accounts.throttling import AnonRateThrottle, UserRateThrottle
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery-9"
PROXY = "127.0.0.1"
LOCKED = "登录失败次数过多"
INVALID = "请输入一个正确的用户名和密码。注意密码区分大小写，用户名不区分。"
THROTTLED = "请求过于频繁，请 60 秒后再试。"


def at(minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(2030, 1, 1, 9, minute, second, tzinfo=dt.UTC)


def post(client, url_name, username, password=PASSWORD, **meta):
    meta.setdefault("REMOTE_ADDR", "10.1.2.3")
    return client.post(reverse(url_name), {"username": username, "password": password}, **meta)


def post_token(client, username, password=PASSWORD, **meta):
    meta.setdefault("REMOTE_ADDR", "10.1.2.3")
    return client.post(
        reverse("api-token"), {"username": username, "password": password}, content_type="application/json", **meta
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- One client address ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.5", None, "203.0.113.5"),
        ([], "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # no trusted proxy: the header is ignored
        (["127.0.0.1"], "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # not from the proxy: ignored
        (["127.0.0.1"], "127.0.0.1", "198.51.100.1", "198.51.100.1"),
        # The client wrote the left part itself; the proxy appended the address it saw.
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # Two trusted hops (a load balancer in 10.0.0.0/8, then the local proxy).
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.7", "198.51.100.1"),
        (["::1"], "::1", "2001:db8::5", "2001:db8::5"),
        (["127.0.0.1"], "127.0.0.1", "198.51.100.1:51234", "198.51.100.1"),
        (["127.0.0.1"], "127.0.0.1", "garbage", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", None, "127.0.0.1"),
        ([], "::ffff:203.0.113.5", None, "203.0.113.5"),
        ([], "", None, None),
    ],
)
def test_client_address_reads_forwarded_for_only_from_trusted_proxies(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    meta = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    assert client_address(RequestFactory().get("/", **meta)) == expected


def test_api_throttles_count_the_same_client_address(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1")
    assert AnonRateThrottle().get_ident(request) == UserRateThrottle().get_ident(request) == "198.51.100.1"
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "recruitment_weeks.accounts.throttling.AnonRateThrottle",
        "recruitment_weeks.accounts.throttling.UserRateThrottle",
    ]


# --- The admin's door -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_login_locks_after_repeated_failures_and_records_them(client, time_machine):
    time_machine.move_to(at(0), tick=False)
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for _ in range(USERNAME_LIMIT):
        text = post(client, "admin:login", "root", "wrong").text
        assert "请输入一个正确的工作人员账户用户名和密码。注意密码区分大小写，用户名不区分。" in text

    response = post(client, "admin:login", "root")  # the right password, but locked

    assert "登录失败次数过多，请 15 分钟后再试。" in response.text
    assert not signed_in(client)
    assert LoginFailure.objects.filter(username="root", ip="10.1.2.3").count() == USERNAME_LIMIT
    time_machine.move_to(at(15, 1), tick=False)
    assert post(client, "admin:login", "root").status_code == 302


@pytest.mark.django_db
def test_staff_locked_on_the_login_page_is_locked_on_the_admin_and_the_token_endpoint(client):
    UserFactory(username="staff", is_staff=True)
    for _ in range(USERNAME_LIMIT):
        post(client, "accounts:login", "staff", "wrong")

    assert LOCKED in post(client, "admin:login", "staff").text
    assert LOCKED in post_token(client, "staff").json()["message"]
    assert not signed_in(client)


@pytest.mark.django_db
def test_the_doors_share_one_throttle_per_address(client, time_machine):
    time_machine.move_to(at(0), tick=False)
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for i in range(7):
        assert post(client, "accounts:login", f"guess{i}", "wrong").status_code == 200
        assert post(client, "admin:login", f"guess{i}", "wrong").status_code == 200
    for i in range(6):
        assert post_token(client, f"guess{i}", "wrong").status_code == 400

    assert THROTTLED in post(client, "admin:login", "root").text  # the 21st attempt in the minute
    assert THROTTLED in post(client, "accounts:login", "root").text
    assert post_token(client, "root").status_code == 429
    assert not signed_in(client)
    assert post(client, "admin:login", "root", REMOTE_ADDR="10.1.2.4").status_code == 302  # another client
    client.logout()
    time_machine.move_to(at(1, 1), tick=False)
    assert post(client, "admin:login", "root").status_code == 302


# --- A lock an attacker cannot extend or impose -----------------------------------------------------


@pytest.mark.django_db
def test_attacker_cannot_lock_the_owner_out_from_another_address_nor_extend_their_own_lock(client, time_machine):
    time_machine.move_to(at(0), tick=False)
    UserFactory(username="victim", password=PASSWORD)
    for _ in range(USERNAME_LIMIT):
        post(client, "accounts:login", "victim", "wrong", REMOTE_ADDR="203.0.113.66")
    for minute in range(1, 15):  # the attacker keeps trying every minute
        time_machine.move_to(at(minute), tick=False)
        assert LOCKED in post(client, "accounts:login", "victim", "wrong", REMOTE_ADDR="203.0.113.66").text
        if minute == 5:  # meanwhile the owner signs in from their own address
            assert post(client, "accounts:login", "victim", REMOTE_ADDR="198.51.100.7").status_code == 302
            client.logout()

    time_machine.move_to(at(15, 1), tick=False)  # 15 minutes after the 5th failure, not after the last try
    assert INVALID in post(client, "accounts:login", "victim", "wrong", REMOTE_ADDR="203.0.113.66").text
    assert LoginFailure.objects.filter(ip="203.0.113.66").count() == USERNAME_LIMIT + 1


@pytest.mark.django_db
def test_behind_the_proxy_one_clients_failures_lock_only_that_client(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    UserFactory(username="student", password=PASSWORD)
    LoginFailure.objects.bulk_create(LoginFailure(username=f"u{i}", ip="203.0.113.5") for i in range(IP_LIMIT))

    def via_proxy(forwarded):
        return post(client, "accounts:login", "student", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert LOCKED in via_proxy("203.0.113.5").text
    assert LOCKED in via_proxy("198.51.100.9, 203.0.113.5").text  # a forged left part changes nothing
    assert via_proxy("203.0.113.6").status_code == 302  # a classmate through the same proxy
    client.logout()
    token = client.post(
        reverse("api-token"),
        {"username": "student", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert token.status_code == 400
    assert token.json()["message"].startswith(LOCKED)


@pytest.mark.django_db
def test_a_right_password_gives_its_reserved_slot_back(client):
    UserFactory(username="li", password=PASSWORD)
    for _ in range(USERNAME_LIMIT - 1):
        post(client, "accounts:login", "li", "wrong")
    for _ in range(3):
        assert post(client, "accounts:login", "Li").status_code == 302
        client.logout()
    assert LoginFailure.objects.filter(username="li").count() == USERNAME_LIMIT - 1


# --- Parallel guesses -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_wrong_guesses_check_no_more_passwords_than_the_limit(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL; SQLite serialises writers")
    UserFactory(username="target", password=PASSWORD)
    checked, results, errors = [], [], []
    lock = threading.Lock()

    def counting_check_password(password, encoded, *args, **kwargs):
        with lock:
            checked.append(password)
        return real_check_password(password, encoded, *args, **kwargs)

    monkeypatch.setattr("django.contrib.auth.base_user.check_password", counting_check_password)
    barrier = threading.Barrier(20)
    factory = RequestFactory()

    def guess(n: int):
        try:
            barrier.wait()
            request = factory.post("/accounts/login/", REMOTE_ADDR="203.0.113.9")
            try:
                services.login_attempt(request=request, username="target", password=f"wrong-{n}")
            except Exception as exc:  # noqa: BLE001 - sorted below
                results.append(getattr(exc, "code", repr(exc)))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert sorted(results) == ["invalid_login"] * USERNAME_LIMIT + ["locked"] * (20 - USERNAME_LIMIT)
    assert len(checked) == USERNAME_LIMIT
    assert LoginFailure.objects.filter(username="target").count() == USERNAME_LIMIT


# --- Pruning ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_prune_task_deletes_old_failures_and_idle_guards_and_is_scheduled(time_machine):
    time_machine.move_to(at(0) - dt.timedelta(days=2), tick=False)
    LoginFailure.objects.create(username="old", ip="203.0.113.1")
    LoginGuard.objects.create(address="203.0.113.1")
    time_machine.move_to(at(0) - dt.timedelta(hours=2), tick=False)
    LoginFailure.objects.create(username="recent", ip="203.0.113.2")
    LoginGuard.objects.create(address="203.0.113.2")
    time_machine.move_to(at(0), tick=False)

    result = task_prune_sign_in_records.apply().get()

    assert result == {"login_failures": 1, "expired_tokens": 0, "sign_in_sessions": 0}
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["recent"]
    assert list(LoginGuard.objects.values_list("address", flat=True)) == ["203.0.113.2"]
    entry = settings.CELERY_BEAT_SCHEDULE["accounts-prune-sign-in-records"]
    assert celery_app.tasks[entry["task"]].name == task_prune_sign_in_records.name == entry["task"]
    assert User.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "password"), [("li\x00", PASSWORD), ("li\ud800", PASSWORD), ("li", "pw\udfff")])
def test_unstorable_credentials_are_a_wrong_sign_in_not_an_error(username, password):
    # A form post cannot carry a lone surrogate (Django decodes it to U+FFFD), but any caller of
    # authenticate() could: it must be an ordinary refusal, never a database or hashing error.
    UserFactory(username="li", password=PASSWORD)
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.1.2.3")
    with pytest.raises(ValidationError) as exc:
        services.login_attempt(request=request, username=username, password=password)
    assert exc.value.code == "invalid_login"
    assert LoginFailure.objects.count() == 0


@pytest.mark.django_db
def test_nul_byte_on_the_login_page_is_a_form_error(client):
    UserFactory(username="li", password=PASSWORD)
    response = client.post(reverse("accounts:login"), {"username": "li\x00", "password": PASSWORD})
    assert response.status_code == 200
    assert not signed_in(client)
    assert LoginFailure.objects.count() == 0
