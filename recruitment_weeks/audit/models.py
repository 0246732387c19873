from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .actions import action_label


class AuditEntry(models.Model):
    """Append-only record of every decision and change made through a service.

    Written only by :func:`recruitment_weeks.audit.services.audit_log`; nothing deletes it, and the one
    update is an erasure (:func:`recruitment_weeks.audit.services.erase_subject`): a graduate who
    deletes their account has their name and phone number taken out of the entries about them.

    ``action`` is a member of an app's enum of actions (recruitment_weeks.audit.actions); ``venue`` is
    the venue whose staff manage the target (none for a record of no venue, such as an account), so
    venue staff see their venue's trail.
    """

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=100, db_index=True)  # e.g. employers.employer.rejected
    venue = models.ForeignKey(
        "venues.Venue",
        verbose_name=_("会场"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_type = models.CharField(_("对象类型"), max_length=100)  # app_label.model
    target_id = models.CharField(_("对象编号"), max_length=64)
    target_repr = models.CharField(_("对象"), max_length=255, blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = pgettext_lazy("plural", "审计日志")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"

    @property
    def action_label(self) -> str:
        return action_label(self.action)
