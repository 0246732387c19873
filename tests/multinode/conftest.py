"""The pieces of a multi-node deployment, real and on loopback: a PostgreSQL primary with a streaming
replica made by pg_basebackup (both private clusters under a temporary directory, never the machine's
shared one), a private Redis, moto's S3 server (the ``s3_server`` fixture of tests/conftest.py), and
gunicorn web nodes (tests/support/nodes.py). Rows are checked directly in the primary with psycopg2."""

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from tests.support.nodes import node_env
from tests.support.servers import PrivatePostgres, PrivateRedis, StreamingReplica, postgres_bindir

ROOT = Path(settings.BASE_DIR)
DATABASE = "rw_multinode"

needs_postgres = pytest.mark.skipif(postgres_bindir() is None, reason="PostgreSQL's initdb/pg_ctl are not installed")

# Runs in `manage.py shell` on the primary: one employer with three published postings, one approved
# graduate with an API token and a signed-in session, and a token for the employer. Prints the ids.
SEED = """
import json
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token
from tests.factories import EmployerFactory, GraduateFactory, PostingFactory
def session(user):
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return f"sessionid={store.session_key}"
employer = EmployerFactory(approved=True, name="多机演练科技有限公司")
postings = [PostingFactory(published=True, employer=employer, title=f"多机演练岗位{n}") for n in (1, 2, 3)]
graduate = GraduateFactory(approved=True, name="韩同学")
print(json.dumps({
    "employer": employer.pk,
    "employer_token": Token.objects.create(user=employer.user).key,
    "postings": [p.pk for p in postings],
    "graduate": graduate.pk,
    "token": Token.objects.create(user=graduate.user).key,
    "graduate_session": session(graduate.user),
}))
"""

# A new published posting, written on the primary (the replica gets it only by replaying WAL).
NEW_POSTING = """
from employers.models import Employer
from tests.factories import PostingFactory
PostingFactory(published=True, employer=Employer.objects.get(pk={employer}), title="{title}")
"""


def manage(*args: str, env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@dataclass
class Cluster:
    primary: PrivatePostgres
    replica: StreamingReplica
    seed: dict
    var_dir: Path

    @property
    def primary_url(self) -> str:
        return self.primary.url(DATABASE)

    @property
    def replica_url(self) -> str:
        return self.replica.url(DATABASE)

    def env(self, **extra: str) -> dict:
        return node_env(self.var_dir, DATABASE_URL=self.primary_url, DATABASE_REPLICA_URL=self.replica_url, **extra)

    def rows(self, sql: str) -> list[tuple]:
        conn = psycopg2.connect(self.primary_url)
        try:
            with conn, conn.cursor() as cur:  # committed
                cur.execute(sql)
                return cur.fetchall() if cur.description else []
        finally:
            conn.close()

    def new_posting(self, title: str) -> None:
        code = NEW_POSTING.format(employer=self.seed["employer"], title=title)
        manage("shell", "-c", code, env=node_env(self.var_dir, DATABASE_URL=self.primary_url))

    def ensure_replica_running(self) -> None:
        if not self.replica.running():
            self.replica.start()
        self.replica.wait_streaming()
        if self.replica.sql("SELECT pg_is_wal_replay_paused()") == [(True,)]:
            self.replica.sql("SELECT pg_wal_replay_resume()")
        # A transaction replayed since the replica started: until then its lag is unknown (LAG_SQL).
        self.replica.primary_sql("SELECT txid_current()")
        self.replica.wait_caught_up()


@pytest.fixture(scope="package")
def cluster(tmp_path_factory):
    """Primary + streaming replica, the portal migrated and seeded on the primary (once per package)."""
    primary = PrivatePostgres()
    replica = StreamingReplica(primary)
    var_dir = tmp_path_factory.mktemp("multinode-var")
    try:
        primary.init()
        primary.start()
        primary.create_database(DATABASE)
        env = node_env(var_dir, DATABASE_URL=primary.url(DATABASE))
        manage("migrate", "--no-input", "-v0", env=env)
        seed = json.loads(manage("shell", "-c", SEED, env=env).strip().splitlines()[-1])
        replica.init()
        replica.start()
        replica.wait_streaming()
        replica.wait_caught_up()
        yield Cluster(primary, replica, seed, var_dir)
    finally:
        replica.cleanup()
        primary.cleanup()


@pytest.fixture
def cluster_ready(cluster):
    """The cluster with its replica streaming and caught up (a test before may have stopped it)."""
    cluster.ensure_replica_running()
    return cluster


@pytest.fixture
def redis_server(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
