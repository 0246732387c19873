"""Applications submitted or viewed but undecided for 48 hours: the employer is reminded once per
application, with a link to it; decided, answered or younger ones are left alone."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from graduates.enums import ApplicationStatus
from graduates.models import Application
from marketplace import services, sweeps
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.links import notification_link
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import render_notification
from tests.factories import ApplicationFactory, EmployerMemberFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 5, 11, 1, 0, tzinfo=dt.UTC)


def submitted_at(moment: dt.datetime, **extra) -> Application:
    with time_machine.travel(moment, tick=False):
        return ApplicationFactory(**extra)


def reminders():
    return list(Notification.objects.filter(kind=NotificationKind.APPLICATION_DECISION_REMINDER).order_by("pk"))


def test_decision_reminder_waits_48_hours_then_is_sent_once_with_a_link(settings):
    settings.SWEEP_BATCH_SIZE = 1
    application = submitted_at(T0)
    assert sweeps.decision_reminders_send(now=T0 + dt.timedelta(hours=47, minutes=59)) == 0
    assert sweeps.decision_reminders_send(now=T0 + dt.timedelta(hours=48)) == 1
    assert sweeps.decision_reminders_send(now=T0 + dt.timedelta(hours=49)) == 0
    [reminder] = reminders()
    assert (reminder.recipient, reminder.payload["application_id"], reminder.payload["posting_title"]) == (
        application.posting.employer.user,
        application.pk,
        application.posting.title,
    )
    assert notification_link(reminder) == reverse("employers:application_detail", args=[application.pk])
    application.refresh_from_db()
    assert application.decision_reminded_at == T0 + dt.timedelta(hours=48)


def test_decision_reminder_includes_viewed_and_skips_decided_and_answered():
    viewed = submitted_at(T0)
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        services.application_mark_viewed(application=viewed, actor=viewed.posting.employer.user)
    invited = submitted_at(T0, status=ApplicationStatus.INTERVIEW)
    rejected = submitted_at(T0, status=ApplicationStatus.REJECTED, status_reason="岗位已满")
    withdrawn = submitted_at(T0, status=ApplicationStatus.WITHDRAWN)
    answered = submitted_at(T0)  # a first message answered it, though it is still "submitted"
    services.record_first_answer(application=answered, at=T0 + dt.timedelta(hours=2))

    assert sweeps.decision_reminders_send(now=T0 + dt.timedelta(hours=50)) == 1
    assert [n.payload["application_id"] for n in reminders()] == [viewed.pk]
    assert Application.objects.filter(decision_reminded_at__isnull=False).count() == 1
    assert {invited.pk, rejected.pk, withdrawn.pk, answered.pk}.isdisjoint(
        n.payload["application_id"] for n in reminders()
    )


def test_decision_reminder_does_not_reach_back_past_seven_days():
    submitted_at(T0 - dt.timedelta(days=8))
    assert sweeps.decision_reminders_send(now=T0) == 0
    assert reminders() == []


def test_decision_reminder_batch_run_twice_sends_once(settings):
    settings.SWEEP_BATCH_SIZE = 1
    first, second = submitted_at(T0), submitted_at(T0)
    now = T0 + dt.timedelta(hours=60)
    batches = list(sweeps.decision_reminders_batches(now=now))
    assert sum(sweeps.decision_reminders_batch(**b) for b in batches) == 2
    Application.objects.update(decision_reminded_at=None)  # as if the marks were lost: the keys still hold
    assert sum(sweeps.decision_reminders_batch(**b) for b in batches) == 0
    assert sorted(n.payload["application_id"] for n in reminders()) == sorted([first.pk, second.pk])


@pytest.mark.parametrize(
    ("language", "subject", "line"),
    [
        ("zh-hans", "【招聘周】有求职申请等待您的答复已超过48小时", "毕业生：李同学"),
        ("en", "[Recruitment Weeks] An application has waited over 48 hours for your answer", "Graduate: 李同学"),
    ],
)
def test_decision_reminder_email_in_both_languages(language, subject, line):
    application = submitted_at(T0)
    sweeps.decision_reminders_send(now=T0 + dt.timedelta(hours=48))
    [reminder] = reminders()

    rendered_subject, body = render_notification(reminder, language)

    assert rendered_subject == subject
    assert application.posting.title in body
    assert any(row.startswith(line) for row in body.splitlines())


def test_decision_reminder_reaches_every_member_of_the_team_once():
    application = submitted_at(T0)
    employer = application.posting.employer
    recruiter = EmployerMemberFactory(employer=employer).user

    assert sweeps.decision_reminders_send(now=T0 + dt.timedelta(hours=48)) == 2
    assert sweeps.decision_reminders_send(now=T0 + dt.timedelta(hours=49)) == 0

    assert sorted((n.recipient_id, n.payload["application_id"]) for n in reminders()) == sorted(
        [(employer.user_id, application.pk), (recruiter.pk, application.pk)]
    )
