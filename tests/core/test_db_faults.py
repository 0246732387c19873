"""PostgreSQL restarted (and crashed) under a running web server: the same process recovers by itself.

A real gunicorn process serves a private PostgreSQL cluster (tests/support/servers.py), with persistent
connections (DB_CONN_MAX_AGE=60) and health checks, as in production. The test never touches the
machine's shared cluster, and needs no test database of its own: it works the same whichever database
the rest of the suite runs on. Rows are checked directly in the private cluster with psycopg2.
"""

import itertools
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import OperationalError, connection

from tests.support.servers import PrivatePostgres, free_port, postgres_bindir, wait_port

needs_postgres = pytest.mark.skipif(postgres_bindir() is None, reason="PostgreSQL's initdb/pg_ctl are not installed")

ROOT = Path(settings.BASE_DIR)
TEMPLATE = "rw_fault_template"
UNAVAILABLE = "服务暂时不可用，请稍后重试"


def unavailable(message: str) -> dict:
    """The API's one error format (recruitment_weeks.api_errors) for a 503."""
    return {"status": 503, "code": "service_unavailable", "message": message, "fields": {}}


# Runs in `manage.py shell` against the private database: one employer with three published postings,
# one approved graduate with an API token. Prints the ids the test needs.
SEED = """
import json
from rest_framework.authtoken.models import Token
from tests.factories import EmployerFactory, GraduateFactory, PostingFactory
employer = EmployerFactory(approved=True, name="故障演练科技有限公司")
postings = [PostingFactory(published=True, employer=employer, title=f"故障演练岗位{n}") for n in (1, 2, 3)]
graduate = GraduateFactory(approved=True, name="韩同学")
print(json.dumps({
    "postings": [p.pk for p in postings],
    "graduate": graduate.pk,
    "token": Token.objects.create(user=graduate.user).key,
}))
"""


