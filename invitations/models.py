from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import InvitationStatus

MESSAGE_MAX = 500


class Invitation(models.Model):
    """An employer's invitation (邀约) to a graduate among a posting's matches: to apply to the
    posting, or — with ``session`` — to book one of the employer's sessions. Once the graduate accepts,
    the employer sees their contact details (marketplace.selectors, through invitations.contact)."""

    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("用人单位"), on_delete=models.CASCADE, related_name="invitations"
    )
    posting = models.ForeignKey(
        "employers.JobPosting", verbose_name=_("职位"), on_delete=models.CASCADE, related_name="invitations"
    )
    graduate = models.ForeignKey(
        "graduates.Graduate", verbose_name=_("毕业生"), on_delete=models.CASCADE, related_name="invitations"
    )
    session = models.ForeignKey(
        "fairs.Session",
        verbose_name=_("场次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    message = models.CharField(_("邀约附言"), max_length=MESSAGE_MAX, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.SENT)
    created_at = models.DateTimeField(_("发出时间"), auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("邀约")
        verbose_name_plural = pgettext_lazy("plural", "邀约")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=InvitationStatus.values), name="invitation_status_valid"),
            # One open invitation per posting and graduate: a second one waits for the first's answer.
            models.UniqueConstraint(
                fields=["posting", "graduate"],
                condition=Q(status="sent"),
                name="invitation_one_open_per_posting_graduate",
            ),
        ]
        indexes = [
            models.Index(fields=["employer", "created_at"], name="invitation_employer_day_idx"),
            models.Index(fields=["graduate", "-created_at"], name="invitation_graduate_idx"),
            models.Index(fields=["status", "created_at"], name="invitation_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} → {self.graduate_id} ({self.posting_id})"
