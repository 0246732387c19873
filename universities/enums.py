from enum import nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.actions import register_actions
from recruitment_weeks.workflow import Move


class UniversityLevel(models.TextChoices):
    """办学层次 as the ministry's list of institutions states it."""

    UNDERGRADUATE = "undergraduate", _("本科")
    VOCATIONAL = "vocational", _("专科（高职）")


class CareerCentreStatus(models.TextChoices):
    """A career-centre staff account (高校就业指导中心工作人员), reviewed by its province's education venue."""

    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")

    moves = nonmember(
        {
            "approved": Move(("pending",), "approved"),
            "rejected": Move(("pending",), "rejected"),
        }
    )


@register_actions
class UniversityAction(models.TextChoices):
    """What the audit log records about universities."""

    CREATED = "universities.university.created", _("新增高校")
    UPDATED = "universities.university.updated", _("更新高校信息")
    CAREER_CENTRE_APPLIED = "universities.careercentremember.applied", _("申请高校就业指导中心账号")
    CAREER_CENTRE_APPROVED = "universities.careercentremember.approved", _("高校就业指导中心账号审核通过")
    CAREER_CENTRE_REJECTED = "universities.careercentremember.rejected", _("高校就业指导中心账号审核未通过")
    NOTICE_PUBLISHED = "universities.universitynotice.published", _("发布致高校通知")
    NOTICE_ACKNOWLEDGED = "universities.universitynotice.acknowledged", _("高校签收通知")
