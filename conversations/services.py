"""Writes about conversations: open, send, mark read, block, report, and the staff's decision on a
report. Each is one transaction; the live publish of a message waits for its commit (live.py)."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.enums import EmployerStatus
from employers.services.reviews import employer_suspend
from graduates.models import Application
from invitations.models import Invitation
from marketplace.services import record_first_answer
from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.uploads import new_file_discarded_on_error

from . import live
from .enums import TRANSITIONS, ConversationAction, ParticipantRole, ReportState
from .models import Attachment, Block, Conversation, Message, MessageRead, Report
from .permissions import can_open, can_open_for_invitation, invitation_talkable, role_in
from .validators import attachment_kind, clean_body

REPORT_DETAILS_MAX = 1000


@transaction.atomic
def conversation_open(
    *, application: Application | None = None, invitation: Invitation | None = None, actor
) -> Conversation:
    """The conversation about the application or the invitation (exactly one of them), opened now if
    it has none yet (either side may open it; both get the same one). An invitation's conversation
    opens while the invitation is sent or accepted and its employer approved. Side effects: on
    opening, audit entry ``conversations.conversation.opened``."""
    if (application is None) == (invitation is None):
        raise TypeError("conversation_open takes exactly one of application= or invitation=")
    if invitation is not None:
        return _open_for_invitation(invitation=invitation, actor=actor)
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("posting__employer").get(pk=application.pk)
    )
    if not can_open(actor, application):
        raise PermissionDenied
    existing = Conversation.objects.filter(application=application).first()
    if existing is not None:
        return existing
    conversation = Conversation.objects.create(
        application=application, employer=application.posting.employer, graduate_id=application.graduate_id
    )
    audit_log(
        actor=actor,
        action=ConversationAction.OPENED,
        target=conversation,
        venue=application.posting.employer.reviewing_venue_id,
        data={"application": application.pk},
    )
    return conversation


def _open_for_invitation(*, invitation: Invitation, actor) -> Conversation:
    # The invitation's row lock makes two sides opening at once get one conversation.
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("employer").get(pk=invitation.pk)
    if not can_open_for_invitation(actor, invitation):
        raise PermissionDenied
    existing = Conversation.objects.filter(invitation=invitation).first()
    if existing is not None:
        return existing
    conversation = Conversation.objects.create(
        invitation=invitation, employer=invitation.employer, graduate_id=invitation.graduate_id
    )
    audit_log(
        actor=actor,
        action=ConversationAction.OPENED,
        target=conversation,
        venue=invitation.employer.reviewing_venue_id,
        data={"invitation": invitation.pk},
    )
    return conversation


def _lock(conversation: Conversation) -> Conversation:
    return (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("employer__user", "graduate__user", "invitation")
        .get(pk=conversation.pk)
    )


@transaction.atomic
def message_send(
    *, conversation: Conversation, sender, body: str = "", attachment: UploadedFile | None = None
) -> Message:
    """Store a message (text ≤ 2000 characters and/or one PDF/image attachment) from one party.

    Refused when either party blocked the other, the employer is suspended, or the conversation's
    invitation was declined, withdrawn or expired. Side effects: the
    sender's read position moves to the message; the employer's first message is the application's
    first answer (``record_first_answer``); after commit, the message goes to the
    conversation's live group (a failing channel layer is logged, never an error here).
    """
    conversation = _lock(conversation)
    role = role_in(sender, conversation)
    if role is None:
        raise PermissionDenied
    if conversation.employer.status != EmployerStatus.APPROVED:
        raise ValidationError(_("该单位目前不能沟通，消息未发送。"), code="employer_not_active")
    if conversation.blocks.exists():
        raise ValidationError(_("沟通已被屏蔽，消息未发送。"), code="conversation_blocked")
    if conversation.invitation is not None and not invitation_talkable(conversation.invitation):
        raise ValidationError(_("该邀约已结束（已婉拒、撤回或过期），消息未发送。"), code="invitation_closed")
    body = clean_body(body)
    kind = attachment_kind(attachment) if attachment is not None else None
    if not body and kind is None:
        raise ValidationError({"body": ValidationError(_("请输入消息内容或选择附件。"), code="body_required")})
    now = timezone.now()
    message = Message.objects.create(conversation=conversation, sender=sender, body=body, created_at=now)
    if kind is not None:
        ext, content_type = kind
        stored = Attachment(
            message=message,
            name=(attachment.name or f"attachment{ext}")[-200:],
            size=attachment.size or 0,
            content_type=content_type,
        )
        with new_file_discarded_on_error(stored, "file"):
            stored.file.save(f"{uuid.uuid4().hex}{ext}", attachment, save=False)
            stored.save()
    conversation.last_message_at = now
    conversation.save(update_fields=["last_message_at"])
    if role == ParticipantRole.EMPLOYER and conversation.application_id is not None:
        # The employer's first message answers the application, as a decision does (reply times).
        record_first_answer(application=Application(pk=conversation.application_id), at=now)
    _read_upto(conversation=conversation, user=sender, moment=now)
    payload = live.message_payload(message, sender_role=role)
    transaction.on_commit(lambda: live.publish_message(conversation_id=conversation.pk, payload=payload))
    return message


def _read_upto(*, conversation: Conversation, user, moment) -> MessageRead:
    read, created = MessageRead.objects.get_or_create(
        conversation=conversation, user=user, defaults={"last_read_at": moment}
    )
    if not created and read.last_read_at < moment:
        read.last_read_at = moment
        read.save(update_fields=["last_read_at"])
    return read


@transaction.atomic
def conversation_mark_read(*, conversation: Conversation, user) -> MessageRead:
    """Move the party's read position to now (never backwards). No audit entry: reading is no change
    of anyone's data."""
    if role_in(user, conversation) is None:
        raise PermissionDenied
    return _read_upto(conversation=conversation, user=user, moment=timezone.now())


