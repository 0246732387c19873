"""What the schemathesis run found, pinned down: responses the schema did not describe, a filter that
took any value."""

import pytest
import yaml
from django.core.management import call_command

from tests.api.errors import invalid
from tests.factories import ApplicationFactory, EmployerFactory
from venues.models import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def components(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    return yaml.safe_load(out.read_text())["components"]["schemas"]


def test_venues_unknown_system_is_a_field_error_and_empty_means_all(client):
    unknown = client.get("/api/v1/venues/", {"system": "AAA"})
    empty = client.get("/api/v1/venues/", {"system": ""})

    assert (unknown.status_code, unknown.json()) == (400, invalid({"system": ["“AAA” 不是合法选项。"]}))
    assert (empty.status_code, len(empty.json())) == (200, Venue.objects.count())


def test_main_venue_without_province_or_parent_is_described_as_nullable(client, components):
    body = client.get("/api/v1/venues/main-hr/").json()

    assert (body["province"], body["parent"]) == (None, None)
    venue = components["Venue"]["properties"]
    assert (venue["province"]["nullable"], venue["parent"]["nullable"]) == (True, True)


def test_blank_choices_in_responses_are_described(client, components):
    employer = EmployerFactory(size="")
    application = ApplicationFactory(posting__employer=employer, posting__published=True)
    client.force_login(employer.user)

    profile = client.get("/api/v1/employer/profile/").json()
    received = client.get(f"/api/v1/employer/applications/{application.pk}/").json()

    assert (profile["size"], received["interview_mode"]) == ("", "")
    assert components["Employer"]["properties"]["size"]["oneOf"][1] == {"type": "string", "enum": [""]}
    assert components["RegistrationRequest"]["properties"]["size"] == {"$ref": "#/components/schemas/SizeEnum"}
    blank = {"$ref": "#/components/schemas/BlankEnum"}
    assert components["ReceivedApplication"]["properties"]["interview_mode"]["oneOf"][1] == blank
    assert components["Application"]["properties"]["interview_mode"]["oneOf"][1] == blank


def test_site_report_row_of_a_venue_that_has_not_reported_is_described_as_nullable(components):
    row = components["ReportRow"]["properties"]

    assert [row[name].get("nullable") for name in ("site_name", "site_url", "reported_at")] == [True, True, True]


def test_optional_query_parameters_allow_an_empty_value(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    jobs = yaml.safe_load(out.read_text())["paths"]["/api/v1/jobs/"]["get"]["parameters"]

    assert {p["name"] for p in jobs if p.get("allowEmptyValue")} == {p["name"] for p in jobs}
