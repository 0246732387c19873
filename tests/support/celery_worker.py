"""A real Celery worker process for tests, on the configured broker and the test database."""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from recruitment_weeks import celery_app
from recruitment_weeks.notifications.models import Notification

ROOT = Path(settings.BASE_DIR)


def test_database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


class Worker:
    def __init__(
        self,
        tmp_path: Path,
        *,
        beat: bool = False,
        extra_env: dict | None = None,
        name: str = "worker",
        pool: str = "solo",
    ):
        self.mail_dir = tmp_path / "mail"
        self.log = tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "EMAIL_BACKEND": "file",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "SECRET_KEY": settings.SECRET_KEY,
            "CELERY_BROKER_URL": celery_app.conf.broker_url,
            **(extra_env or {}),
        }
        args = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "recruitment_weeks",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        if beat:
            args += ["-B"]
        self.proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        self.wait_for_log("ready.", timeout=60)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_log(self, text: str, *, count: int = 1, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.output().count(text) < count:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"worker never logged {text!r} x{count}:\n{self.output()[-3000:]}")
            time.sleep(0.2)

    def emails(self) -> list[str]:
        """Every message the workers wrote, one string each. Django's file backend names a file by the
        second and the backend instance, and appends each message it sends to it with a line of 79
        dashes after it: two sent within a second share a file."""
        if not self.mail_dir.exists():
            return []
        return [
            message.strip("\n")
            for path in sorted(self.mail_dir.glob("*.log"))
            for message in path.read_text().split("-" * 79 + "\n")
            if message.strip()
        ]

    def kill(self) -> None:
        """SIGKILL: the worker dies mid-task without a chance to acknowledge or requeue anything."""
        self.proc.kill()
        self.proc.wait(timeout=20)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def start_worker(tmp_path):
    # Tasks other tests published are not this test's business (a transport without purge has none).
    with contextlib.suppress(Exception):
        celery_app.control.purge()
    workers = []

    def start(**kwargs) -> Worker:
        workers.append(Worker(tmp_path, **kwargs))
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()


def wait_for_status(notification_id: int, status: str, timeout: float = 30) -> Notification:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notification = Notification.objects.get(pk=notification_id)
        if notification.status == status:
            return notification
        time.sleep(0.2)
    raise AssertionError(f"notification {notification_id} still {notification.status}")


def wait_until(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)
