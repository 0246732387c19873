from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.actions import register_actions


class UniversityLevel(models.TextChoices):
    """办学层次 as the ministry's list of institutions states it."""

    UNDERGRADUATE = "undergraduate", _("本科")
    VOCATIONAL = "vocational", _("专科（高职）")


@register_actions
class UniversityAction(models.TextChoices):
    """What the audit log records about universities."""

    CREATED = "universities.university.created", _("新增高校")
    UPDATED = "universities.university.updated", _("更新高校信息")
