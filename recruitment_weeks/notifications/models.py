from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import NotificationKind, NotificationStatus


class Notification(models.Model):
    """An outbox row and an inbox entry at once.

    Written in the same transaction as the change that causes it; a Celery task queued on commit
    sends the email, and the beat sweep sends whatever that task never got to (broker down, worker
    lost). ``dedupe_key`` makes each notification exist once; the row lock in the delivery service
    makes its email go out once.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=40, choices=NotificationKind.choices)
    payload = models.JSONField(_("内容数据"), default=dict, blank=True)
    dedupe_key = models.CharField(_("去重键"), max_length=200, unique=True)
    status = models.CharField(
        _("发送状态"), max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    emailed = models.BooleanField(_("已发送邮件"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = pgettext_lazy("plural", "通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=NotificationStatus.values), name="notification_status_valid"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="notification_outbox_idx"),
            models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"

    @property
    def link(self) -> str:
        """The page this notification is about, for its recipient (site-relative)."""
        from .links import notification_link

        return notification_link(self)


class NotificationPreference(models.Model):
    """A user's choice to also get a kind of notification by email (the inbox always gets it).
    No row means yes: email is on until the user turns it off."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("类型"), max_length=40, choices=NotificationKind.choices)
    email = models.BooleanField(_("同时发送邮件"), default=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = pgettext_lazy("plural", "通知偏好")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} email={self.email}"
