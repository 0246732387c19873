"""The audit log in the admin: every role × the list and an entry's page, scoped like every other
staff list (venue staff see the entries of their venues); read-only for everyone; filters by venue
and action; a bounded number of queries."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employers.enums import EmployerAction
from graduates.enums import GraduateAction
from recruitment_weeks.accounts.enums import AccountAction
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.audit.services import audit_log
from tests.console.test_permission_matrix import A_HR, NOT_STAFF, login_redirect, sees
from tests.factories import BranchVenueFactory, EmployerFactory, ProvinceFactory, UserFactory
from tests.factories.staff import ROLES, staff_user
from venues.enums import System
from venues.permissions import venue_of

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:audit_auditentry_changelist"


@pytest.fixture
def trail(world):
    """{name: entry}: one entry about each province's employer and graduate, one about an account."""

    def log(action, target):
        return audit_log(actor=None, action=action, target=target, venue=venue_of(target))

    return {
        "employer_a": log(EmployerAction.UPDATED, world.employer_a),
        "employer_b": log(EmployerAction.UPDATED, world.employer_b),
        "graduate_a": log(GraduateAction.APPROVED, world.graduate_a),
        "graduate_b": log(GraduateAction.APPROVED, world.graduate_b),
        "account": log(AccountAction.TOKEN_ISSUED, world.users["employer"]),
    }


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_exactly_the_entries_of_the_roles_venues(world, trail, as_role, role):
    response = as_role(role).get(reverse(CHANGELIST))

    if role in NOT_STAFF:
        assert login_redirect(response)
        return
    assert response.status_code == 200
    shown = {entry.pk for entry in response.context["cl"].result_list}
    expected = {
        entry.pk
        for entry in trail.values()
        if role == "superuser" or (entry.venue is not None and sees(role, entry.venue))
    }
    assert shown == expected
    assert {"staff_a": 2, "staff_b": 2, "main_edu": 2, "main_hr": 2, "superuser": 5}[role] == len(shown)


@pytest.mark.parametrize("role", ROLES)
def test_an_entry_of_province_a_per_role(world, trail, as_role, role):
    entry = trail["employer_a"]
    client = as_role(role)

    change = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    post = client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"target_repr": "改"})
    delete = client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    add = client.get(reverse("admin:audit_auditentry_add"))

    if role in NOT_STAFF:
        assert all(login_redirect(r) for r in (change, post, delete, add))
    elif role in A_HR:
        assert (change.status_code, change.context["original"].pk) == (200, entry.pk)
        assert change.context["has_change_permission"] is False  # view only
        assert (post.status_code, delete.status_code, add.status_code) == (403, 403, 403)
    else:
        assert (change.status_code, post.status_code, delete.status_code, add.status_code) == (404, 404, 404, 403)
    assert AuditEntry.objects.get(pk=entry.pk).target_repr == entry.target_repr
    assert AuditEntry.objects.count() == len(trail)


def test_an_entry_without_a_venue_is_the_superusers_only(world, trail, as_role):
    url = reverse("admin:audit_auditentry_change", args=[trail["account"].pk])

    statuses = {role: as_role(role).get(url).status_code for role in ROLES if role not in NOT_STAFF}

    assert statuses == {"staff_a": 404, "staff_b": 404, "main_edu": 404, "main_hr": 404, "superuser": 200}


def test_staff_without_a_venue_need_djangos_view_permission_and_then_see_the_whole_log(world, trail, client):
    plain = UserFactory(username="plain-staff", is_staff=True)
    client.force_login(plain)
    assert client.get(reverse(CHANGELIST)).status_code == 403

    plain.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert {e.pk for e in response.context["cl"].result_list} == {e.pk for e in trail.values()}
    venue_filter = next(f for f in response.context["cl"].filter_specs if f.title == "会场")
    assert {world.a_hr.pk, world.b_edu.pk} <= {pk for pk, _name in venue_filter.lookup_choices}
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403


