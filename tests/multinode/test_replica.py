"""Public reads from the streaming replica; writes, a client's reads right after its own write, and
every read while the replica is down or too far behind, from the primary (recruitment_weeks/replicas.py).

The replica's replay is paused (pg_wal_replay_pause) to make it visibly stale: a posting written on the
primary then shows whether a read came from the replica (absent) or the primary (present)."""

import time

import pytest

from tests.support.nodes import WebNode, call, wait_healthy

from .conftest import needs_postgres

pytestmark = needs_postgres
BASE_TITLES = ["多机演练岗位3", "多机演练岗位2", "多机演练岗位1"]


def titles(answer) -> list[str]:
    assert answer.status == 200, answer.body[:500]
    return [job["title"] for job in answer.json()["results"] if job["title"].startswith(("多机", "新岗位"))]


@pytest.fixture
def node_factory(cluster_ready, tmp_path):
    nodes = []

    def start(**env: str) -> WebNode:
        node = WebNode(f"node-{len(nodes)}", cluster_ready.env(**{"REPLICA_CHECK_SECONDS": "0.2", **env}), tmp_path)
        nodes.append(node)
        wait_healthy(node.url)
        return node

    yield start
    for node in nodes:
        node.stop()


def pin_cookie(answer) -> str:
    cookie = answer.headers.get("Set-Cookie", "")
    assert cookie.startswith("rw_primary=1;"), answer.headers
    return cookie.split(";", 1)[0]


def test_public_reads_come_from_the_replica_and_a_clients_own_write_from_the_primary(cluster_ready, node_factory):
    cluster = cluster_ready
    node = node_factory(REPLICA_MAX_LAG_SECONDS="600", REPLICA_PIN_SECONDS="30")
    token = {"Authorization": f"Token {cluster.seed['token']}"}
    assert titles(call(f"{node.url}/api/v1/jobs/")) == BASE_TITLES
    cluster.replica.sql("SELECT pg_wal_replay_pause()")

    cluster.new_posting("新岗位甲")
    stale = call(f"{node.url}/api/v1/jobs/")
    page = call(f"{node.url}/jobs/")
    applied = call(
        f"{node.url}/api/v1/applications/",
        method="POST",
        data={"posting": cluster.seed["postings"][0], "note": "写后即读"},
        headers=token,
    )
    cookie = pin_cookie(applied)
    own = call(f"{node.url}/api/v1/jobs/", headers={**token, "Cookie": cookie})
    # A page that is not a public read (the graduate's own applications) reads the primary anyway.
    mine = call(f"{node.url}/api/v1/applications/", headers=token)
    cluster.replica.sql("SELECT pg_wal_replay_resume()")
    cluster.replica.wait_caught_up()
    caught_up = call(f"{node.url}/api/v1/jobs/")

    assert titles(stale) == BASE_TITLES  # from the replica, which has not replayed the new posting
    assert (page.status, "新岗位甲" in page.body.decode()) == (200, False)
    assert applied.status == 201, applied.body
    assert titles(own) == ["新岗位甲", *BASE_TITLES]  # the client that wrote reads the primary
    assert [a["note"] for a in mine.json()["results"]] == ["写后即读"]
    assert titles(caught_up) == ["新岗位甲", *BASE_TITLES]
    assert cluster.rows("SELECT note FROM graduates_application") == [("写后即读",)]
    cluster.rows("DELETE FROM graduates_application")  # the next tests apply to the same postings


def test_replica_lagging_beyond_the_bound_is_left_for_the_primary(cluster_ready, node_factory):
    cluster = cluster_ready
    node = node_factory(REPLICA_MAX_LAG_SECONDS="1")
    cluster.replica.sql("SELECT pg_wal_replay_pause()")

    cluster.new_posting("新岗位乙")  # the replica receives its WAL but does not replay it
    time.sleep(1.5)
    lagging = call(f"{node.url}/api/v1/jobs/")
    cluster.replica.sql("SELECT pg_wal_replay_resume()")

    assert titles(lagging)[0] == "新岗位乙"
    assert "replica lags" in node.log.read_text()


def test_replica_stopped_reads_fall_back_to_the_primary_without_a_failure(cluster_ready, node_factory):
    cluster = cluster_ready
    node = node_factory(REPLICA_MAX_LAG_SECONDS="30", REPLICA_CHECK_SECONDS="30")
    assert call(f"{node.url}/api/v1/jobs/").status == 200  # the worker now holds a replica connection

    cluster.replica.stop("fast")
    job_page = f"/jobs/{cluster.seed['postings'][0]}/"
    answers = [call(f"{node.url}{path}") for path in ("/api/v1/jobs/", "/jobs/", job_page) * 5]
    cluster.new_posting("新岗位丙")
    after_write = call(f"{node.url}/api/v1/jobs/")

    assert [a.status for a in answers] == [200] * 15
    assert titles(after_write)[0] == "新岗位丙"  # read from the primary: the replica is down
    assert "retrying on the primary" in node.log.read_text()
