import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from employers.enums import EmployerStatus
from graduates.enums import GraduateStatus
from invitations import selectors, services, sweeps
from invitations.enums import InvitationAction, InvitationStatus
from invitations.models import Invitation
from marketplace.selectors import employer_may_see_contact, graduate_ids_with_contact_for
from recruitment_weeks import sweeps as batching
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.links import notification_link
from recruitment_weeks.notifications.models import Notification
from tests.factories import EmployerFactory, EmployerMemberFactory, GraduateFactory, PostingFactory, discipline
from tests.factories.fairs import SessionFactory
from tests.factories.invitations import InvitationFactory

pytestmark = pytest.mark.django_db


def send(pair, **kw):
    return services.invitation_send(
        employer=pair.employer, posting=pair.posting, graduate=pair.graduate, actor=pair.employer.user, **kw
    )


def test_invitation_send_creates_an_open_invitation_audits_and_notifies_the_graduate(pair):
    invitation = send(pair, message="  欢迎投递  ")

    assert (invitation.status, invitation.message, invitation.answered_at) == (InvitationStatus.SENT, "欢迎投递", None)
    assert list(AuditEntry.objects.values_list("action", "target_id", "venue_id")) == [
        (InvitationAction.SENT, str(invitation.pk), pair.employer.reviewing_venue_id)
    ]
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (pair.graduate.user, NotificationKind.INVITATION_RECEIVED)
    assert notification.payload["invitation_id"] == invitation.pk
    assert notification_link(notification) == f"/graduate/invitations/#invitation-{invitation.pk}"


def test_invitation_send_with_an_upcoming_approved_session_of_the_employer(pair):
    session = SessionFactory(employer=pair.employer, starts_at=timezone.now() + dt.timedelta(days=3))

    invitation = send(pair, session=session)

    assert invitation.session == session


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        (lambda p: setattr(p.employer, "status", EmployerStatus.PENDING), "employer_not_approved"),
        (lambda p: setattr(p.graduate, "visible_to_employers", False), "graduate"),
        (lambda p: setattr(p.graduate, "status", GraduateStatus.PENDING), "graduate"),
        (lambda p: setattr(p, "posting", PostingFactory(employer=p.employer)), "posting"),  # a draft
        (lambda p: setattr(p, "posting", PostingFactory(published=True)), "posting"),  # another's
        (lambda p: setattr(p, "message", "长" * 501), "message"),
    ],
    ids=["employer-pending", "graduate-hidden", "graduate-pending", "draft", "other-employer", "long-message"],
)
def test_invitation_send_is_refused(pair, setup, code):
    pair.message = "你好"
    setup(pair)
    for obj in (pair.employer, pair.graduate):
        obj.save()

    with pytest.raises(ValidationError) as exc:
        services.invitation_send(
            employer=pair.employer,
            posting=pair.posting,
            graduate=pair.graduate,
            actor=pair.employer.user,
            message=pair.message,
        )

    assert (getattr(exc.value, "code", None) or sorted(exc.value.message_dict)[0]) == code
    assert Invitation.objects.count() == 0
    assert Notification.objects.count() == 0


def test_invitation_send_refuses_a_graduate_not_among_the_matches(pair):
    pair.posting.disciplines.set([discipline("01")])  # philosophy: the engineering graduate does not fit
    other = GraduateFactory(approved=True, discipline=discipline("08"))

    with pytest.raises(ValidationError, match="匹配"):
        services.invitation_send(employer=pair.employer, posting=pair.posting, graduate=other, actor=None)


def test_invitation_send_refuses_another_employers_session(pair):
    session = SessionFactory(starts_at=timezone.now() + dt.timedelta(days=3))

    with pytest.raises(ValidationError, match="场次"):
        send(pair, session=session)


def test_invitation_send_twice_while_open_is_refused_once_answered_allowed(pair):
    first = send(pair)
    with pytest.raises(ValidationError, match="等待答复"):
        send(pair)

    services.invitation_decline(invitation=first, actor=pair.graduate.user)
    second = send(pair)

    assert list(Invitation.objects.order_by("pk").values_list("pk", "status")) == [
        (first.pk, InvitationStatus.DECLINED),
        (second.pk, InvitationStatus.SENT),
    ]


@override_settings(INVITATIONS_PER_EMPLOYER_PER_DAY=2)
def test_invitation_send_stops_at_the_daily_limit(pair):
    others = [GraduateFactory(approved=True) for _ in range(2)]
    send(pair)
    services.invitation_send(employer=pair.employer, posting=pair.posting, graduate=others[0], actor=None)

    with pytest.raises(ValidationError, match="每日上限"):
        services.invitation_send(employer=pair.employer, posting=pair.posting, graduate=others[1], actor=None)
    assert Invitation.objects.count() == 2


@override_settings(INVITATIONS_PER_EMPLOYER_PER_DAY=1)
def test_daily_limit_counts_asia_shanghai_days(pair):
    # 23:30 Beijing time yesterday is 15:30 UTC: the same UTC day, but another day in Beijing.
    invitation = InvitationFactory(posting=pair.posting, graduate=GraduateFactory(approved=True))
    beijing = dt.timezone(dt.timedelta(hours=8))
    now = timezone.now().astimezone(beijing)
    yesterday_late = (now - dt.timedelta(days=1)).replace(hour=23, minute=30)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=yesterday_late)

    assert services.sent_today(employer=pair.employer) == 0
    assert send(pair).status == InvitationStatus.SENT
    assert services.sent_today(employer=pair.employer, now=yesterday_late) == 1