def test_filters_by_venue_and_by_action_and_shows_the_actions_label(world, trail, as_role):
    client = as_role("superuser")

    by_venue = client.get(reverse(CHANGELIST), {"venue__id__exact": world.a_edu.pk})
    by_action = client.get(reverse(CHANGELIST), {"action": EmployerAction.UPDATED.value})

    assert [e.pk for e in by_venue.context["cl"].result_list] == [trail["graduate_a"].pk]
    assert {e.pk for e in by_action.context["cl"].result_list} == {trail["employer_a"].pk, trail["employer_b"].pk}
    html = by_action.content.decode()
    assert '<td class="field-action_display">修改单位信息</td>' in html
    assert '<td class="field-action_display">employers.employer.updated</td>' not in html


def test_filters_by_target_type_and_date_from_fixed_choices_without_distinct(world, trail, as_role):
    client = as_role("superuser")
    AuditEntry.objects.filter(pk=trail["graduate_b"].pk).update(created_at=timezone.now() - dt.timedelta(days=400))

    with CaptureQueriesContext(connection) as queries:
        by_type = client.get(reverse(CHANGELIST), {"target_type": "graduates.graduate"})
    new_year = f"{timezone.localdate().year}-01-01 00:00:00+08:00"
    this_year = client.get(reverse(CHANGELIST), {"created_at__gte": new_year})

    assert [e.pk for e in by_type.context["cl"].result_list] == [trail["graduate_b"].pk, trail["graduate_a"].pk]
    assert {e.pk for e in this_year.context["cl"].result_list} == {
        trail[name].pk for name in ("employer_a", "employer_b", "graduate_a", "account")
    }
    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"].upper()]
    assert by_type.context["cl"].date_hierarchy is None
    spec = next(f for f in by_type.context["cl"].filter_specs if getattr(f, "parameter_name", None) == "target_type")
    choices = dict(spec.lookup_choices)
    assert choices["graduates.graduate"] == "高校毕业生（graduates.graduate）"
    assert {"accounts.user", "employers.employer", "events.fairregistration"} <= set(choices)


def test_venue_staff_filter_only_among_their_venues(world, trail, as_role):
    client = as_role("staff_a")

    response = client.get(reverse(CHANGELIST))
    other = client.get(reverse(CHANGELIST), {"venue__id__exact": world.b_hr.pk})

    venue_filter = next(f for f in response.context["cl"].filter_specs if f.title == "会场")
    assert sorted(pk for pk, _name in venue_filter.lookup_choices) == sorted([world.a_hr.pk, world.a_edu.pk])
    assert list(other.context["cl"].result_list) == []


# session, user, scope, the venue filter's choices, the capped count, the rows with actor and venue
# (one join, not a query per row), the admin sidebar's two permission lookups; the action, target-type
# and date filters' choices are fixed (no SELECT DISTINCT over the log, no date hierarchy)
EXPECTED_QUERIES = 8


@pytest.mark.parametrize("n", [1, 3])
def test_the_list_runs_the_same_queries_for_1_and_3_venues(client, django_assert_num_queries, n):
    venues = [
        BranchVenueFactory(province=ProvinceFactory(code=str(81 + i), name=f"测试{i}省"), system=System.HR)
        for i in range(n)
    ]
    user = staff_user("staff", *venues)
    entries = []
    for venue in venues:
        employer = EmployerFactory(province=venue.province, reviewing_venue=venue)
        entries += [
            audit_log(actor=employer.user, action=action, target=employer, venue=venue_of(employer))
            for action in (EmployerAction.REGISTERED, EmployerAction.UPDATED)
        ]
    other = BranchVenueFactory(province=ProvinceFactory(code="90"), system=System.HR)
    outsider = EmployerFactory(province=other.province, reviewing_venue=other)
    audit_log(actor=None, action=EmployerAction.REGISTERED, target=outsider, venue=venue_of(outsider))
    client.force_login(user)

    with django_assert_num_queries(EXPECTED_QUERIES):
        response = client.get(reverse(CHANGELIST))

    assert {e.pk for e in response.context["cl"].result_list} == {e.pk for e in entries}
