import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conversations import selectors, services, sweeps
from conversations.enums import ReportState
from conversations.models import Attachment, Conversation, Message, MessageRead
from employers.enums import EmployerStatus
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import notification_deliver
from tests.factories import EmployerMemberFactory
from tests.factories.files import pdf_bytes

pytestmark = pytest.mark.django_db


def test_conversation_open_twice_by_either_side_is_one_conversation(parties):
    again = services.conversation_open(application=parties.application, actor=parties.employer.user)

    assert again == parties.conversation
    assert list(Conversation.objects.all()) == [parties.conversation]
    assert (again.employer, again.graduate) == (parties.employer, parties.graduate)


@pytest.mark.parametrize("who", ["other_employer", "other_graduate", "staff_same_venue"])
def test_conversation_open_by_a_third_party_is_refused(parties, who):
    with pytest.raises(PermissionDenied):
        services.conversation_open(application=parties.application, actor=parties.others[who])


def test_message_send_stores_the_message_and_moves_the_senders_read_position(parties):
    message = services.message_send(conversation=parties.conversation, sender=parties.employer.user, body=" 您好 ")

    assert (message.body, message.sender) == ("您好", parties.employer.user)
    read = MessageRead.objects.get(conversation=parties.conversation, user=parties.employer.user)
    assert read.last_read_at == message.created_at
    parties.conversation.refresh_from_db()
    assert parties.conversation.last_message_at == message.created_at


@pytest.mark.parametrize(
    ("body", "code"),
    [("", "body_required"), ("   ", "body_required"), ("字" * 2001, "body_too_long")],
)
def test_message_send_refuses_bad_text(parties, body, code):
    with pytest.raises(ValidationError) as caught:
        services.message_send(conversation=parties.conversation, sender=parties.graduate.user, body=body)

    assert caught.value.error_dict["body"][0].code == code
    assert Message.objects.count() == 0


def test_message_send_accepts_2000_characters(parties):
    message = services.message_send(conversation=parties.conversation, sender=parties.graduate.user, body="字" * 2000)

    assert len(message.body) == 2000


@pytest.mark.parametrize("who", ["other_employer", "other_graduate", "staff_same_venue", "staff_other_venue"])
def test_message_send_by_a_third_party_is_refused(parties, who):
    with pytest.raises(PermissionDenied):
        services.message_send(conversation=parties.conversation, sender=parties.others[who], body="插话")

    assert Message.objects.count() == 0


def test_message_send_with_a_pdf_attachment_stores_it_privately(parties, private_storage):
    upload = SimpleUploadedFile("简历.pdf", pdf_bytes("conversation attachment"), content_type="application/pdf")

    message = services.message_send(conversation=parties.conversation, sender=parties.graduate.user, attachment=upload)

    attachment = Attachment.objects.get(message=message)
    assert (attachment.name, attachment.content_type) == ("简历.pdf", "application/pdf")
    assert attachment.file.name.endswith(".pdf")
    assert (private_storage / attachment.file.name).read_bytes() == pdf_bytes("conversation attachment")


def test_message_send_refuses_an_attachment_that_is_not_a_pdf_or_image(parties, private_storage):
    upload = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")

    with pytest.raises(ValidationError) as caught:
        services.message_send(conversation=parties.conversation, sender=parties.graduate.user, attachment=upload)

    assert caught.value.code == "attachment_type"
    assert (Message.objects.count(), Attachment.objects.count()) == (0, 0)


def test_blocked_conversation_refuses_messages_from_both_sides(parties):
    services.conversation_block(conversation=parties.conversation, actor=parties.graduate.user)

    for sender in (parties.graduate.user, parties.employer.user):
        with pytest.raises(ValidationError) as caught:
            services.message_send(conversation=parties.conversation, sender=sender, body="还在吗")
        assert caught.value.code == "conversation_blocked"
    assert Message.objects.count() == 0


def test_mark_read_clears_the_unread_count(parties):
    services.message_send(conversation=parties.conversation, sender=parties.employer.user, body="面试时间？")
    services.message_send(conversation=parties.conversation, sender=parties.employer.user, body="请回复")
    before = selectors.inbox_for(user=parties.graduate.user).get().unread

    services.conversation_mark_read(conversation=parties.conversation, user=parties.graduate.user)

    assert (before, selectors.inbox_for(user=parties.graduate.user).get().unread) == (2, 0)
    assert selectors.inbox_for(user=parties.employer.user).get().unread == 0


