"""The OpenAPI schema (/api/schema/) describes every /api/v1/ endpoint, without warnings, and is valid
OpenAPI 3; the Swagger UI (/api/docs/) needs no inline code."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, re_path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema

from tests.core.test_csp import INLINE_SCRIPT, STYLE_ELEMENT

NAMED_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
PATH_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def url_paths(patterns=None, prefix: str = "") -> list[str]:
    """Every URL pattern as an OpenAPI path: /jobs/{id}/ (Django's own resolver, not the generator's)."""
    paths = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).removeprefix("^").removesuffix("$")
        if isinstance(pattern, URLResolver):
            paths += url_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            path = PATH_CONVERTER.sub(r"{\1}", NAMED_REGEX_GROUP.sub(r"{\1}", route))
            # drf-spectacular names a "pk" path parameter "id" (SCHEMA_COERCE_PATH_PK).
            paths.append("/" + path.replace("{pk}", "{id}"))
    return paths


def test_url_paths_converts_both_pattern_styles():
    paths = url_paths()
    regex = url_paths([re_path(r"^venues/(?P<slug>[^/.]+)/$", lambda request: None)], "api/v1/")

    assert "/api/v1/jobs/{id}/matches/" in paths  # path("jobs/<int:pk>/matches/")
    assert "/api/v1/venues/{slug}/" in paths  # path("venues/<slug:slug>/")
    assert regex == ["/api/v1/venues/{slug}/"]  # re_path(r"^venues/(?P<slug>[^/.]+)/$")


def test_schema_is_valid_without_warnings_and_lists_every_api_path(tmp_path):
    GENERATOR_STATS.reset()
    out = tmp_path / "schema.yaml"

    # --fail-on-warn: a view the generator cannot describe (no serializer, name clashes) fails here.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    schema = yaml.safe_load(out.read_text())
    api_paths = sorted({p for p in url_paths() if p.startswith("/api/v1/")})
    assert len(api_paths) > 40
    assert sorted(schema["paths"]) == api_paths
    assert set(schema["components"]["securitySchemes"]) == {"cookieAuth", "tokenAuth"}


def test_schema_describes_the_main_request_and_response_bodies(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    paths = schema["paths"]

    def body(operation: dict, key: str = "200") -> str:
        return operation["responses"][key]["content"]["application/json"]["schema"]

    def request(operation: dict) -> str:
        return operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]

    assert body(paths["/api/v1/jobs/"]["get"]) == {"$ref": "#/components/schemas/JobSearchPage"}
    assert {p["name"] for p in paths["/api/v1/jobs/"]["get"]["parameters"]} >= {"q", "province", "sort", "cursor"}
    assert body(paths["/api/v1/applications/"]["get"]) == {"$ref": "#/components/schemas/PaginatedApplicationList"}
    assert request(paths["/api/v1/applications/"]["post"]) == "#/components/schemas/ApplyInputRequest"
    assert body(paths["/api/v1/applications/"]["post"], "201") == {"$ref": "#/components/schemas/Application"}
    assert request(paths["/api/v1/employer/postings/"]["post"]) == "#/components/schemas/PostingRequest"
    assert request(paths["/api/v1/employer/applications/{id}/invite/"]["post"]) == (
        "#/components/schemas/InterviewRequest"
    )
    assert body(paths["/api/v1/staff/review-queue/employers/"]["get"]) == {
        "$ref": "#/components/schemas/PaginatedPendingEmployerList"
    }
    assert request(paths["/api/v1/auth/token/"]["post"]) == "#/components/schemas/CredentialsRequest"
    assert body(paths["/api/v1/auth/token/"]["post"]) == {"$ref": "#/components/schemas/Token"}


def api_operations(patterns=None, prefix: str = "") -> set[tuple[str, str]]:
    """(OpenAPI path, method) of every operation the URLconf exposes under /api/v1/: each view's
    own handler methods (HEAD and OPTIONS are DRF's, for every view)."""
    operations = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            operations |= api_operations(pattern.url_patterns, route)
        elif route.startswith("api/v1/"):
            (path,) = url_paths([pattern], prefix)
            view = pattern.callback.cls
            methods = [m for m in view.http_method_names if m not in ("head", "options") and hasattr(view, m)]
            operations |= {(path, method) for method in methods}
    return operations


def test_schema_documents_every_operation_the_urlconf_exposes(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    documented = {(path, method) for path, item in schema["paths"].items() for method in item}
    exposed = api_operations()

    assert len(exposed) > 60
    assert ("/api/v1/employer/postings/{id}/", "patch") in exposed
    assert ("/api/v1/employer/postings/{id}/", "put") not in exposed
    assert sorted(exposed - documented) == []
    assert sorted(documented - exposed) == []
    # Each documented operation has its own id.
    ids = [op["operationId"] for item in schema["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


@pytest.mark.django_db
def test_schema_endpoint_serves_valid_json(client):
    response = client.get(reverse("api-schema"), {"format": "json"})

    assert (response.status_code, response.headers["Content-Type"]) == (200, "application/vnd.oai.openapi+json")
    schema = response.json()
    validate_schema(schema)
    assert schema["info"]["title"] == "全国高校毕业生就业网络联盟招聘周 API"


@pytest.mark.django_db
def test_docs_page_loads_everything_from_own_static_files_without_inline_code(client):
    response = client.get(reverse("api-docs"))

    assert response.status_code == 200
    assert INLINE_SCRIPT.findall(response.text) == []
    assert STYLE_ELEMENT.findall(response.text) == []
    assert re.findall(r'<script src="([^"]+)"', response.text) == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
        "/api/docs/?script=",
    ]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_docs_init_script_is_javascript_pointing_at_the_schema(client):
    response = client.get(reverse("api-docs"), {"script": ""})

    assert (response.status_code, response.headers["Content-Type"]) == (200, "application/javascript")
    assert 'url: "/api/schema/"' in response.text
