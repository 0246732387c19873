from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.actions import register_actions


@register_actions
class FairAction(models.TextChoices):
    """What the audit log records about fair registrations. The values name the weeks' app, where the
    registrations are stored (events.models.FairRegistration)."""

    SUBMITTED = "events.fairregistration.submitted", _("报名招聘会")
    RESUBMITTED = "events.fairregistration.resubmitted", _("重新报名招聘会")
    WITHDRAWN = "events.fairregistration.withdrawn", _("撤回招聘会报名")
    APPROVED = "events.fairregistration.approved", _("招聘会报名审核通过")
    REJECTED = "events.fairregistration.rejected", _("招聘会报名审核未通过")
    CLOSED = "events.fairregistration.closed", _("招聘周结束，报名自动关闭")