def test_invitation_accept_answers_audits_and_notifies_the_employer(pair):
    invitation = send(pair)

    services.invitation_accept(invitation=invitation, actor=pair.graduate.user)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.answered_at is not None
    answered = Notification.objects.get(kind=NotificationKind.INVITATION_ANSWERED)
    assert answered.recipient == pair.employer.user
    assert notification_link(answered) == f"/employer/invitations/#invitation-{invitation.pk}"
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        InvitationAction.SENT,
        InvitationAction.ACCEPTED,
    ]


def test_invitation_decline_and_withdraw(pair):
    declined = send(pair)
    services.invitation_decline(invitation=declined, actor=pair.graduate.user)
    withdrawn = send(pair)
    services.invitation_withdraw(invitation=withdrawn, actor=pair.employer.user)

    assert list(Invitation.objects.order_by("pk").values_list("status", flat=True)) == ["declined", "withdrawn"]
    # Only the graduate's answer tells the employer.
    assert Notification.objects.filter(kind=NotificationKind.INVITATION_ANSWERED).count() == 1


@pytest.mark.parametrize("status", ["accepted", "declined", "withdrawn", "expired"])
def test_an_answered_invitation_cannot_move_again(pair, status):
    invitation = InvitationFactory(posting=pair.posting, graduate=pair.graduate, status=status)

    for call in (services.invitation_accept, services.invitation_decline, services.invitation_withdraw):
        with pytest.raises(ValidationError):
            call(invitation=invitation, actor=None)
    assert Invitation.objects.get().status == status


def test_an_invitation_past_its_days_cannot_be_accepted(pair):
    invitation = InvitationFactory(posting=pair.posting, graduate=pair.graduate)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - dt.timedelta(days=15))

    with pytest.raises(ValidationError, match="过期"):
        services.invitation_accept(invitation=invitation, actor=pair.graduate.user)


def test_expiry_sweep_expires_only_invitations_older_than_14_days_and_is_idempotent(pair):
    old = InvitationFactory(posting=pair.posting, graduate=pair.graduate)
    fresh = InvitationFactory(posting=pair.posting, graduate=GraduateFactory(approved=True))
    answered = InvitationFactory(posting=pair.posting, graduate=GraduateFactory(approved=True), status="declined")
    Invitation.objects.filter(pk__in=[old.pk, answered.pk]).update(created_at=timezone.now() - dt.timedelta(days=14))
    now = timezone.now()

    first = batching.run_here(sweeps.expire_batch, sweeps.expire_batches(now=now))
    second = batching.run_here(sweeps.expire_batch, sweeps.expire_batches(now=now))

    assert (first, second) == (1, 0)
    statuses = dict(Invitation.objects.values_list("pk", "status"))
    assert statuses == {old.pk: "expired", fresh.pk: "sent", answered.pk: "declined"}
    assert list(AuditEntry.objects.values_list("action", "actor")) == [(InvitationAction.EXPIRED, None)]


# --- The contact rule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["sent", "declined", "withdrawn", "expired"])
def test_contact_stays_hidden_until_the_graduate_accepts(pair, status):
    InvitationFactory(posting=pair.posting, graduate=pair.graduate, status=status)

    assert employer_may_see_contact(employer=pair.employer, graduate=pair.graduate) is False
    assert graduate_ids_with_contact_for(employer=pair.employer, graduate_ids=[pair.graduate.pk]) == set()


def test_contact_is_visible_to_the_inviting_employer_after_acceptance_only(pair):
    other_employer = EmployerFactory(approved=True)
    invitation = send(pair)

    services.invitation_accept(invitation=invitation, actor=pair.graduate.user)

    assert employer_may_see_contact(employer=pair.employer, graduate=pair.graduate) is True
    assert graduate_ids_with_contact_for(employer=pair.employer, graduate_ids=[pair.graduate.pk]) == {pair.graduate.pk}
    assert employer_may_see_contact(employer=other_employer, graduate=pair.graduate) is False


def test_selectors_scope_to_the_owner(pair):
    invitation = InvitationFactory(posting=pair.posting, graduate=pair.graduate)
    other_graduate = GraduateFactory(approved=True)

    assert list(selectors.invitations_sent_by(employer=pair.employer)) == [invitation]
    assert list(selectors.invitations_sent_by(employer=EmployerFactory(approved=True))) == []
    assert selectors.invitation_of(graduate=pair.graduate, pk=invitation.pk) == invitation
    assert selectors.invitation_of(graduate=other_graduate, pk=invitation.pk) is None


def test_expiry_task_runs_the_sweep_through_celery(pair, eager_tasks):
    from invitations.tasks import task_expire_invitations

    old = InvitationFactory(posting=pair.posting, graduate=pair.graduate)
    Invitation.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=15))

    assert task_expire_invitations.delay().get() == 1  # one batch published
    assert Invitation.objects.get().status == InvitationStatus.EXPIRED


def test_the_answer_reaches_every_member_of_the_employers_team(pair):
    recruiter = EmployerMemberFactory(employer=pair.employer).user
    invitation = send(pair)

    services.invitation_decline(invitation=invitation, actor=pair.graduate.user)

    answered = Notification.objects.filter(kind=NotificationKind.INVITATION_ANSWERED).order_by("recipient_id")
    assert sorted(answered.values_list("recipient_id", flat=True)) == sorted([pair.employer.user_id, recruiter.pk])
