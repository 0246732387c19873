"""The migration that introduces teams makes every existing employer's account its administrator."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import UserFactory

BEFORE = ("employers", "0019_responsiveness")
AFTER = ("employers", "0020_employer_members")


@pytest.fixture
def _every_migration_applied_after():
    """Migrating back unapplies every later migration; the tests after this one need the whole schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_employers_accounts_become_administrators(_every_migration_applied_after):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    # Accounts as they are now: migrating employers back leaves the accounts' later migrations applied.
    employer_model = apps.get_model("employers", "Employer")
    province = apps.get_model("venues", "Province").objects.get(code="11")
    venue = apps.get_model("venues", "Venue").objects.get(slug="11-hr")
    owners = []
    for i, uscc in enumerate(["91110000000000001A", "91110000000000002X"]):
        user = UserFactory(username=f"old-employer-{i}")
        employer_model.objects.create(
            user_id=user.pk, name=f"旧单位{i}", uscc=uscc, ownership="private", industry="I", province=province,
            city="北京", address="路1号", contact_name="张", contact_title="经理", contact_mobile="13912345678",
            contact_email=f"old{i}@example.cn", reviewing_venue=venue,
        )  # fmt: skip
        owners.append(user.pk)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([AFTER])
    members = executor.loader.project_state([AFTER]).apps.get_model("employers", "EmployerMember")

    rows = members.objects.filter(user_id__in=owners).order_by("user_id")
    assert [(m.user_id, m.employer.user_id, m.role) for m in rows] == [
        (owners[0], owners[0], "administrator"),
        (owners[1], owners[1], "administrator"),
    ]
