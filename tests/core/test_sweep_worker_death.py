"""A sweep's batch whose worker is killed mid-run is redelivered to another worker and redone, and
every graduate gets exactly one week digest (real Redis broker, real worker processes, acks_late +
reject_on_worker_lost)."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from marketplace.tasks import task_week_digest
from recruitment_weeks import celery_app
from recruitment_weeks.notifications.enums import NotificationKind, NotificationStatus
from recruitment_weeks.notifications.models import Notification
from tests.factories import WeekFactory
from tests.factories.graduates import beijing_graduate
from tests.support.celery_worker import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_digest_batch_killed_mid_run_is_redone_by_another_worker_once(tmp_path, settings, start_worker):
    if not celery_app.conf.broker_url.startswith("redis://"):
        pytest.skip("redelivery of unacknowledged tasks is a Redis transport feature (CI runs on Redis)")
    settings.SWEEP_BATCH_SIZE = 2
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=1), today + dt.timedelta(days=3)
    WeekFactory(year=2031, season="spring", starts_on=start, ends_on=end)
    graduates = [beijing_graduate(approved=True) for _ in range(6)]
    digests = Notification.objects.filter(kind=NotificationKind.WEEK_DIGEST)
    hold = tmp_path / "hold"
    hold.mkdir()
    env = {"SWEEP_BATCH_SIZE": "2", "CELERY_VISIBILITY_TIMEOUT": "2"}

    assert task_week_digest.apply().get() == 3  # the dispatcher, here: three batch tasks on the broker
    first = start_worker(extra_env={**env, "SWEEP_TEST_HOLD": str(hold)}, name="first")
    # The first batch commits; the second has written its rows and waits, uncommitted.
    wait_until((hold / "week_digest.held").exists, timeout=60, what="the second batch to hold")
    assert digests.count() == 2
    first.kill()
    time.sleep(3)  # older than the 2 s visibility timeout by the time the next worker looks

    # prefork runs the event loop whose timer restores unacknowledged messages older than 2 s
    second = start_worker(extra_env=env, name="second", pool="prefork")
    wait_until(lambda: digests.count() == 6, timeout=90, what="every graduate's digest")
    wait_until(lambda: not digests.exclude(status=NotificationStatus.SENT).exists(), timeout=60, what="every email")

    assert sorted(digests.values_list("recipient_id", flat=True)) == sorted(g.user_id for g in graduates)
    assert set(digests.values_list("attempts", flat=True)) == {1}
    emails = second.emails()  # both workers write to the same folder
    assert sorted(next(line for line in e.splitlines() if line.startswith("To: ")) for e in emails) == sorted(
        f"To: {g.user.email}" for g in graduates
    )
