"""Every /api/ error in one format — {"status", "code", "message", "fields"} — in the request's
language (zh-hans by default, English with Accept-Language: en); the rest of the site keeps HTML."""

import datetime as dt

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework import serializers
from rest_framework.throttling import SimpleRateThrottle

from employers.models import Employer
from events.models import FairRegistration
from recruitment_weeks.api_errors import flatten
from recruitment_weeks.audit.models import AuditEntry
from tests.api.errors import INVALID_EN, error, invalid
from tests.factories import EmployerFactory, GraduateFactory, PostingFactory, UserFactory, WeekFactory
from tests.factories.employers import profile_data
from tests.factories.files import licence_pdf

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}
ZH = {"accept-language": "zh-hans"}


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({}, invalid({"username": ["该字段是必填项。"], "password": ["该字段是必填项。"]})),
        (EN, invalid({"username": ["This field is required."], "password": ["This field is required."]}, INVALID_EN)),
    ],
)
def test_400_field_errors_keep_the_field_names_in_the_request_language(client, headers, body):
    response = client.post(reverse("api-token"), {}, content_type="application/json", headers=headers)

    assert (response.status_code, response["Content-Type"], response.json()) == (400, "application/json", body)


@pytest.mark.parametrize(
    ("headers", "message"),
    [(ZH, "用户名或密码不正确。"), (EN, "Incorrect username or password.")],
)
def test_400_non_field_error_is_also_the_message(client, headers, message):
    UserFactory(username="integrator")

    response = client.post(
        reverse("api-token"),
        {"username": "integrator", "password": "x"},
        content_type="application/json",
        headers=headers,
    )

    assert response.json() == error(400, "invalid", message, {"non_field_errors": [message]})


@pytest.mark.parametrize(
    ("headers", "message"),
    [(ZH, "无法解析请求体，请检查其格式。"), (EN, "The request body could not be parsed; check its format.")],
)
def test_400_unparseable_json_is_a_parse_error_without_the_parsers_english(client, headers, message):
    response = client.post(reverse("api-token"), "{bad", content_type="application/json", headers=headers)

    assert (response.status_code, response.json()) == (400, error(400, "parse_error", message))


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        (ZH, error(403, "not_authenticated", "身份认证信息未提供。")),
        (EN, error(403, "not_authenticated", "Authentication credentials were not provided.")),
        ({**ZH, "authorization": "Token nope"}, error(403, "authentication_failed", "认证令牌无效。")),
        ({**EN, "authorization": "Token nope"}, error(403, "authentication_failed", "Invalid token.")),
    ],
)
def test_403_not_signed_in_or_bad_token(client, headers, body):
    # Session authentication comes first, so "not signed in" is a 403 (DRF sends 401 only with a
    # WWW-Authenticate challenge, which the session scheme has not).
    response = client.get(reverse("api-graduate-me"), headers=headers)

    assert (response.status_code, response.json()) == (403, body)


@pytest.mark.parametrize(
    ("headers", "message"),
    [(ZH, "此接口仅限用人单位账户使用。"), (EN, "This endpoint is only for employer accounts.")],
)
def test_403_wrong_role(client, headers, message):
    client.force_login(GraduateFactory().user)

    response = client.get("/api/v1/employer/profile/", headers=headers)

    assert (response.status_code, response.json()) == (403, error(403, "permission_denied", message))


@pytest.mark.parametrize(("headers", "message"), [(ZH, "未找到。"), (EN, "Not found.")])
def test_404_unknown_object(client, headers, message):
    response = client.get(reverse("week-detail", args=[999999]), headers=headers)

    assert (response.status_code, response.json()) == (404, error(404, "not_found", message))


@pytest.mark.parametrize(("headers", "message"), [(ZH, "未找到。"), (EN, "Not found.")])
@pytest.mark.parametrize("path", ["/api/v1/no-such-endpoint/", "/api/nothing", "/api/v1/weeks/abc/"])
def test_404_unknown_url_under_api_is_json(client, path, headers, message):
    response = client.get(path, headers=headers)

    assert (response.status_code, response["Content-Type"], response.json()) == (
        404,
        "application/json",
        error(404, "not_found", message),
    )


def test_404_elsewhere_stays_an_html_page(client):
    response = client.get("/no-such-page/")

    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert "<h1" in response.text


@pytest.mark.parametrize(
    ("headers", "message"), [(ZH, "方法 “DELETE” 不被允许。"), (EN, 'Method "DELETE" not allowed.')]
)
def test_405_method_not_allowed(client, headers, message):
    response = client.delete(reverse("week-list"), headers=headers)

    assert (response.status_code, response.json()) == (405, error(405, "method_not_allowed", message))


@pytest.mark.parametrize(
    ("headers", "message"),
    [(ZH, "无法满足Accept HTTP头的请求。"), (EN, "Could not satisfy the request Accept header.")],
)
def test_406_unsupported_accept_is_answered_in_json(client, headers, message):
    response = client.get(reverse("week-list"), headers={**headers, "accept": "text/csv"})

    assert (response.status_code, response["Content-Type"], response.json()) == (
        406,
        "application/json",
        error(406, "not_acceptable", message),
    )


@pytest.mark.parametrize(
    ("headers", "message"),
    [(ZH, "不支持请求中的媒体类型 “text/plain”。"), (EN, 'Unsupported media type "text/plain" in request.')],
)
def test_415_unsupported_body_type(client, headers, message):
    response = client.post(reverse("api-token"), "username=a", content_type="text/plain", headers=headers)

    assert (response.status_code, response.json()) == (415, error(415, "unsupported_media_type", message))


