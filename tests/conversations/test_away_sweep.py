"""The away sweep in batches (recruitment_weeks.sweeps): the dispatcher's id ranges cover every due
message once, a batch run twice writes nothing twice, the beat task publishes one batch per range,
and a batch whose worker is killed before it commits is redone whole by another worker (real Redis
broker, real worker processes, as tests/core/test_sweep_worker_death.py)."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from conversations import services, sweeps
from conversations.models import Message
from conversations.tasks import task_unread_messages
from employers.models import EmployerMember
from recruitment_weeks import celery_app
from recruitment_weeks.notifications.enums import NotificationKind, NotificationStatus
from recruitment_weeks.notifications.links import notification_link
from recruitment_weeks.notifications.models import Notification
from tests.conversations.conftest import make_parties
from tests.factories import ApplicationFactory, EmployerMemberFactory, GraduateFactory
from tests.support.celery_worker import wait_until

pytestmark = pytest.mark.django_db


def unread_notices():
    return Notification.objects.filter(kind=NotificationKind.MESSAGES_UNREAD).order_by("pk")


def send(conversation, sender, count: int, *, minutes_ago: int = 11) -> list[Message]:
    """``count`` messages sent ``minutes_ago`` minutes ago."""
    sent = [services.message_send(conversation=conversation, sender=sender, body=f"消息{n}") for n in range(count)]
    Message.objects.filter(pk__in=[m.pk for m in sent]).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return sent


@pytest.fixture
def second(parties):
    """A second conversation of the same employer, with another graduate."""
    graduate = GraduateFactory(approved=True, name="沟通乙同学")
    application = ApplicationFactory(graduate=graduate, posting=parties.application.posting)
    return services.conversation_open(application=application, actor=graduate.user)


def test_batches_cover_every_due_message_once(parties, second, settings):
    settings.SWEEP_BATCH_SIZE = 2
    settings.CONVERSATION_AWAY_MINUTES = 10
    first_three = send(parties.conversation, parties.employer.user, 3)
    then_two = send(second, parties.employer.user, 2)
    fresh = send(parties.conversation, parties.employer.user, 1, minutes_ago=5)  # not due yet
    due = [*first_three, *then_two]
    now = timezone.now()

    batches = list(sweeps.unread_messages_batches(now=now))
    assert [(b["after"], b["upto"]) for b in batches] == [
        (0, due[1].pk),
        (due[1].pk, due[3].pk),
        (due[3].pk, None),
    ]
    assert {b["now"] for b in batches} == {now.isoformat()}
    # One notice per reader and batch: the graduate of the first conversation twice (its messages
    # fall in two ranges), the second graduate once.
    assert [sweeps.unread_messages_batch(**b) for b in batches] == [1, 2, 1]

    handled = dict(Message.objects.values_list("pk", "away_handled_at"))
    assert {pk for pk, at in handled.items() if at is not None} == {m.pk for m in due}
    assert handled[fresh[0].pk] is None
    notices = [(n.recipient_id, n.payload["conversations"], n.payload["lines"]) for n in unread_notices()]
    title = parties.application.posting.title
    assert notices == [
        (parties.graduate.user_id, [parties.conversation.pk], [f"沟通甲单位 · {title}（2）"]),
        (parties.graduate.user_id, [parties.conversation.pk], [f"沟通甲单位 · {title}（1）"]),
        (second.graduate.user_id, [second.pk], [f"沟通甲单位 · {title}（1）"]),
        (second.graduate.user_id, [second.pk], [f"沟通甲单位 · {title}（1）"]),
    ]
    assert sorted(n.dedupe_key for n in unread_notices()) == sorted(
        sweeps.away_key(recipient, now.isoformat(), after)
        for recipient, after in [
            (parties.graduate.user_id, 0),
            (parties.graduate.user_id, due[1].pk),
            (second.graduate.user_id, due[1].pk),
            (second.graduate.user_id, due[3].pk),
        ]
    )
    assert list(sweeps.unread_messages_batches(now=now)) == []  # nothing left for the next run


def test_a_batch_run_twice_writes_nothing_twice(parties, settings):
    settings.SWEEP_BATCH_SIZE = 2
    send(parties.conversation, parties.employer.user, 3)
    now = timezone.now()
    batches = list(sweeps.unread_messages_batches(now=now))

    assert [sweeps.unread_messages_batch(**b) for b in batches] == [1, 1]
    assert [sweeps.unread_messages_batch(**b) for b in batches] == [0, 0]  # handled: out of the filter
    # Even a copy that saw the messages unhandled (no row locks: SQLite) writes its notice once: the
    # key names the run and the range.
    Message.objects.update(away_handled_at=None)
    assert [sweeps.unread_messages_batch(**b) for b in batches] == [0, 0]
    assert unread_notices().count() == 2
    assert not Message.objects.filter(away_handled_at__isnull=True).exists()


def test_the_dispatcher_publishes_one_batch_task_per_range(parties, second, settings, eager_tasks):
    settings.SWEEP_BATCH_SIZE = 2
    send(parties.conversation, parties.employer.user, 3)
    send(second, second.graduate.user, 2)  # to the employer's side

    assert task_unread_messages.apply().get() == 3
    assert task_unread_messages.apply().get() == 0  # every message handled: nothing to publish
    assert not Message.objects.filter(away_handled_at__isnull=True).exists()
    assert sorted(unread_notices().values_list("recipient_id", flat=True)) == sorted(
        [parties.graduate.user_id] * 2 + [parties.employer.user_id] * 2  # one each per range
    )


def test_the_graduates_message_reaches_every_member_of_the_employers_team_who_has_not_read_it(parties):
    recruiter = EmployerMemberFactory(employer=parties.employer).user
    caught_up = EmployerMemberFactory(employer=parties.employer).user
    services.message_send(conversation=parties.conversation, sender=parties.graduate.user, body="请问何时面试？")
    services.conversation_mark_read(conversation=parties.conversation, user=caught_up)  # read in time

    assert sweeps.unread_messages_sweep(now=timezone.now() + dt.timedelta(minutes=11)) == 2

    title = parties.application.posting.title
    assert {n.recipient_id: n.payload["lines"] for n in unread_notices()} == {
        parties.employer.user_id: [f"沟通甲同学 · {title}（1）"],
        recruiter.pk: [f"沟通甲同学 · {title}（1）"],
    }  # not the graduate who sent it, nor the member who read it in time


def test_an_employer_whose_team_is_empty_is_told_at_its_registering_account(parties):
    EmployerMember.objects.filter(employer=parties.employer).delete()
    send(parties.conversation, parties.graduate.user, 2)

    assert sweeps.unread_messages_sweep(now=timezone.now()) == 1
    assert [n.recipient_id for n in unread_notices()] == [parties.employer.user_id]


def test_a_notice_about_one_conversation_leads_to_it_and_one_about_several_to_the_list(parties, second, client):
    recruiter = EmployerMemberFactory(employer=parties.employer).user
    services.message_send(conversation=parties.conversation, sender=parties.graduate.user, body="您好")
    services.message_send(conversation=second, sender=second.graduate.user, body="您好")
    services.message_send(conversation=parties.conversation, sender=recruiter, body="请明天来面试")

    assert sweeps.unread_messages_sweep(now=timezone.now() + dt.timedelta(minutes=11)) == 3

    links = {n.recipient_id: (n.payload["conversations"], notification_link(n)) for n in unread_notices()}
    assert links == {
        parties.employer.user_id: (sorted([parties.conversation.pk, second.pk]), "/conversations/"),
        recruiter.pk: ([second.pk], f"/conversations/{second.pk}/"),  # the first: read when answering
        parties.graduate.user_id: ([parties.conversation.pk], f"/conversations/{parties.conversation.pk}/"),
    }
    for user in (parties.employer.user, recruiter, parties.graduate.user):
        client.force_login(user)
        assert client.get(links[user.pk][1]).status_code == 200


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_killed_before_committing_is_redone_whole_by_another_worker(tmp_path, settings, start_worker):
    if not celery_app.conf.broker_url.startswith("redis://"):
        pytest.skip("redelivery of unacknowledged tasks is a Redis transport feature (CI runs on Redis)")
    settings.SWEEP_BATCH_SIZE = 2
    parties = make_parties()
    send(parties.conversation, parties.employer.user, 6)
    hold = tmp_path / "hold"
    hold.mkdir()
    env = {"SWEEP_BATCH_SIZE": "2", "CELERY_VISIBILITY_TIMEOUT": "2", "CONVERSATION_AWAY_MINUTES": "10"}
    handled = Message.objects.filter(away_handled_at__isnull=False)

    assert task_unread_messages.apply().get() == 3  # the dispatcher, here: three batch tasks on the broker
    first = start_worker(extra_env={**env, "SWEEP_TEST_HOLD": str(hold)}, name="first")
    # The first batch commits; the second has written its notice, marked its messages and waits, uncommitted.
    wait_until((hold / "unread_messages.held").exists, timeout=60, what="the second batch to hold")
    assert (unread_notices().count(), handled.count()) == (1, 2)
    first.kill()
    time.sleep(3)  # older than the 2 s visibility timeout by the time the next worker looks

    # prefork runs the event loop whose timer restores unacknowledged messages older than 2 s
    second = start_worker(extra_env=env, name="second", pool="prefork")
    wait_until(lambda: handled.count() == 6, timeout=90, what="every message handled")
    wait_until(
        lambda: not unread_notices().exclude(status=NotificationStatus.SENT).exists(), timeout=60, what="every email"
    )

    title = parties.application.posting.title
    notices = unread_notices()
    assert [(n.recipient_id, n.payload["lines"]) for n in notices] == [
        (parties.graduate.user_id, [f"沟通甲单位 · {title}（2）"])
    ] * 3  # one per range, each message counted once
    assert set(notices.values_list("attempts", flat=True)) == {1}
    emails = second.emails()  # both workers write to the same folder
    assert [next(line for line in e.splitlines() if line.startswith("To: ")) for e in emails] == [
        f"To: {parties.graduate.user.email}"
    ] * 3
