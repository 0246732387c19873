from enum import nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.workflow import Move


class EmployerStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    SUSPENDED = "suspended", _("已暂停")

    needs_reason = nonmember(("rejected", "suspended"))

    # The allowed changes (verb → from, to), read by the services through workflow.transition().
    moves = nonmember(
        {
            "approved": Move(("pending",), "approved"),
            "rejected": Move(("pending",), "rejected"),
            "suspended": Move(("approved",), "suspended"),
            "reinstated": Move(("suspended",), "approved"),
            "resubmitted": Move(("rejected",), "pending"),
        }
    )


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已关闭")

    # The allowed changes (verb → from, to), read by the services through workflow.transition().
    moves = nonmember(
        {
            "published": Move(("draft", "closed"), "published"),
            "closed": Move(("draft", "published"), "closed"),
            "expired": Move(("published",), "closed"),
        }
    )