def _manage(*args: str, env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def cluster():
    """A private cluster with a migrated template database (migrations run once per module)."""
    pg = PrivatePostgres()
    try:
        pg.init()
        pg.start()
        pg.create_database(TEMPLATE)
        _manage("migrate", "--no-input", env=_site_env(pg.url(TEMPLATE), Path(pg.dir)))
        yield pg
    finally:
        pg.cleanup()


def _site_env(database_url: str, var_dir: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "60",  # persistent connections: a restart leaves the worker holding a dead one
        "DEBUG": "",
        "SECRET_KEY": "fault-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "VAR_DIR": str(var_dir),  # the Celery filesystem broker and uploads stay in the test's directory
        "CELERY_BROKER_URL": "filesystem://",
        "LOG_LEVEL": "WARNING",
    }


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    started: float
    seconds: float

    def json(self):
        return json.loads(self.body)


class Site:
    """A gunicorn server (one sync worker, as one process of a production deployment) on its own database."""

    def __init__(self, pg: PrivatePostgres, tmp_path: Path, name: str):
        self.pg = pg
        pg.create_database(name, template=TEMPLATE)
        self.database_url = pg.url(name)
        env = _site_env(self.database_url, tmp_path)
        self.seed = json.loads(_manage("shell", "-c", SEED, env=env).strip().splitlines()[-1])
        self.port = free_port()
        self.log = tmp_path / "gunicorn.log"
        args = ["--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "60"]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "recruitment_weeks.wsgi:application", *args],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        wait_port(self.port, timeout=60)

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def call(self, method: str, path: str, data: dict | None = None) -> Answer:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=json.dumps(data).encode() if data is not None else None,
            headers={"Authorization": f"Token {self.seed['token']}", "Content-Type": "application/json"},
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, headers, body = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            status, headers, body = exc.code, dict(exc.headers), exc.read()
        return Answer(status, headers, body, started, time.monotonic() - started)

    def apply(self, posting_index: int, note: str) -> Answer:
        return self.call(
            "POST", "/api/v1/applications/", {"posting": self.seed["postings"][posting_index], "note": note}
        )

    def rows(self, sql: str) -> list[tuple]:
        with psycopg2.connect(self.database_url) as conn, conn.cursor() as cur:
            cur.execute(sql)
            result = cur.fetchall()
        conn.close()
        return result

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


_databases = itertools.count(1)


@pytest.fixture
def site(cluster, tmp_path):
    if not cluster.running():  # a failed test may have left it stopped
        cluster.start()
    server = Site(cluster, tmp_path, f"rw_fault_{next(_databases)}")
    try:
        yield server
    finally:
        server.stop()


def _titles(answer: Answer) -> list[str] | None:
    return [job["title"] for job in answer.json()["results"]] if answer.status == 200 else None


@needs_postgres
@pytest.mark.parametrize("mode", ["fast", "immediate"], ids=["restart", "crash"])
def test_postgres_restart_same_server_process_recovers_and_keeps_every_write(site, mode):
    titles = ["故障演练岗位3", "故障演练岗位2", "故障演练岗位1"]
    # Before: pages and API read, and a write commits (the worker now holds a persistent connection).
    page = site.call("GET", "/jobs/")
    assert (page.status, page.body.decode().count("故障演练岗位")) == (200, 3)
    jobs = site.call("GET", "/api/v1/jobs/")
    assert (jobs.status, _titles(jobs)) == (200, titles)
    before = site.apply(0, "重启前投递")
    assert (before.status, before.json()["note"]) == (201, "重启前投递")
    workers = site.worker_pids()
    assert len(workers) == 1

    # PostgreSQL restarts under the running server: its connection is dead, nobody told the worker.
    site.pg.restart(mode)

    jobs = site.call("GET", "/api/v1/jobs/")
    assert (jobs.status, _titles(jobs)) == (200, titles)
    page = site.call("GET", "/jobs/")
    assert (page.status, page.body.decode().count("故障演练岗位")) == (200, 3)
    after = site.apply(1, "重启后投递")
    assert (after.status, after.json()["note"]) == (201, "重启后投递")

    # While it is down, a request fails at once with a clean 503 (no hang, no partial write) ...
    site.pg.stop(mode)
    during = site.apply(2, "宕机时投递")
    assert (during.status, during.json(), during.headers["Retry-After"]) == (503, unavailable(UNAVAILABLE), "5")
    assert during.seconds < 5
    page = site.call("GET", "/jobs/")
    assert (page.status, page.body.decode().strip(), page.headers["Retry-After"]) == (503, UNAVAILABLE, "5")
    site.pg.start()
    # ... and the client's retry once it is back succeeds.
    retried = site.apply(2, "宕机时投递")
    assert (retried.status, retried.json()["note"]) == (201, "宕机时投递")

    assert site.worker_pids() == workers  # the same process served everything: nothing was restarted
    assert site.log.read_text().count("Booting worker") == 1
    graduate, (p1, p2, p3) = site.seed["graduate"], site.seed["postings"]
    assert site.rows("SELECT graduate_id, posting_id, note, status FROM graduates_application ORDER BY id") == [
        (graduate, p1, "重启前投递", "submitted"),
        (graduate, p2, "重启后投递", "submitted"),
        (graduate, p3, "宕机时投递", "submitted"),
    ]
    assert site.rows("SELECT action, count(*) FROM audit_auditentry GROUP BY action ORDER BY action") == [
        ("graduates.application.submitted", 3)
    ]
    assert site.rows("SELECT kind, count(*) FROM notifications_notification GROUP BY kind") == [
        ("application_received", 3)
    ]


@needs_postgres
@pytest.mark.parametrize("mode", ["fast", "immediate"], ids=["restart", "crash"])
def test_postgres_restart_under_steady_requests_only_the_outage_fails(site, mode, capsys):
    """A client polls the API without pause while PostgreSQL restarts: requests sent during the outage
    get a quick 503, every request sent after pg_ctl reports the server up gets 200."""
    answers: list[Answer] = []
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            answers.append(site.call("GET", "/api/v1/jobs/"))

    assert site.call("GET", "/api/v1/jobs/").status == 200
    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.5)
    down = time.monotonic()
    site.pg.restart(mode)
    up = time.monotonic()
    time.sleep(1)
    stop.set()
    poller.join(timeout=60)

    failed = [a for a in answers if a.status != 200]
    after = [a for a in answers if a.started >= up]
    assert {a.status for a in failed} <= {503}
    assert all(down <= a.started + a.seconds and a.started <= up for a in failed)  # only during the outage
    assert len(after) > 0 and {a.status for a in after} == {200}
    assert max(a.seconds for a in answers) < 5  # nothing hung
    with capsys.disabled():
        print(
            f"\n[{mode}] outage {up - down:.2f} s; {len(answers)} requests, {len(failed)} answered 503, "
            f"slowest {max(a.seconds for a in answers) * 1000:.0f} ms"
        )


# --- The 503 itself, in process (runs everywhere, SQLite included) ----------------------------------------


@pytest.fixture
def database_down(db):
    """Every new cursor fails as psycopg2 does when nothing listens (pytest-django's own connection
    stays open underneath, so the test database is unharmed)."""

    def refuse():
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    # Restored by this fixture's own teardown, which runs before the db fixture rolls back.
    connection.ensure_connection = refuse
    yield
    del connection.ensure_connection


@pytest.mark.parametrize(
    ("language", "message"),
    [("zh-hans", UNAVAILABLE), ("en", "The service is temporarily unavailable. Please try again shortly.")],
)
def test_database_down_api_answers_503_json_with_retry_after(client, database_down, language, message):
    client.raise_request_exception = False

    response = client.get("/api/v1/jobs/", headers={"accept-language": language})

    assert (response.status_code, response.json(), response["Retry-After"]) == (503, unavailable(message), "5")


def test_database_down_page_answers_503_text_with_retry_after(client, database_down):
    client.raise_request_exception = False

    response = client.get("/jobs/")

    assert (response.status_code, response["Content-Type"], response["Retry-After"]) == (
        503,
        "text/plain; charset=utf-8",
        "5",
    )
    assert response.content.decode() == UNAVAILABLE


@pytest.mark.django_db
def test_other_server_errors_stay_500(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr("marketplace.api.views.search_postings", broken)
    client.raise_request_exception = False

    response = client.get("/api/v1/jobs/")

    assert (response.status_code, response.has_header("Retry-After")) == (500, False)
