from enum import nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.actions import register_actions
from recruitment_weeks.workflow import Move

_TRANSITIONS = {
    "accepted": ("sent",),
    "declined": ("sent",),
    "withdrawn": ("sent",),
    "expired": ("sent",),
}


class InvitationStatus(models.TextChoices):
    SENT = "sent", _("待答复")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已婉拒")
    EXPIRED = "expired", _("已过期")
    WITHDRAWN = "withdrawn", _("已撤回")

    # Open: waiting for the graduate's answer (one per posting and graduate at a time).
    open = nonmember(("sent",))

    # The allowed changes, {to: allowed from}: the graduate accepts or declines, the employer
    # withdraws, the sweep expires an unanswered one. ``moves`` is the same table in the form
    # workflow.transition() takes (each verb is named after its target).
    TRANSITIONS = nonmember(_TRANSITIONS)
    moves = nonmember({to: Move(sources, to) for to, sources in _TRANSITIONS.items()})


@register_actions
class InvitationAction(models.TextChoices):
    """What the audit log records about invitations."""

    SENT = "invitations.invitation.sent", _("发出邀约")
    ACCEPTED = "invitations.invitation.accepted", _("接受邀约")
    DECLINED = "invitations.invitation.declined", _("婉拒邀约")
    WITHDRAWN = "invitations.invitation.withdrawn", _("撤回邀约")
    EXPIRED = "invitations.invitation.expired", _("邀约过期")
