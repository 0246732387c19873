from enum import nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.actions import register_actions


class ReportState(models.TextChoices):
    OPEN = "open", _("待处理")
    DISMISSED = "dismissed", _("已驳回")
    EMPLOYER_SUSPENDED = "suspended", _("已暂停单位")

    handled = nonmember(("dismissed", "suspended"))


# A report leaves "open" once, by one of the staff's two decisions.
TRANSITIONS = {
    ReportState.DISMISSED: (ReportState.OPEN,),
    ReportState.EMPLOYER_SUSPENDED: (ReportState.OPEN,),
}


class ParticipantRole(models.TextChoices):
    EMPLOYER = "employer", _("用人单位")
    GRADUATE = "graduate", _("毕业生")


@register_actions
class ConversationAction(models.TextChoices):
    """What the audit log records about conversations (never the messages' text)."""

    OPENED = "conversations.conversation.opened", _("开启沟通")
    BLOCKED = "conversations.conversation.blocked", _("屏蔽对方")
    REPORTED = "conversations.conversation.reported", _("举报沟通")
    REPORT_DISMISSED = "conversations.report.dismissed", _("驳回沟通举报")
    REPORT_SUSPENDED = "conversations.report.suspended", _("因沟通举报暂停单位")
