"""The team limit and "at least one administrator" under concurrency (real threads on PostgreSQL;
SQLite serialises writers, so these skip there)."""

import pytest
from django.db import connection

from employers import services
from employers.enums import MemberRole
from employers.models import EmployerMember
from tests.core.test_caps_concurrency import run_at_once
from tests.factories import EmployerFactory, EmployerMemberFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_simultaneous_invites_stop_at_team_limit(settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    settings.EMPLOYER_TEAM_LIMIT = 3
    employer = EmployerFactory(approved=True)

    results = run_at_once(
        6,
        lambda i: services.member_invite(
            employer=employer, actor=employer.user, email=f"m{i}@example.cn", role=MemberRole.RECRUITER
        ),
    )

    assert sorted(type(r).__name__ for r in results) == ["EmployerMember"] * 2 + ["ValidationError"] * 4
    assert EmployerMember.objects.filter(employer=employer).count() == 3


def test_two_administrators_demoting_each_other_keep_one():
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    employer = EmployerFactory(approved=True)
    first = employer.members.get()
    second = EmployerMemberFactory(employer=employer, role=MemberRole.ADMINISTRATOR)
    pairs = [(first, second), (second, first)]

    results = run_at_once(
        2, lambda i: services.member_change_role(member=pairs[i][0], actor=pairs[i][1].user, role="recruiter")
    )

    assert sorted(type(r).__name__ for r in results) == ["EmployerMember", "ValidationError"]
    assert EmployerMember.objects.filter(employer=employer, role=MemberRole.ADMINISTRATOR).count() == 1