@transaction.atomic
def conversation_block(*, conversation: Conversation, actor) -> Block:
    """One party stops the conversation: neither side can send any more. Blocking twice is one block.
    Side effects: audit entry ``conversations.conversation.blocked``."""
    conversation = _lock(conversation)
    if role_in(actor, conversation) is None:
        raise PermissionDenied
    block, created = Block.objects.get_or_create(conversation=conversation, blocker=actor)
    if created:
        audit_log(
            actor=actor,
            action=ConversationAction.BLOCKED,
            target=conversation,
            venue=conversation.employer.reviewing_venue_id,
        )
    return block


@transaction.atomic
def conversation_report(*, conversation: Conversation, reporter, details: str) -> Report:
    """A party reports the conversation to the venue reviewing the employer; from then that venue's
    staff may read it. The same reporter's second report while one is open returns the first.
    Side effects: a Report in the venue's queue; audit entry ``conversations.conversation.reported``."""
    conversation = _lock(conversation)
    if role_in(reporter, conversation) is None:
        raise PermissionDenied
    details = (details or "").strip()
    if not details:
        raise ValidationError({"details": ValidationError(_("请写明举报原因。"), code="details_required")})
    if len(details) > REPORT_DETAILS_MAX:
        raise ValidationError(
            {
                "details": ValidationError(
                    _("举报说明不能超过%(max)d字。") % {"max": REPORT_DETAILS_MAX}, code="details_too_long"
                )
            }
        )
    existing = Report.objects.filter(conversation=conversation, reporter=reporter, state=ReportState.OPEN).first()
    if existing is not None:
        return existing
    venue_id = conversation.employer.reviewing_venue_id
    report = Report.objects.create(conversation=conversation, reporter=reporter, venue_id=venue_id, details=details)
    audit_log(actor=reporter, action=ConversationAction.REPORTED, target=report, venue=venue_id)
    return report


@transaction.atomic
def report_resolve(*, report: Report, actor, outcome: str, note: str = "") -> Report:
    """Staff decide an open report: ``dismissed``, or ``suspended`` — the employer is suspended
    through employers' own suspension service (its audit entry and notification), with the note as
    the reason. Side effects: audit entry ``conversations.report.<outcome>``."""
    report = Report.objects.select_for_update(of=("self",)).select_related("conversation__employer").get(pk=report.pk)
    if outcome not in TRANSITIONS:
        raise ValidationError({"outcome": ValidationError(_("请选择处理方式。"), code="outcome")})
    if report.state not in TRANSITIONS[outcome]:
        raise ValidationError(_("该举报已处理。"), code="report_handled")
    note = (note or "").strip()[:500]
    if outcome == ReportState.EMPLOYER_SUSPENDED:
        employer = report.conversation.employer
        if employer.status != EmployerStatus.SUSPENDED:
            employer_suspend(employer=employer, actor=actor, reason=note)
    report.state = outcome
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.handling_note = note
    report.save(update_fields=["state", "handled_by", "handled_at", "handling_note"])
    action = (
        ConversationAction.REPORT_SUSPENDED
        if outcome == ReportState.EMPLOYER_SUSPENDED
        else ConversationAction.REPORT_DISMISSED
    )
    audit_log(actor=actor, action=action, target=report, venue=report.venue_id)
    return report