@pytest.mark.parametrize(
    ("headers", "message"),
    [(ZH, "请求过于频繁，请 60 秒后再试。"), (EN, "Too many requests; please try again in 60 seconds.")],
)
def test_429_is_fully_translated_with_the_wait_in_seconds(client, monkeypatch, time_machine, headers, message):
    # The throttle classes read their rates when imported, so override_settings cannot lower them.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": None, "auth": None})
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    statuses = [client.get(reverse("week-list"), headers=headers).status_code for _ in range(2)]

    response = client.get(reverse("week-list"), headers=headers)

    assert statuses == [200, 200]
    assert (response.status_code, response.json(), response["Retry-After"]) == (
        429,
        error(429, "throttled", message),
        "60",
    )


def test_429_english_says_one_second_in_the_singular(client, monkeypatch, time_machine):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1/min", "user": None, "auth": None})
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    client.get(reverse("week-list"))
    time_machine.move_to(dt.datetime(2030, 1, 1, 9, 0, 59, tzinfo=dt.UTC), tick=False)

    response = client.get(reverse("week-list"), headers=EN)

    assert response.json() == error(429, "throttled", "Too many requests; please try again in 1 second.")


@pytest.mark.urls("tests.api.error_urls")
@pytest.mark.parametrize(
    ("headers", "message"),
    [(ZH, "服务器内部错误，请稍后再试。"), (EN, "Internal server error; please try again later.")],
)
def test_500_in_an_api_view_is_json_and_logged(headers, message, caplog):
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/broken/", headers=headers)

    assert (response.status_code, response["Content-Type"], response.json()) == (
        500,
        "application/json",
        error(500, "server_error", message),
    )
    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == [
        "Internal Server Error: /api/v1/broken/"
    ]


@pytest.mark.urls("tests.api.error_urls")
def test_500_elsewhere_stays_an_html_page():
    response = Client(raise_request_exception=False).get("/broken/")

    assert (response.status_code, response["Content-Type"]) == (500, "text/html; charset=utf-8")
    assert "500" in response.text


def test_flatten_gives_nested_and_listed_errors_dotted_paths():
    class Item(serializers.Serializer):
        name = serializers.CharField()
        count = serializers.IntegerField(min_value=1)

    class Order(serializers.Serializer):
        email = serializers.EmailField()
        items = Item(many=True)
        tags = serializers.ListField(child=serializers.IntegerField())
        contact = Item()

        def validate(self, attrs):
            raise serializers.ValidationError("整体错误")

    order = Order(
        data={
            "email": "x",
            "items": [{"name": "a", "count": 1}, {"count": 0}],
            "tags": [1, "x"],
            "contact": {"name": "", "count": 2},
        }
    )
    assert order.is_valid() is False

    assert flatten(order.errors) == {
        "email": ["请输入合法的邮件地址。"],
        "items.1.name": ["该字段是必填项。"],
        "items.1.count": ["请确保该值大于或者等于 1。"],
        "tags.1": ["请填写合法的整数值。"],
        "contact.name": ["该字段不能为空。"],
    }
    assert flatten(serializers.ValidationError("整体错误").detail) == {"non_field_errors": ["整体错误"]}
    assert flatten({"items": [{}, {"non_field_errors": ["重复"]}]}) == {"items.1.non_field_errors": ["重复"]}
    assert flatten({"__all__": ["服务的整体错误"]}) == {"non_field_errors": ["服务的整体错误"]}


def test_400_from_a_service_saves_nothing(client):
    employer = EmployerFactory(approved=True)
    other = PostingFactory(published=True)
    client.force_login(employer.user)
    week = WeekFactory(year=2030)
    before = (FairRegistration.objects.count(), AuditEntry.objects.count())

    response = client.post(
        "/api/v1/employer/fair-registrations/",
        {"week": week.pk, "venue": "main-hr", "postings": [other.pk]},
        content_type="application/json",
    )

    assert (response.status_code, response.json()["code"], list(response.json()["fields"])) == (
        400,
        "invalid",
        ["postings"],
    )
    assert (FairRegistration.objects.count(), AuditEntry.objects.count()) == before


def test_400_registration_saves_no_account(client):
    EmployerFactory(uscc=profile_data()["uscc"])
    users = get_user_model().objects.count()
    data = {**profile_data(), "username": "newcorp", "email": "new@example.cn", "password": "Zhaopin-2020-secure"}

    response = client.post("/api/v1/employer/register/", {**data, "licence": licence_pdf()})

    assert (response.status_code, response.json()) == (400, invalid({"uscc": ["该统一社会信用代码已注册。"]}))
    assert (get_user_model().objects.count(), Employer.objects.count(), AuditEntry.objects.count()) == (users, 1, 0)


def test_schema_documents_the_error_format_on_every_operation(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    ref = {"$ref": "#/components/schemas/Error"}

    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "fields", "message", "status"]
    operations = {(path, method): op for path, item in schema["paths"].items() for method, op in item.items()}
    missing = [
        key
        for key, op in operations.items()
        if any(
            op["responses"].get(c, {}).get("content", {}).get("application/json", {}).get("schema") != ref
            for c in ("403", "406", "429")
        )
    ]
    assert missing == []
    assert sorted(operations["/api/v1/applications/", "post"]["responses"]) == [
        "201", "400", "403", "406", "415", "429"
    ]  # fmt: skip
    assert sorted(operations["/api/v1/applications/", "get"]["responses"]) == ["200", "400", "403", "404", "406", "429"]
    assert sorted(operations["/api/v1/weeks/{id}/", "get"]["responses"]) == ["200", "403", "404", "406", "429"]
