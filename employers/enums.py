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


class ScreenCategory(models.TextChoices):
    """The categories of discriminatory limits the posting screen refuses. The first four are the
    三严禁 rule's (school tier, gender, household registration, ethnicity); the others are further
    limits employment law forbids in recruitment."""

    SCHOOL = "school", _("院校层次与第一学历")
    GENDER = "gender", _("性别")
    HOUSEHOLD = "household", _("户籍与地域")
    ETHNICITY = "ethnicity", _("民族")
    MARITAL = "marital", _("婚育状况")
    HEALTH = "health", _("健康状况")
    AGE = "age", _("年龄")
    RELIGION = "religion", _("宗教信仰")

    three_strict = nonmember(("school", "gender", "household", "ethnicity"))


class ReportReason(models.TextChoices):
    """Why someone reports a public posting (举报)."""

    DISCRIMINATION = "discrimination", _("歧视性条件（性别、婚育、户籍、院校等）")
    FRAUD = "fraud", _("虚假信息或诈骗")
    FEES = "fees", _("收取费用")
    OTHER = "other", _("其他")


class ReportState(models.TextChoices):
    OPEN = "open", _("待处理")
    POSTING_CLOSED = "closed", _("已关闭职位")
    DISMISSED = "dismissed", _("已驳回")


class MemberRole(models.TextChoices):
    """What a member of an employer's team may do. Administrators: the team, the profile and licence,
    and joining fairs; recruiters: postings, applications and sessions (administrators may too)."""

    ADMINISTRATOR = "administrator", _("管理员")
    RECRUITER = "recruiter", _("招聘专员")


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
    POSTING_REPORTED = "employers.posting.reported", _("举报职位")
    REPORT_RESOLVED = "employers.report.resolved", _("处理举报：关闭职位")
    REPORT_DISMISSED = "employers.report.dismissed", _("处理举报：驳回")
    MEMBER_INVITED = "employers.member.invited", _("邀请团队成员")
    MEMBER_ROLE_CHANGED = "employers.member.role_changed", _("修改团队成员角色")
    MEMBER_REMOVED = "employers.member.removed", _("移除团队成员")
