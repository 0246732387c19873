"""The employer API: registration and the own profile (/api/v1/employer/register/, profile/)."""

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from employers.models import Employer
from tests.api.errors import forbidden, invalid
from tests.factories import (
    EmployerFactory,
    GraduateFactory,
)
from tests.factories.employers import profile_data, uscc_for
from tests.factories.files import licence_pdf, upload
from venues.models import Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(client):
    employer = EmployerFactory(approved=True)
    client.force_login(employer.user)
    return employer


@pytest.fixture
def pending(client):
    employer = EmployerFactory()
    client.force_login(employer.user)
    return employer


def test_api_register_creates_pending_employer(client):
    data = {**profile_data(), "username": "apicorp", "email": "api@example.cn", "password": "Zhaopin-2020-secure"}

    response = client.post("/api/v1/employer/register/", {**data, "licence": licence_pdf()})

    employer = Employer.objects.get()
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["reviewing_venue"], response.json()["uscc"]) == (
        "pending",
        "11-hr",
        uscc_for(1),
    )
    assert response.json()["licence_url"] == f"/employer/{employer.pk}/licence/"
    assert employer.user.username == "apicorp"


def test_api_register_duplicate_uscc_and_renamed_licence_are_field_errors(client):
    EmployerFactory(uscc=uscc_for(1))
    data = {**profile_data(), "username": "apicorp", "email": "api@example.cn", "password": "Zhaopin-2020-secure"}

    duplicate = client.post("/api/v1/employer/register/", {**data, "licence": licence_pdf()})
    renamed = client.post(
        "/api/v1/employer/register/",
        {**data, "uscc": uscc_for(2), "licence": upload("licence.pdf", b"not a pdf at all", "application/pdf")},
    )

    assert (duplicate.status_code, duplicate.json()) == (400, invalid({"uscc": ["该统一社会信用代码已注册。"]}))
    assert (renamed.status_code, renamed.json()) == (
        400,
        invalid({"licence": ["营业执照须为PDF、JPEG或PNG文件（按文件内容识别，修改文件扩展名无效）。"]}),
    )
    assert Employer.objects.count() == 1


def test_api_register_bad_uscc_is_a_field_error(client):
    data = {**profile_data(uscc="91110108MA01XK7A2X"), "username": "a1", "email": "a@example.cn"}

    response = client.post(
        "/api/v1/employer/register/", {**data, "password": "Zhaopin-2020-secure", "licence": licence_pdf()}
    )

    assert (response.status_code, response.json()) == (
        400,
        invalid({"uscc": ["统一社会信用代码校验位不正确，请核对后重新输入。"]}),
    )


def test_api_profile_get_and_patch_rejected_resubmits(client):
    employer = EmployerFactory(status="rejected", status_reason="联系人信息不全")
    client.force_login(employer.user)

    before = client.get("/api/v1/employer/profile/").json()
    response = client.patch("/api/v1/employer/profile/", {"contact_title": "招聘主管"}, content_type="application/json")

    assert (before["status"], before["status_reason"]) == ("rejected", "联系人信息不全")
    assert (response.status_code, response.json()["status"], response.json()["contact_title"]) == (
        200,
        "pending",
        "招聘主管",
    )


def test_api_profile_patch_approved_name_is_refused(client, approved):
    response = client.patch("/api/v1/employer/profile/", {"name": "新名字"}, content_type="application/json")

    assert (response.status_code, response.json()) == (
        400,
        invalid({"name": ["审核通过后不能修改此项；如需变更，请联系审核会场。"]}),
    )


def test_api_profile_patch_approved_province_is_refused(client, approved):
    other = Province.objects.exclude(pk=approved.province_id).first()
    before = Employer.objects.values().get(pk=approved.pk)

    response = client.patch("/api/v1/employer/profile/", {"province": other.code}, content_type="application/json")

    assert (response.status_code, response.json()) == (
        400,
        invalid({"province": ["审核通过后不能修改此项；如需变更，请联系审核会场。"]}),
    )
    assert Employer.objects.values().get(pk=approved.pk) == before


def test_api_profile_patch_licence_checked_by_content(client, pending):
    renamed = upload("licence.pdf", b"<html>not a licence</html>", "application/pdf")

    refused = client.patch(
        "/api/v1/employer/profile/",
        encode_multipart(BOUNDARY, {"licence": renamed}),
        content_type=MULTIPART_CONTENT,
    )
    accepted = client.patch(
        "/api/v1/employer/profile/",
        encode_multipart(BOUNDARY, {"licence": licence_pdf()}),
        content_type=MULTIPART_CONTENT,
    )

    assert (refused.status_code, refused.json()) == (
        400,
        invalid({"licence": ["营业执照须为PDF、JPEG或PNG文件（按文件内容识别，修改文件扩展名无效）。"]}),
    )
    assert (accepted.status_code, accepted.json()["licence_url"]) == (200, f"/employer/{pending.pk}/licence/")
    assert Employer.objects.get(pk=pending.pk).licence.name.endswith(".pdf")


@pytest.mark.parametrize("path", ["/api/v1/employer/profile/", "/api/v1/employer/postings/"])
def test_api_employer_endpoints_refuse_non_employers(client, path):
    anonymous = client.get(path)
    client.force_login(GraduateFactory().user)
    graduate = client.get(path)

    assert (anonymous.status_code, graduate.status_code) == (403, 403)
    assert graduate.json() == forbidden("此接口仅限用人单位账户使用。")