def test_report_lets_only_the_employers_venue_staff_see_it_and_suspend_the_employer(parties):
    staff_a, staff_b = parties.others["staff_same_venue"], parties.others["staff_other_venue"]
    assert list(selectors.reports_for_staff(user=staff_a)) == []

    report = services.conversation_report(
        conversation=parties.conversation, reporter=parties.graduate.user, details="骚扰信息"
    )

    assert list(selectors.reports_for_staff(user=staff_a)) == [report]
    assert list(selectors.reports_for_staff(user=staff_b)) == []
    services.report_resolve(report=report, actor=staff_a, outcome=ReportState.EMPLOYER_SUSPENDED, note="多次骚扰")
    report.refresh_from_db()
    parties.employer.refresh_from_db()
    assert (report.state, report.handled_by) == (ReportState.EMPLOYER_SUSPENDED, staff_a)
    assert parties.employer.status == EmployerStatus.SUSPENDED
    with pytest.raises(ValidationError):
        services.message_send(conversation=parties.conversation, sender=parties.employer.user, body="再联系")


def test_report_resolve_twice_is_refused(parties):
    report = services.conversation_report(
        conversation=parties.conversation, reporter=parties.employer.user, details="x"
    )
    staff = parties.others["staff_same_venue"]
    services.report_resolve(report=report, actor=staff, outcome=ReportState.DISMISSED)

    with pytest.raises(ValidationError) as caught:
        services.report_resolve(report=report, actor=staff, outcome=ReportState.EMPLOYER_SUSPENDED, note="x")

    assert caught.value.code == "report_handled"


def test_away_sweep_emails_each_reader_once_listing_their_conversations(parties, settings):
    settings.CONVERSATION_AWAY_MINUTES = 10
    services.message_send(conversation=parties.conversation, sender=parties.employer.user, body="第一条")
    services.message_send(conversation=parties.conversation, sender=parties.employer.user, body="第二条")
    later = timezone.now() + dt.timedelta(minutes=11)

    first = sweeps.unread_messages_sweep(now=later)
    second = sweeps.unread_messages_sweep(now=later + dt.timedelta(minutes=5))
    notifications = list(Notification.objects.filter(kind=NotificationKind.MESSAGES_UNREAD))
    for notification in notifications:
        notification_deliver(notification_id=notification.pk)
    assert (first, second) == (1, 0)
    assert [n.recipient for n in notifications] == [parties.graduate.user]
    assert notifications[0].payload["conversations"] == [parties.conversation.pk]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [parties.graduate.user.email]
    assert "沟通甲单位" in mail.outbox[0].body


def test_away_sweep_skips_messages_read_in_time(parties):
    services.message_send(conversation=parties.conversation, sender=parties.employer.user, body="已读的")
    services.conversation_mark_read(conversation=parties.conversation, user=parties.graduate.user)

    written = sweeps.unread_messages_sweep(now=timezone.now() + dt.timedelta(hours=1))

    assert written == 0
    assert Message.objects.filter(away_handled_at__isnull=True).count() == 0


def test_away_sweep_waits_for_the_away_minutes(parties, settings):
    settings.CONVERSATION_AWAY_MINUTES = 10
    services.message_send(conversation=parties.conversation, sender=parties.employer.user, body="刚发")

    assert sweeps.unread_messages_sweep(now=timezone.now() + dt.timedelta(minutes=5)) == 0
    assert Message.objects.filter(away_handled_at__isnull=True).count() == 1


def test_the_employers_first_message_is_the_applications_first_answer_and_the_graduates_is_not(parties):
    services.message_send(conversation=parties.conversation, sender=parties.graduate.user, body="请问何时面试？")
    parties.application.refresh_from_db()
    assert parties.application.first_answered_at is None

    first = services.message_send(conversation=parties.conversation, sender=parties.employer.user, body="下周一")
    services.message_send(conversation=parties.conversation, sender=parties.employer.user, body="上午十点")

    parties.application.refresh_from_db()
    assert parties.application.first_answered_at == first.created_at


def test_away_sweep_tells_the_graduate_of_a_message_from_any_member_of_the_employers_team(parties, settings):
    settings.CONVERSATION_AWAY_MINUTES = 10
    recruiter = EmployerMemberFactory(employer=parties.employer).user
    services.message_send(conversation=parties.conversation, sender=recruiter, body="我是招聘专员")

    assert sweeps.unread_messages_sweep(now=timezone.now() + dt.timedelta(minutes=11)) == 1

    [entry] = Notification.objects.filter(kind=NotificationKind.MESSAGES_UNREAD)
    assert entry.recipient == parties.graduate.user
