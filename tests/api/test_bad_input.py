"""Bad input is a 400 in the API's error format, never a 500, on every POST/PUT/PATCH operation
that takes a JSON body: JSON nested 100,000 levels deep, and strings holding a NUL or a lone
surrogate (``\\ud800``, ``\\udfff``) in any field, saved-search parameters and résumé fields included.
Hypothesis draws the values (tests/api/fuzz_data.py); each operation is called as a role it answers,
and nothing is written."""

import json

import hypothesis
import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle

from recruitment_weeks.api_errors import PARSE_ERROR_MESSAGE
from recruitment_weeks.parsers import MAX_DEPTH, PortalJSONParser
from recruitment_weeks.reference.validators import UNREADABLE_MESSAGE
from tests.api.errors import error, invalid
from tests.api.fuzz_data import SLOTS, build_world, deeply_nested_json, unreadable_text
from tests.api.test_fuzz import openapi_schema

# The role each part of the API answers (first matching prefix): the parser's refusal comes after
# authentication and permission checks, so a role the operation refuses would only ever see a 403.
REACHING_ROLE = [
    ("/api/v1/employer/", "approved_employer"),
    ("/api/v1/employers/", "provincial_staff"),
    ("/api/v1/fair-registrations/", "provincial_staff"),
    ("/api/v1/staff/", "provincial_staff"),
    ("/api/v1/graduates/me", "approved_graduate"),
    ("/api/v1/graduates/", "anonymous"),
    ("/api/v1/applications/", "approved_graduate"),
    ("/api/v1/saved-", "approved_graduate"),
    ("/api/v1/graduate/", "approved_graduate"),
    ("/api/v1/auth/", "anonymous"),
    ("/api/v1/career-centre/", "career_centre"),
    ("/api/v1/invitations/sent/", "approved_employer"),
    ("/api/v1/invitations/received/", "approved_graduate"),
    ("/api/v1/conversations/", "approved_graduate"),  # a party of the first conversation of the world
]
HYPOTHESIS = hypothesis.settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)

SCHEMA = openapi_schema()


def json_operations() -> list[tuple[str, str, dict]]:
    """(method, path, request body schema) of every operation taking JSON."""
    found = []
    for path, item in SCHEMA["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if method in ("post", "put", "patch") and body:
                found.append((method, path, resolve(body["schema"])))
    return found


def resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


OPERATIONS = json_operations()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def call(client, world, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None, "auth": None})
    client.raise_request_exception = False  # a 500 is an answer to assert on, not an exception

    def call(method: str, path: str, body: str):
        role = next(role for prefix, role in REACHING_ROLE if path.startswith(prefix))
        headers = {"HTTP_AUTHORIZATION": f"Token {world.tokens[role]}"} if role in world.tokens else {}
        url = path
        for name in ("id", "pk", "slug"):
            if "{" + name + "}" in url:
                url = url.replace("{" + name + "}", str(world.path_value(path, name, 0 % SLOTS)))
        return getattr(client, method)(url, body, content_type="application/json", **headers)

    return call


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_every_json_operation_is_covered():
    assert len(OPERATIONS) >= 20
    assert all(any(path.startswith(prefix) for prefix, _role in REACHING_ROLE) for _m, path, _s in OPERATIONS)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body_schema"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
@hypothesis.given(text=deeply_nested_json(MAX_DEPTH + 1))
@hypothesis.example(text="[" * 100_000 + "]" * 100_000)
@HYPOTHESIS
def test_deep_nesting_is_a_parse_error(call, method, path, body_schema, text):
    response = call(method, path, text)

    assert (response.status_code, response.json()) == (400, error(400, "parse_error", str(PARSE_ERROR_MESSAGE)))


def value_for(schema: dict, text: str):
    """``text`` where the property takes it: as the string, an item of an array, a key and value of an object."""
    schema = resolve(schema)
    if schema.get("type") == "array":
        return [text]
    if schema.get("type") == "object":
        return {text: text}
    return text


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body_schema"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
@hypothesis.given(data=st.data(), text=unreadable_text())
@HYPOTHESIS
def test_nul_or_lone_surrogate_in_any_field_is_a_field_error(call, method, path, body_schema, data, text):
    properties = body_schema.get("properties") or {"value": {"type": "string"}}
    name = data.draw(st.sampled_from(sorted(properties)), label="field")
    before = row_counts()

    # ensure_ascii: the surrogate travels as the \\udxxx escape, as a client would send it
    response = call(method, path, json.dumps({name: value_for(properties[name], text)}))

    assert (response.status_code, response.json()) == (400, invalid({name: [str(UNREADABLE_MESSAGE)]}))
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "会计\x00"}, "params"),
        ({"q": "会计\ud800"}, "params"),
        ({"q\udfff": "会计"}, "params"),
        ({"city": ["北京", "\udfff"]}, "params"),
    ],
)
def test_saved_search_params_with_unreadable_text_are_refused(call, params, field):
    response = call("post", "/api/v1/saved-searches/", json.dumps({"name": "会计", "params": params}))

    assert (response.status_code, response.json()) == (400, invalid({field: [str(UNREADABLE_MESSAGE)]}))


@pytest.mark.django_db
def test_bad_key_at_the_top_is_a_request_wide_error(call):
    response = call("patch", "/api/v1/graduates/me/", json.dumps({"name\ud800": "王"}))

    assert response.status_code == 400
    assert response.json()["fields"] == {"non_field_errors": [str(UNREADABLE_MESSAGE)]}


@pytest.mark.django_db
def test_body_larger_than_the_limit_is_a_bad_request(call, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = call("patch", "/api/v1/graduates/me/", json.dumps({"name": "王" * 1000}))

    assert (response.status_code, response.json()) == (400, error(400, "bad_request", "请求无效。"))


def test_every_api_view_parses_json_with_the_portal_parser():
    """A view naming DRF's own JSONParser would lose the limits above."""
    from django.urls import get_resolver
    from rest_framework.parsers import JSONParser

    def views(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from views(pattern.url_patterns)
            else:
                cls = getattr(pattern.callback, "cls", None)
                if cls is not None:
                    yield cls

    checked = 0
    for view in views(get_resolver().url_patterns):
        for parser in view().get_parsers() if hasattr(view, "get_parsers") else []:
            if isinstance(parser, JSONParser):
                assert isinstance(parser, PortalJSONParser), view
                checked += 1
    assert checked >= 20
