"""Per-client API throttles: generous defaults from the environment, 429 past them."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from recruitment_weeks.settings import env_rate
from tests.api.errors import error
from tests.factories import UserFactory


def test_throttle_rates_default_to_generous_limits():
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {
        "anon": "600/min",
        "user": "1200/min",
        "auth": "20/min",
        # The accounts' own limits (per client address, email address or account; not API throttles).
        "password_reset": "10/hour",
        "password_reset_email": "3/hour",
        "email_verify": "5/hour",
        "mobile_verify": "5/hour",
    }


def test_env_rate_reads_the_environment_and_off_as_no_limit(monkeypatch):
    monkeypatch.delenv("THROTTLE_ANON", raising=False)
    assert env_rate("THROTTLE_ANON", "600/min") == "600/min"
    monkeypatch.setenv("THROTTLE_ANON", "30/min")
    assert env_rate("THROTTLE_ANON", "600/min") == "30/min"
    monkeypatch.setenv("THROTTLE_ANON", "off")
    assert env_rate("THROTTLE_ANON", "600/min") is None


@pytest.mark.django_db
def test_api_clients_are_throttled_past_their_rate_anonymous_and_signed_in_apart(client, monkeypatch, time_machine):
    # The throttle classes read the rates when imported; lower them for this test only.
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "4/min"})
    url = reverse("week-list")

    anonymous = [client.get(url).status_code for _ in range(4)]
    client.force_login(UserFactory())
    signed_in = [client.get(url).status_code for _ in range(5)]

    assert anonymous == [200, 200, 200, 429]
    assert signed_in == [200, 200, 200, 200, 429]
    response = client.get(url)
    assert response.json() == error(429, "throttled", "请求过于频繁，请 60 秒后再试。")
    assert response.headers["Retry-After"] == "60"
