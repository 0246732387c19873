from enum import nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmployerStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    SUSPENDED = "suspended", _("已暂停")

    needs_reason = nonmember(("rejected", "suspended"))


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已关闭")
