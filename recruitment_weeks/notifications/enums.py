from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class NotificationKind(models.TextChoices):
    """Each kind has templates under templates/notifications/<kind>/ (subject.txt, body.txt)."""

    EMPLOYER_APPROVED = "employer_approved", _("单位审核通过")
    EMPLOYER_REJECTED = "employer_rejected", _("单位审核未通过")
    EMPLOYER_SUSPENDED = "employer_suspended", _("单位被暂停")
    EMPLOYER_REINSTATED = "employer_reinstated", _("单位恢复")
    GRADUATE_APPROVED = "graduate_approved", _("毕业生审核通过")
    GRADUATE_REJECTED = "graduate_rejected", _("毕业生审核未通过")
    FAIR_REGISTRATION_APPROVED = "fair_registration_approved", _("招聘会报名通过")
    FAIR_REGISTRATION_REJECTED = "fair_registration_rejected", _("招聘会报名未通过")
    APPLICATION_RECEIVED = "application_received", _("收到求职申请")
    APPLICATION_CHANGED = "application_changed", _("求职申请状态变化")
    APPLICATION_WITHDRAWN = "application_withdrawn", _("求职申请已撤回")
