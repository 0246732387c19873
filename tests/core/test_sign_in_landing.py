"""After sign-in each role lands on its workspace, or on ``next`` when it is given and safe."""

import pytest
from django.urls import reverse

from tests.factories import BranchVenueFactory, EmployerFactory, GraduateFactory, UserFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"


def sign_in(client, username, **extra):
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 302
    return response.headers["Location"]


def landing_of(client, username):
    """Follow the sign-in's redirect once more: where the role's landing sends it."""
    first = sign_in(client, username)
    assert first == reverse("landing")
    response = client.get(first)
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("employer", "/employer/"),
        ("graduate", "/graduate/"),
        ("venue staff", "/admin/"),
        ("superuser", "/admin/"),
        ("no role", "/"),
    ],
)
def test_each_role_lands_on_its_workspace(client, role, expected):
    if role == "employer":
        username = EmployerFactory().user.username
    elif role == "graduate":
        username = GraduateFactory().user.username
    elif role == "venue staff":
        username = staff_user("venue-staff", BranchVenueFactory()).username
    elif role == "superuser":
        username = UserFactory(username="root", is_staff=True, is_superuser=True).username
    else:
        username = UserFactory(username="nobody").username

    assert landing_of(client, username) == expected


def test_workspaces_answer_for_their_roles(client):
    """The landing's targets are pages each role can open (not a redirect loop or a 403)."""
    for user, url in [
        (EmployerFactory().user, "/employer/"),
        (GraduateFactory().user, "/graduate/"),
        (staff_user("venue-staff", BranchVenueFactory()), "/admin/"),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == 200, url
        client.logout()


def test_a_safe_next_wins_over_the_workspace(client):
    username = GraduateFactory().user.username

    assert sign_in(client, username, next="/jobs/?q=java") == "/jobs/?q=java"


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_an_unsafe_next_falls_back_to_the_workspace(client, unsafe):
    username = EmployerFactory().user.username

    assert sign_in(client, username, next=unsafe) == reverse("landing")


def test_landing_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("landing"))

    assert (response.status_code, response.headers["Location"]) == (302, "/accounts/login/?next=/accounts/landing/")
