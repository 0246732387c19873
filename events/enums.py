from enum import nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.workflow import Move


class Season(models.TextChoices):
    SPRING = "spring", _("春季")
    SUMMER = "summer", _("夏季")
    AUTUMN = "autumn", _("秋季")
    WINTER = "winter", _("冬季")


class WeekStatus(models.TextChoices):
    """Derived from today's date in Asia/Shanghai; never stored."""

    UPCOMING = "upcoming", _("即将开始")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class FairRegistrationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")

    decided = nonmember(("approved", "rejected"))
    active = nonmember(("pending", "approved"))

    # The allowed changes (verb → from, to), read by the services through workflow.transition().
    moves = nonmember(
        {
            "approved": Move(("pending",), "approved"),
            "rejected": Move(("pending",), "rejected"),
            "closed": Move(("pending",), "rejected"),
            "resubmitted": Move(("withdrawn", "rejected"), "pending"),
            "withdrawn": Move(("pending", "approved"), "withdrawn"),
        }
    )
