"""Usernames are one name whatever their case or width: unique case-insensitively after Unicode NFKC,
in the database as well as in the forms; sign-in finds them the same way on every door; the migration
renames existing near-duplicates (the oldest account keeps its name) and records it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from recruitment_weeks.accounts.models import User
from tests.employers.test_registration_services import register as register_employer
from tests.factories import UserFactory
from tests.graduates.test_registration import register as register_graduate
from tests.support.second_factor import enrol, totp_code

PASSWORD = "correct-horse-battery-9"
# The same name as "grad-x" in another case, in full-width forms, and both.
VARIANTS = ["Grad-x", "GRAD-X", "ｇｒａｄ－ｘ", "ＧＲＡＤ－Ｘ"]


@pytest.mark.django_db
@pytest.mark.parametrize("variant", VARIANTS)
def test_graduate_cannot_register_a_username_that_differs_only_in_case_or_width(variant):
    UserFactory(username="grad-x")
    with pytest.raises(ValidationError) as exc:
        register_graduate(username=variant)
    assert exc.value.message_dict["username"] == ["该用户名已被注册。"]
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("variant", VARIANTS)
def test_employer_cannot_register_a_username_that_differs_only_in_case_or_width(variant, private_storage):
    UserFactory(username="grad-x")
    with pytest.raises(ValidationError) as exc:
        register_employer(username=variant)
    assert exc.value.message_dict == {"username": ["该用户名已被使用，请换一个。"]}
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_full_width_username_is_stored_in_its_nfkc_form():
    user = UserFactory(username="ｚｈａｎｇ３")
    user.refresh_from_db()
    assert user.username == "zhang3"


@pytest.mark.django_db
def test_database_refuses_a_second_username_in_another_case():
    User.objects.create(username="grad-x")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="GRAD-X")  # save() bypasses the forms: the unique index decides


def post_login(client, url_name, username, ip="10.1.2.3"):
    return client.post(reverse(url_name), {"username": username, "password": PASSWORD}, REMOTE_ADDR=ip)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Grad-X", "grad-x", "ＧＲＡＤ－ｘ"])
def test_sign_in_is_case_and_width_insensitive_on_every_door(client, typed):
    user = UserFactory(username="grad-x", is_staff=True, is_superuser=True)
    device = enrol(user)

    assert post_login(client, "accounts:login", typed).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    assert post_login(client, "admin:login", typed).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    response = client.post(
        reverse("api-token"),
        {"username": typed, "password": PASSWORD, "otp_code": totp_code(device)},  # staff: the second factor
        content_type="application/json",
    )
    assert response.status_code == 200


# --- The migration ----------------------------------------------------------------------------------

BEFORE, AFTER = ("accounts", "0002_login_failures"), ("accounts", "0004_username_ci_unique")


@pytest.fixture
def _every_migration_applied_after():
    """Migrating back to BEFORE unapplies every later migration (of accounts and of the apps that depend
    on it); the tests after this one need the whole schema again, whatever this test's outcome."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_keeps_the_oldest_name_and_renames_later_near_duplicates_with_a_recorded_suffix(
    _every_migration_applied_after,
):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    OldUser = apps.get_model("accounts", "User")
    start = dt.datetime(2020, 4, 1, tzinfo=dt.UTC)

    def make(name: str, days: int) -> int:
        return OldUser.objects.create(username=name, date_joined=start + dt.timedelta(days=days)).pk

    # Created out of order: the oldest by date_joined keeps the name, whatever its case.
    later_upper = make("Grad-X", 2)
    oldest = make("grad-x", 0)
    full_width = make("ｇｒａｄ－ｘ", 3)
    blocker = make("grad-x-2", 1)  # the first suffix is taken: the next free one is used
    alone_wide = make("ｌｉ", 4)  # not a duplicate: only stored in NFKC form
    untouched = make("Zhang", 5)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([AFTER])

    names = dict(User.objects.values_list("pk", "username"))
    assert names == {
        oldest: "grad-x",
        blocker: "grad-x-2",
        later_upper: "Grad-X-3",
        full_width: "grad-x-4",
        alone_wide: "li",
        untouched: "Zhang",
    }
    from recruitment_weeks.audit.models import AuditEntry

    entries = AuditEntry.objects.filter(action="accounts.user.renamed").order_by("target_id")
    assert sorted((e.target_id, e.data["from"], e.data["to"]) for e in entries) == sorted(
        [(str(later_upper), "Grad-X", "Grad-X-3"), (str(full_width), "ｇｒａｄ－ｘ", "grad-x-4")]
    )
    UserAfter = executor.loader.project_state([AFTER]).apps.get_model("accounts", "User")  # columns of AFTER
    with pytest.raises(IntegrityError), transaction.atomic():
        UserAfter.objects.create(username="GRAD-X-3")
