from enum import nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.actions import register_actions
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


@register_actions
class EmployerAction(models.TextChoices):
    """What the audit log records about employers and their postings."""

    REGISTERED = "employers.employer.registered", _("单位注册")
    UPDATED = "employers.employer.updated", _("修改单位信息")
    APPROVED = "employers.employer.approved", _("单位审核通过")
    REJECTED = "employers.employer.rejected", _("单位审核未通过")
    SUSPENDED = "employers.employer.suspended", _("暂停单位")
    REINSTATED = "employers.employer.reinstated", _("恢复单位")
    RESUBMITTED = "employers.employer.resubmitted", _("单位重新提交审核")
    POSTING_CREATED = "employers.posting.created", _("创建职位")
    POSTING_UPDATED = "employers.posting.updated", _("修改职位")
    POSTING_PUBLISHED = "employers.posting.published", _("发布职位")
    POSTING_CLOSED = "employers.posting.closed", _("关闭职位")
    POSTING_EXPIRED = "employers.posting.expired", _("职位到期关闭")
