import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from graduates.models import Application
from marketplace import services
from recruitment_weeks.workflow import InvalidTransition
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC)


def test_record_first_answer_sets_once_and_keeps_the_first():
    application = ApplicationFactory()
    assert services.record_first_answer(application=application, at=T0) is True
    assert services.record_first_answer(application=application, at=T0 + dt.timedelta(hours=5)) is False
    application.refresh_from_db()
    assert application.first_answered_at == T0


def test_record_first_answer_from_a_stale_instance_does_not_overwrite():
    application = ApplicationFactory()
    stale = Application.objects.get(pk=application.pk)
    services.record_first_answer(application=application, at=T0)
    assert services.record_first_answer(application=stale, at=T0 + dt.timedelta(days=1)) is False
    assert Application.objects.get(pk=application.pk).first_answered_at == T0


def test_application_mark_viewed_is_not_an_answer():
    application = ApplicationFactory()
    services.application_mark_viewed(application=application, actor=application.posting.employer.user)
    application.refresh_from_db()
    assert (application.status, application.first_answered_at) == ("viewed", None)


def test_application_invite_records_the_first_answer_and_later_moves_keep_it():
    application = ApplicationFactory()
    employer_user = application.posting.employer.user
    with time_machine.travel(T0, tick=False):
        services.application_invite(
            application=application,
            actor=employer_user,
            at=T0 + dt.timedelta(days=2),
            mode="online",
            location="https://meeting.example.cn/1",
        )
    with time_machine.travel(T0 + dt.timedelta(days=3), tick=False):
        services.application_offer(application=application, actor=employer_user)
    application.refresh_from_db()
    assert (application.status, application.first_answered_at) == ("offer", T0)


def test_application_reject_records_the_first_answer():
    application = ApplicationFactory()
    with time_machine.travel(T0, tick=False):
        services.application_reject(application=application, actor=application.posting.employer.user, reason="岗位已满")
    application.refresh_from_db()
    assert (application.status, application.first_answered_at) == ("rejected", T0)


def test_application_refused_move_records_no_answer():
    application = ApplicationFactory()
    with pytest.raises(InvalidTransition):
        services.application_offer(application=application, actor=application.posting.employer.user)
    application.refresh_from_db()
    assert (application.status, application.first_answered_at) == ("submitted", None)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_record_first_answer_concurrently_sets_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL; SQLite serialises writers")
    application = ApplicationFactory()
    barrier = threading.Barrier(4)
    won, errors = [], []

    def answer(hours: int):
        try:
            barrier.wait()
            at = T0 + dt.timedelta(hours=hours)
            if services.record_first_answer(application=Application.objects.get(pk=application.pk), at=at):
                won.append(at)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(won) == 1
    assert Application.objects.get(pk=application.pk).first_answered_at == won[0]
