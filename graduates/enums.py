from enum import nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.actions import register_actions
from recruitment_weeks.workflow import Move


class GraduateStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")

    # The allowed changes (verb → from, to), read by the services through workflow.transition().
    moves = nonmember(
        {
            "approved": Move(("pending",), "approved"),
            "rejected": Move(("pending",), "rejected"),
            "resubmitted": Move(("rejected",), "pending"),
        }
    )


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已投递")
    VIEWED = "viewed", _("已查看")
    INTERVIEW = "interview", _("邀请面试")
    OFFER = "offer", _("发放录用通知")
    ACCEPTED = "accepted", _("已接受录用")
    DECLINED = "declined", _("已婉拒录用")
    HIRED = "hired", _("已录用")
    REJECTED = "rejected", _("不合适")
    WITHDRAWN = "withdrawn", _("已撤回")

    # Waiting on the employer's decision (the graduate may still withdraw; the employer may reject).
    undecided = nonmember(("submitted", "viewed", "interview", "offer"))
    final = nonmember(("hired", "rejected", "withdrawn", "declined"))
    # Once invited, the interview's details stay on the application whatever follows the interview.
    shows_interview = nonmember(("interview", "offer", "accepted", "declined", "hired"))

    # The allowed changes (verb → from, to), read by the services through workflow.transition().
    # The employer: viewed, interview, offer, hired, rejected. The graduate: withdrawn, resubmitted,
    # and the answer to an offer — accepted (the employer then confirms the hire) or declined.
    moves = nonmember(
        {
            "resubmitted": Move(("withdrawn",), "submitted"),
            "withdrawn": Move(("submitted", "viewed", "interview", "offer"), "withdrawn"),
            "viewed": Move(("submitted",), "viewed"),
            "interview": Move(("submitted", "viewed", "interview"), "interview"),
            "offer": Move(("interview",), "offer"),
            "accepted": Move(("offer",), "accepted"),
            "declined": Move(("offer",), "declined"),
            "hired": Move(("offer", "accepted"), "hired"),
            "rejected": Move(("submitted", "viewed", "interview", "offer"), "rejected"),
        }
    )


class InterviewMode(models.TextChoices):
    ONLINE = "online", _("视频面试")
    PHONE = "phone", _("电话面试")
    ONSITE = "onsite", _("现场面试")


# What an interview's "location" is, by mode: the label it is shown under (a link, a phone number or an
# address); an application without a mode says all three.
INTERVIEW_LOCATION_LABELS = {
    InterviewMode.ONLINE: _("会议链接"),
    InterviewMode.PHONE: _("电话号码"),
    InterviewMode.ONSITE: _("面试地点"),
}
INTERVIEW_LOCATION_ANY = _("会议链接、电话号码或面试地点")


class Outcome(models.TextChoices):
    """毕业去向 as graduates report it (the categories universities report to the ministry, grouped)."""

    SIGNED = "signed", _("签约就业")
    FLEXIBLE = "flexible", _("灵活就业")
    SELF_EMPLOYED = "self_employed", _("自主创业")
    FURTHER_STUDY = "further_study", _("升学")
    ABROAD = "abroad", _("出国（境）")
    LOOKING = "looking", _("待就业（求职中）")
    NOT_SEEKING = "not_seeking", _("暂不就业")

    # Placed (落实去向): everything but still looking or not seeking.
    placed = nonmember(("signed", "flexible", "self_employed", "further_study", "abroad"))


@register_actions
class GraduateAction(models.TextChoices):
    """What the audit log records about graduates. (Their applications' actions are the
    marketplace's: marketplace.enums.ApplicationAction.)"""

    REGISTERED = "graduates.graduate.registered", _("毕业生注册")
    UPDATED = "graduates.graduate.updated", _("修改毕业生信息")
    APPROVED = "graduates.graduate.approved", _("毕业生审核通过")
    REJECTED = "graduates.graduate.rejected", _("毕业生审核未通过")
    RESUBMITTED = "graduates.graduate.resubmitted", _("毕业生重新提交审核")
    DELETED = "graduates.graduate.deleted", _("毕业生注销账户")
    CONFIRMED = "graduates.graduate.confirmed", _("高校就业指导中心确认毕业生信息")
    OUTCOME_RECORDED = "graduates.graduate.outcome_recorded", _("毕业生填报毕业去向")
