"""Schemathesis against the OpenAPI schema: every operation, anonymous and as each role, with zero
server errors and zero responses the schema does not describe.

The schema is the one /api/schema/ serves, with one change: path parameters that name objects are
narrowed to the ids of a small data set (tests/api/fuzz_data.py) plus one that names nothing, so the
object endpoints are exercised on real rows rather than answering 404 to random numbers. Everything
else — bodies, query strings, negative cases — schemathesis generates. Deterministic (fixed seed,
derandomized), throttling off, each (operation, role) in its own rolled-back transaction.

Run alone: SECRET_KEY=t pytest tests/api/test_fuzz.py -p no:cacheprovider -q
"""

import json

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.config import SchemathesisConfig

from recruitment_weeks.wsgi import application
from tests.api.fuzz_data import ROLES, SLOTS, build_world

MAX_EXAMPLES = 12  # fuzzing cases per (operation, role), on top of the explicit and coverage ones

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20200423,
        "generation": {
            "deterministic": True,
            "max-examples": MAX_EXAMPLES,
            "database": "none",
            # The role's token is the request's credentials; no generated ones beside it.
            "with-security-parameters": False,
        },
        "phases": {"stateful": {"enabled": False}},
        "checks": {
            # Every check runs. A request the schema allows may still be refused for who sends it
            # (403), which object it names (404: another user's) or the object's state (400: an
            # illegal transition); anything else — 405, 406, 415, 5xx — fails it.
            "positive_data_acceptance": {"expected-statuses": ["2XX", 400, 403, 404]},
        },
    }
)


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """The data set, built once for the module inside a transaction that is rolled back at its end;
    each test's own transaction nests inside it (a savepoint), as with TestCase.setUpTestData."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def openapi_schema() -> dict:
    """The schema /api/schema/ serves (generated in-process: no request, no database)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


def with_id_slots(schema: dict) -> dict:
    """Path parameters that name objects become slots 0…n-1 (n = SLOTS), which the test maps to the
    data set's ids; generated values outside them (negative cases) are sent as they are."""
    for item in schema["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    parameter["schema"] = {**parameter["schema"], "enum": list(range(SLOTS))}
                    parameter["schema"].pop("format", None)
                    parameter["schema"]["type"] = "integer"
    return schema


schema = schemathesis.openapi.from_dict(with_id_slots(openapi_schema()), config=CONFIG)
schema.app = application


@pytest.fixture
def fuzz_settings(settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # schemathesis' WSGI client calls itself localhost
    # Throttling off: the rates are read when the throttle classes are imported.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None, "auth": None})
    # Requests go through the real WSGI handler, which closes the connection at each request's end;
    # like Django's test client, keep it (and with it the test's transaction) open.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@hypothesis.settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck),
    database=None,
)
def test_fuzz(case, role, fuzz_world, fuzz_settings, fuzz_counter):
    headers = {"Authorization": f"Token {fuzz_world.tokens[role]}"} if role in fuzz_world.tokens else {}
    for name, value in (case.path_parameters or {}).items():
        if isinstance(value, int) and 0 <= value < SLOTS:
            case.path_parameters[name] = fuzz_world.path_value(case.operation.path, name, value)
    fuzz_counter.case(case.operation.label, role)
    case.call_and_validate(headers=headers)
