"""Conversations between an employer and a graduate about one application or one invitation (邀约).

A conversation names exactly one subject (an application or an invitation: one nullable one-to-one
each, and a check that exactly one is set) and, copied from the subject when it opens, its two
parties: the employer and the graduate. Copying them keeps every permission check
and every inbox query to the conversation's own row, whatever the subject.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import ReportState

BODY_MAX = 2000


class Conversation(models.Model):
    application = models.OneToOneField(
        "graduates.Application",
        verbose_name=_("求职申请"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conversation",
    )
    invitation = models.OneToOneField(
        "invitations.Invitation",
        verbose_name=_("邀约"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conversation",
    )
    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("用人单位"), on_delete=models.CASCADE, related_name="conversations"
    )
    # NULL once the graduate deletes their account: the employer keeps the anonymised thread of an
    # application. An invitation goes with the account, and its conversation with it (CASCADE above).
    graduate = models.ForeignKey(
        "graduates.Graduate",
        verbose_name=_("毕业生"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    created_at = models.DateTimeField(_("开启时间"), default=timezone.now)
    # The inbox's order; the time the conversation opened until its first message.
    last_message_at = models.DateTimeField(_("最新消息时间"), default=timezone.now)

    class Meta:
        verbose_name = _("沟通")
        verbose_name_plural = pgettext_lazy("plural", "沟通")
        ordering = ["-last_message_at", "-id"]
        constraints = [
            # Exactly one subject: the application or the invitation the conversation is about.
            models.CheckConstraint(
                condition=Q(application__isnull=False, invitation__isnull=True)
                | Q(application__isnull=True, invitation__isnull=False),
                name="conversation_has_one_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["employer", "-last_message_at", "-id"], name="conversation_employer_idx"),
            models.Index(fields=["graduate", "-last_message_at", "-id"], name="conversation_graduate_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.employer_id} ↔ {self.graduate_id or '—'}"

    @property
    def subject(self):
        """The application or the invitation the conversation is about."""
        return self.application if self.application_id is not None else self.invitation

    @property
    def subject_kind(self) -> str:
        """ "application" or "invitation" (the API's name for the subject)."""
        return "invitation" if self.invitation_id is not None else "application"

    @property
    def posting(self):
        """The posting of the subject (an application's or an invitation's)."""
        return self.subject.posting


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, verbose_name=_("沟通"), on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("内容"), max_length=BODY_MAX, blank=True)
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    # When the away sweep handled this message (emailed its reader, or found it read): once only.
    away_handled_at = models.DateTimeField(_("离线提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = pgettext_lazy("plural", "消息")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["conversation", "-created_at", "-id"], name="message_conversation_idx"),
            models.Index(fields=["created_at"], name="message_away_idx", condition=Q(away_handled_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.pk}"


class MessageRead(models.Model):
    """How far one participant has read a conversation."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField(_("已读至"))

    class Meta:
        verbose_name = _("已读位置")
        verbose_name_plural = pgettext_lazy("plural", "已读位置")
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="message_read_unique")]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.user_id}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The extension comes from the content check; the uploader's name is kept only as a label.
    return f"conversations/{instance.message.conversation_id}/{timezone.now():%Y%m}/{filename}"


class Attachment(models.Model):
    """A PDF or image sent with a message, on the private storage (served only by the download view)."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="attachment")
    file = models.FileField(_("附件"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    content_type = models.CharField(_("类型"), max_length=50)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = pgettext_lazy("plural", "附件")

    def __str__(self) -> str:
        return self.name


class Block(models.Model):
    """One party stopped the other from writing in this conversation."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="blocks")
    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("屏蔽时间"), default=timezone.now)

    class Meta:
        verbose_name = _("屏蔽")
        verbose_name_plural = pgettext_lazy("plural", "屏蔽")
        constraints = [models.UniqueConstraint(fields=["conversation", "blocker"], name="block_unique")]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.blocker_id}"


class Report(models.Model):
    """A party's report of a conversation, in the moderation queue of the venue reviewing the employer.
    A report is what lets that venue's staff read the conversation."""

    conversation = models.ForeignKey(
        Conversation, verbose_name=_("沟通"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("举报人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("会场"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.TextField(_("举报说明"), max_length=1000)
    state = models.CharField(_("处理状态"), max_length=20, choices=ReportState.choices, default=ReportState.OPEN)
    created_at = models.DateTimeField(_("举报时间"), default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handling_note = models.CharField(_("处理说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("沟通举报")
        verbose_name_plural = pgettext_lazy("plural", "沟通举报")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ReportState.values), name="conversation_report_state_valid"),
        ]
        indexes = [models.Index(fields=["venue", "state", "-created_at"], name="conversation_report_queue_idx")]

    def __str__(self) -> str:
        return f"{self.conversation} · {self.get_state_display()}"
