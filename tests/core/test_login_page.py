import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.pages import texts

pytestmark = pytest.mark.django_db


def test_login_page_has_labelled_fields_with_autocomplete(client):
    response = client.get(reverse("accounts:login") + "?next=/contact/")

    assert '<label for="id_username">用户名、邮箱或手机号:</label>' in response.text  # any of the three signs in
    assert '<label for="id_password">密码:</label>' in response.text
    assert 'autocomplete="username"' in response.text
    assert 'autocomplete="current-password"' in response.text
    assert '<input type="hidden" name="next" value="/contact/">' in response.text


def test_login_wrong_password_shows_error_next_to_the_form(client):
    UserFactory(username="hr")

    response = client.post(reverse("accounts:login"), {"username": "hr", "password": "wrong"})

    assert response.status_code == 200
    assert texts(response.content, role="alert") == ["请输入一个正确的用户名和密码。注意密码区分大小写，用户名不区分。"]


def test_login_missing_field_marks_the_field_invalid(client):
    response = client.post(reverse("accounts:login"), {"username": "hr", "password": ""})

    assert '<ul class="errorlist" id="id_password_error"><li>该字段是必填项。</li></ul>' in response.text
    assert 'aria-describedby="id_password_error"' in response.text
    assert 'aria-invalid="true"' in response.text


def test_login_success_redirects_to_next(client):
    UserFactory(username="hr")

    response = client.post(
        reverse("accounts:login"), {"username": "hr", "password": "correct-horse-battery-9", "next": "/contact/"}
    )

    assert (response.status_code, response.headers["Location"]) == (302, "/contact/")
