"""Sign in with the username, the email address or the mobile number, none case-sensitive; a
shared email or number names nobody; the lockout counts every name of an account together."""

import pytest
from django.urls import reverse

from recruitment_weeks.accounts.models import LoginFailure
from recruitment_weeks.accounts.services import USERNAME_LIMIT
from tests.factories import EmployerFactory, GraduateFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"
INVALID = "请输入一个正确的用户名和密码。注意密码区分大小写，用户名不区分。"


def sign_in(client, name, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": name, "password": password}, REMOTE_ADDR="10.4.4.4")


def signed_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.mark.parametrize(
    "name",
    [
        "xiaoli",
        "XiaoLi",
        "xiaoli@example.cn",
        "XIAOLI@Example.CN",
        "13912345678",
        "+86 139-1234-5678",
        "１３９１２３４５６７８",  # full-width digits
    ],
)
def test_graduate_signs_in_by_any_name(client, name):
    graduate = GraduateFactory(user__username="xiaoli", user__email="xiaoli@example.cn", mobile="13912345678")

    response = sign_in(client, name)

    assert response.status_code == 302
    assert signed_in_as(client) == str(graduate.user.pk)


def test_employer_signs_in_by_contact_mobile(client):
    employer = EmployerFactory(user__username="hr-yun", contact_mobile="13700000001")

    sign_in(client, "13700000001")

    assert signed_in_as(client) == str(employer.user.pk)


def test_login_page_labels_the_three_names(client):
    response = client.get(reverse("accounts:login"))

    assert response.context["form"]["username"].label == "用户名、邮箱或手机号"


@pytest.mark.parametrize("name", ["shared@example.cn", "13600000000"])
def test_shared_email_or_mobile_names_nobody(client, name):
    GraduateFactory(user__username="a-grad", user__email="shared@example.cn", mobile="13600000000")
    GraduateFactory(user__username="b-grad", user__email="Shared@example.cn", mobile="13600000000")

    response = sign_in(client, name)

    assert INVALID in response.text
    assert signed_in_as(client) is None


def test_wrong_password_by_email_refused_with_the_usual_message(client):
    GraduateFactory(user__username="xiaoli", user__email="xiaoli@example.cn")

    response = sign_in(client, "xiaoli@example.cn", "wrong-password")

    assert INVALID in response.text
    assert signed_in_as(client) is None


def test_lockout_counts_every_name_of_the_account_together(client):
    GraduateFactory(user__username="xiaoli", user__email="xiaoli@example.cn", mobile="13912345678")
    names = ["xiaoli", "xiaoli@example.cn", "13912345678", "XIAOLI@example.cn", "139 1234 5678"]
    for name in names[:USERNAME_LIMIT]:
        sign_in(client, name, "wrong-password")

    response = sign_in(client, "13912345678")  # the right password, but the account is locked here

    assert "登录失败次数过多，请 15 分钟后再试。" in response.text
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["xiaoli"] * USERNAME_LIMIT
    assert signed_in_as(client) is None


def test_unknown_email_counts_under_what_was_typed(client):
    UserFactory(username="someone")

    sign_in(client, "Nobody@Example.cn", "x")

    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["nobody@example.cn"]
