"""The replica router's rules that need no replica: writes and migrations always on the primary, reads
on the replica only inside a request the middleware chose, and nothing at all without
DATABASE_REPLICA_URL (the embedded default). The routing itself is tested on a real streaming replica
in tests/multinode/test_replica.py."""

import pytest

from employers.models import JobPosting
from recruitment_weeks import replicas
from recruitment_weeks.replicas import PrimaryReplicaRouter, ReplicaReadsMiddleware
from tests.factories import GraduateFactory

router = PrimaryReplicaRouter()


def test_router_writes_and_migrates_only_on_the_primary():
    token = replicas._reads_from_replica.set(True)
    try:
        assert router.db_for_write(JobPosting) == "default"
        assert router.db_for_read(JobPosting) == "replica"
    finally:
        replicas._reads_from_replica.reset(token)
    assert router.db_for_read(JobPosting) is None  # outside such a request: Django's default (the primary)
    assert [router.allow_migrate(db, "employers") for db in ("default", "replica")] == [True, False]


def test_middleware_is_off_without_a_replica():
    assert ReplicaReadsMiddleware(lambda request: None).enabled is False


@pytest.mark.django_db
def test_without_a_replica_a_write_sets_no_pin_cookie(client):
    graduate = GraduateFactory(approved=True)
    client.force_login(graduate.user)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/jobs/"})

    assert response.status_code == 302
    assert "rw_primary" not in response.cookies
