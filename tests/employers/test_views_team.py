"""The team page and API, and what each role may do on the existing employer pages."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from employers.enums import MemberRole
from employers.models import Employer, EmployerMember
from recruitment_weeks.accounts.models import User
from tests.factories import ApplicationFactory, EmployerFactory, EmployerMemberFactory, PostingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer():
    return EmployerFactory(approved=True, name="甲公司")


@pytest.fixture
def recruiter(employer):
    return EmployerMemberFactory(
        employer=employer, user__username="zhao", user__first_name="赵招聘", user__email="zhao@example.cn"
    )


def test_team_page_anonymous_redirected_to_login(client):
    response = client.get("/employer/team/")
    assert (response.status_code, response["Location"].startswith("/accounts/login/")) == (302, True)


@pytest.mark.parametrize("who", ["graduate_like", "recruiter"])
def test_team_page_refused_to_non_administrators(client, employer, recruiter, who):
    client.force_login(recruiter.user if who == "recruiter" else UserFactory())
    response = client.get("/employer/team/")
    assert response.status_code == 403
    assert "zhao@example.cn" not in response.text


def test_team_page_lists_members_for_administrator(client, employer, recruiter):
    client.force_login(employer.user)
    response = client.get("/employer/team/")
    assert response.status_code == 200
    assert [m.pk for m in response.context["members"]] == [employer.members.get(user=employer.user).pk, recruiter.pk]
    assert "赵招聘" in response.text and "招聘专员" in response.text


def test_team_page_of_employer_b_never_shows_employer_a_members(client, recruiter):
    other = EmployerFactory(approved=True)
    client.force_login(other.user)
    response = client.get("/employer/team/")
    assert [m.user_id for m in response.context["members"]] == [other.user_id]
    assert "zhao@example.cn" not in response.text


@pytest.mark.parametrize("count", [1, 3])
def test_team_page_query_count_is_constant(client, employer, django_assert_num_queries, count):
    for _ in range(count):
        EmployerMemberFactory(employer=employer)
    client.force_login(employer.user)
    # session, user (+ membership, employer), inbox count, members with accounts
    with django_assert_num_queries(4):
        response = client.get("/employer/team/")
    assert len(response.context["members"]) == count + 1


def test_team_page_invite_creates_member(client, employer):
    client.force_login(employer.user)
    response = client.post("/employer/team/", {"email": "new@example.cn", "name": "新人", "role": "recruiter"})
    assert (response.status_code, response["Location"]) == (302, "/employer/team/")
    assert EmployerMember.objects.get(user__email="new@example.cn").role == MemberRole.RECRUITER


def test_team_page_invite_bad_email_shows_error_without_writing(client, employer):
    client.force_login(employer.user)
    response = client.post("/employer/team/", {"email": "nope", "role": "recruiter"})
    assert response.status_code == 400
    assert employer.members.count() == 1


def test_team_page_demoting_last_administrator_shows_message(client, employer):
    admin = employer.members.get()
    client.force_login(employer.user)
    response = client.post(
        reverse("employers:member_role", kwargs={"pk": admin.pk}), {"role": "recruiter"}, follow=True
    )
    assert "单位至少要有一名管理员" in response.text
    assert employer.members.get().role == MemberRole.ADMINISTRATOR


def test_team_page_role_change_and_remove(client, employer, recruiter):
    client.force_login(employer.user)
    client.post(reverse("employers:member_role", kwargs={"pk": recruiter.pk}), {"role": "administrator"})
    assert EmployerMember.objects.get(pk=recruiter.pk).role == MemberRole.ADMINISTRATOR
    client.post(reverse("employers:member_remove", kwargs={"pk": recruiter.pk}))
    assert list(employer.members.values_list("user_id", flat=True)) == [employer.user_id]


# --- The role matrix on the existing pages ---------------------------------------------------------


def test_recruiter_cannot_edit_profile(client, employer, recruiter):
    client.force_login(recruiter.user)
    assert client.get("/employer/profile/").status_code == 403
    response = client.post("/employer/profile/", {"description": "篡改简介"})
    assert response.status_code == 403
    assert Employer.objects.get(pk=employer.pk).description == employer.description


def test_recruiter_cannot_download_licence(client, employer, recruiter):
    client.force_login(recruiter.user)
    assert client.get(f"/employer/{employer.pk}/licence/").status_code == 404


def test_recruiter_cannot_manage_team_by_post(client, employer, recruiter):
    admin = employer.members.get(user=employer.user)
    client.force_login(recruiter.user)
    assert client.post("/employer/team/", {"email": "x@example.cn", "role": "administrator"}).status_code == 403
    assert client.post(reverse("employers:member_remove", kwargs={"pk": admin.pk})).status_code == 403
    assert (
        client.post(
            reverse("employers:member_role", kwargs={"pk": recruiter.pk}), {"role": "administrator"}
        ).status_code
        == 403
    )
    assert sorted(employer.members.values_list("role", flat=True)) == ["administrator", "recruiter"]


def test_recruiter_cannot_apply_to_fair(client, employer, recruiter):
    client.force_login(recruiter.user)
    assert client.get("/employer/fairs/apply/").status_code == 403
    assert client.get("/employer/fairs/").status_code == 200


def test_recruiter_handles_postings_and_applications(client, employer, recruiter):
    posting = PostingFactory(employer=employer, published=True, title="甲职位")
    application = ApplicationFactory(posting=posting)
    client.force_login(recruiter.user)
    assert client.get("/employer/postings/").status_code == 200
    assert client.get(reverse("employers:application_detail", kwargs={"pk": application.pk})).status_code == 200
    assert client.get("/employer/sessions/").status_code == 200
    assert client.get("/employer/").status_code == 200


def test_removed_member_loses_employer_pages(client, employer, recruiter):
    recruiter.delete()
    client.force_login(recruiter.user)
    assert client.get("/employer/postings/").status_code == 403


# --- The API --------------------------------------------------------------------------------------


def test_team_api_lists_for_administrator(client, employer, recruiter):
    client.force_login(employer.user)
    response = client.get("/api/v1/employer/team/")
    assert response.status_code == 200
    assert [(m["username"], m["role"]) for m in response.json()["results"]] == [
        (employer.user.username, "administrator"),
        ("zhao", "recruiter"),
    ]


def test_team_api_refused_to_recruiter(client, recruiter):
    client.force_login(recruiter.user)
    assert client.get("/api/v1/employer/team/").status_code == 403
    response = client.post(
        "/api/v1/employer/team/", {"email": "x@example.cn", "role": "recruiter"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not EmployerMember.objects.filter(user__email="x@example.cn").exists()


def test_team_api_invite_role_and_last_administrator(client, employer):
    client.force_login(employer.user)
    response = client.post(
        "/api/v1/employer/team/", {"email": "api@example.cn", "role": "recruiter"}, content_type="application/json"
    )
    assert (response.status_code, response.json()["email"]) == (201, "api@example.cn")
    admin = employer.members.get(user=employer.user)
    refused = client.post(
        f"/api/v1/employer/team/{admin.pk}/role/", {"role": "recruiter"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "单位至少要有一名管理员" in refused.text


def test_recruiter_api_profile_read_but_not_edit(client, employer, recruiter):
    client.force_login(recruiter.user)
    assert client.get("/api/v1/employer/profile/").status_code == 200
    response = client.patch("/api/v1/employer/profile/", {"description": "篡改"}, content_type="application/json")
    assert response.status_code == 403
    assert Employer.objects.get(pk=employer.pk).description == employer.description


@pytest.mark.parametrize("count", [1, 3])
def test_team_api_query_count_is_constant(client, employer, django_assert_num_queries, count):
    for _ in range(count):
        EmployerMemberFactory(employer=employer)
    client.force_login(employer.user)
    with django_assert_num_queries(3):
        response = client.get("/api/v1/employer/team/")
    assert len(response.json()["results"]) == count + 1


def test_recruiter_workspace_offers_no_administrator_links(client, employer, recruiter):
    client.force_login(recruiter.user)
    dashboard = client.get("/employer/").text
    fairs = client.get("/employer/fairs/").text
    assert ("/employer/fairs/apply/" in dashboard + fairs, "/employer/team/" in dashboard) == (False, False)
    assert "/employer/profile/" not in dashboard


def test_administrator_workspace_links_team_profile_and_fair_apply(client, employer):
    client.force_login(employer.user)
    dashboard = client.get("/employer/").text
    assert (
        "/employer/fairs/apply/" in dashboard,
        "/employer/team/" in dashboard,
        "/employer/profile/" in dashboard,
    ) == (
        True,
        True,
        True,
    )


@pytest.mark.parametrize("count", [1, 3])
def test_team_api_with_a_token_loads_the_membership_with_the_token(client, employer, django_assert_num_queries, count):
    for _ in range(count):
        EmployerMemberFactory(employer=employer)
    key = Token.objects.create(user=employer.user).key
    # token with its user, membership and employer; the members with their accounts
    with django_assert_num_queries(2):
        response = client.get("/api/v1/employer/team/", HTTP_AUTHORIZATION=f"Token {key}")
    assert len(response.json()["results"]) == count + 1


@pytest.mark.parametrize("length", [150, 151, 254])
def test_team_api_invite_with_a_long_address_is_a_field_error_past_150_characters(client, employer, length):
    email = "a" * (length - len("@example.cn")) + "@example.cn"
    client.force_login(employer.user)

    response = client.post(
        "/api/v1/employer/team/", {"email": email, "role": "recruiter"}, content_type="application/json"
    )

    if length <= 150:
        assert response.status_code == 201
    else:
        assert (response.status_code, response.json()["fields"]) == (
            400,
            {"email": ["邮箱地址不能超过 150 个字符。"]},
        )
        assert not User.objects.filter(email=email).exists()
