from enum import nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _


class GraduateStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已投递")
    VIEWED = "viewed", _("已查看")
    INTERVIEW = "interview", _("邀请面试")
    OFFER = "offer", _("发放录用通知")
    HIRED = "hired", _("已录用")
    REJECTED = "rejected", _("不合适")
    WITHDRAWN = "withdrawn", _("已撤回")

    undecided = nonmember(("submitted", "viewed", "interview", "offer"))
    final = nonmember(("hired", "rejected", "withdrawn"))


class InterviewMode(models.TextChoices):
    ONLINE = "online", _("视频面试")
    PHONE = "phone", _("电话面试")
    ONSITE = "onsite", _("现场面试")
