"""A real Celery worker process on the configured broker (Redis in CI) and the test database."""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from employers.services import employer_approve
from recruitment_weeks import celery_app
from recruitment_weeks.notifications.enums import NotificationKind, NotificationStatus
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import notify
from recruitment_weeks.notifications.tasks import task_deliver_notification
from tests.conftest import broker_unreachable
from tests.factories import EmployerFactory, UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROOT = Path(settings.BASE_DIR)


def test_database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


class Worker:
    def __init__(self, tmp_path: Path, *, beat: bool = False, extra_env: dict | None = None):
        self.mail_dir = tmp_path / "mail"
        self.log = tmp_path / "worker.log"
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
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        if beat:
            args += ["-B", f"--schedule={tmp_path / 'beat-schedule'}"]
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
        return [p.read_text() for p in sorted(self.mail_dir.glob("*.log"))] if self.mail_dir.exists() else []

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


def test_worker_delivers_email_of_a_review_decision(start_worker):
    worker = start_worker()
    employer = EmployerFactory(user=UserFactory(email="hr@corp.example.cn"), name="星火科技有限公司")
    reviewer = UserFactory(is_staff=True)

    employer_approve(employer=employer, actor=reviewer)  # commits; on_commit publishes the task

    notification = Notification.objects.get(recipient=employer.user)
    notification = wait_for_status(notification.pk, NotificationStatus.SENT)
    assert (notification.kind, notification.attempts, notification.read_at) == (
        NotificationKind.EMPLOYER_APPROVED,
        1,
        None,
    )
    emails = worker.emails()
    assert len(emails) == 1
    assert "To: hr@corp.example.cn" in emails[0]


def test_worker_running_delivery_task_twice_sends_one_email(start_worker):
    worker = start_worker()
    user = UserFactory(email="twice@example.cn")
    notification = Notification.objects.create(
        recipient=user, kind=NotificationKind.GRADUATE_APPROVED, payload={"graduate_name": "王同学"}, dedupe_key="twice"
    )
    task_deliver_notification.apply_async(kwargs={"notification_id": notification.pk})
    task_deliver_notification.apply_async(kwargs={"notification_id": notification.pk})

    worker.wait_for_log("notifications.task_deliver_notification", count=4)  # 2 received + 2 succeeded
    worker.wait_for_log("succeeded", count=2)
    assert wait_for_status(notification.pk, NotificationStatus.SENT).attempts == 1
    assert len(worker.emails()) == 1


def test_beat_sweep_delivers_notification_written_while_broker_was_down(start_worker):
    user = UserFactory(email="later@example.cn")
    with broker_unreachable():
        notification = notify(
            recipient=user,
            kind=NotificationKind.EMPLOYER_REJECTED,
            payload={"employer_name": "X", "reason": "材料不全"},
            dedupe_key="while-down",
        )
        # notify() ran outside an atomic block, so on_commit published at once — and failed.
        assert Notification.objects.get(pk=notification.pk).status == NotificationStatus.PENDING

    # The broker is back: beat's sweep (every second here) finds the row and delivers it.
    worker = start_worker(beat=True, extra_env={"OUTBOX_SWEEP_SECONDS": "1", "OUTBOX_SWEEP_GRACE_SECONDS": "0"})
    assert wait_for_status(notification.pk, NotificationStatus.SENT, timeout=60).attempts == 1
    assert len(worker.emails()) == 1
