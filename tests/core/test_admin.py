import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    FairRegistrationFactory,
    GraduateFactory,
    MembershipFactory,
    PostingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def some_data():
    FairRegistrationFactory()
    ApplicationFactory()
    MembershipFactory()
    PostingFactory()
    return EmployerFactory(), GraduateFactory()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_changelist_and_first_object_render_for_superuser(superuser_client, some_data, model):
    opts = model._meta
    response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200
    first = model._default_manager.first()
    if first is not None:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        assert superuser_client.get(url).status_code == 200


def test_admin_approve_action_goes_through_the_service(superuser_client):
    employer = EmployerFactory()
    response = superuser_client.post(
        reverse("admin:employers_employer_changelist"),
        {"action": "approve", "_selected_action": [employer.pk]},
        follow=True,
    )
    assert response.status_code == 200
    employer.refresh_from_db()
    assert (employer.status, employer.reviewed_by.username) == ("approved", "root")
    assert employer.user.notifications.get().kind == "employer_approved"


def test_admin_status_field_is_not_editable(superuser_client):
    employer = EmployerFactory()
    response = superuser_client.get(reverse("admin:employers_employer_change", args=[employer.pk]))
    assert 'name="status"' not in response.content.decode()
