from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.actions import register_actions


@register_actions
class ApplicationAction(models.TextChoices):
    """What the audit log records about applications. The values name the graduates' app, where the
    applications are stored (the rows written before the marketplace had its own package keep them)."""

    SUBMITTED = "graduates.application.submitted", _("投递申请")
    RESUBMITTED = "graduates.application.resubmitted", _("重新投递")
    WITHDRAWN = "graduates.application.withdrawn", _("撤回申请")
    VIEWED = "graduates.application.viewed", _("单位已查看")
    INTERVIEW = "graduates.application.interview", _("邀请面试")
    OFFER = "graduates.application.offer", _("发放录用通知")
    ACCEPTED = "graduates.application.accepted", _("接受录用通知")
    DECLINED = "graduates.application.declined", _("婉拒录用通知")
    HIRED = "graduates.application.hired", _("已录用")
    REJECTED = "graduates.application.rejected", _("不合适")
