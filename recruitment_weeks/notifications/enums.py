from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class NotificationKind(models.TextChoices):
    """Each kind has templates under templates/notifications/<kind>/ (subject.txt, body.txt)."""

    EMPLOYER_APPROVED = "employer_approved", _("单位审核通过")
    EMPLOYER_REJECTED = "employer_rejected", _("单位审核未通过")
    EMPLOYER_SUSPENDED = "employer_suspended", _("单位被暂停")
    EMPLOYER_REINSTATED = "employer_reinstated", _("单位恢复")
    GRADUATE_APPROVED = "graduate_approved", _("毕业生审核通过")
    GRADUATE_REJECTED = "graduate_rejected", _("毕业生审核未通过")
    FAIR_REGISTRATION_APPROVED = "fair_registration_approved", _("招聘会报名通过")
    FAIR_REGISTRATION_REJECTED = "fair_registration_rejected", _("招聘会报名未通过")
    APPLICATION_RECEIVED = "application_received", _("收到求职申请")
    APPLICATION_CHANGED = "application_changed", _("求职申请状态变化")
    APPLICATION_WITHDRAWN = "application_withdrawn", _("求职申请已撤回")
    OFFER_ANSWERED = "offer_answered", _("毕业生已答复录用通知")
    APPLICATION_REMINDER = "application_reminder", _("求职申请待处理提醒")
    APPLICATION_OVERDUE = "application_overdue", _("求职申请超期未处理")
    APPLICATION_DECISION_REMINDER = "application_decision_reminder", _("求职申请待决定提醒")
    REPORT_REMINDER = "report_reminder", _("网站链接报送提醒")
    REPORT_MISSING = "report_missing", _("网站链接未报送名单")
    WEEK_OPENING = "week_opening", _("招聘周开幕")
    WEEK_DIGEST = "week_digest", _("招聘周职位推荐")
    WEEK_SUMMARY = "week_summary", _("招聘周总结")
    FAIR_REGISTRATION_CLOSED = "fair_registration_closed", _("招聘会报名已关闭")
    SAVED_SEARCH_DIGEST = "saved_search_digest", _("订阅职位更新")
    SPECIAL_FAIR_APPROVED = "special_fair_approved", _("专场报名通过")
    SPECIAL_FAIR_REJECTED = "special_fair_rejected", _("专场报名未通过")
    SESSION_APPROVED = "session_approved", _("场次审核通过")
    SESSION_REJECTED = "session_rejected", _("场次审核未通过")
    BOOKING_PROMOTED = "booking_promoted", _("候补转为预约")
    BOOKING_REMINDER = "booking_reminder", _("场次开始提醒")
    SESSION_CANCELLED = "session_cancelled", _("场次已取消")
    UNIVERSITY_NOTICE = "university_notice", _("会场致高校通知")
    CAREER_CENTRE_APPROVED = "career_centre_approved", _("高校就业工作人员审核通过")
    CAREER_CENTRE_REJECTED = "career_centre_rejected", _("高校就业工作人员审核未通过")
    MESSAGES_UNREAD = "messages_unread", _("沟通有未读消息")
    INVITATION_RECEIVED = "invitation_received", _("收到用人单位邀约")
    INVITATION_ANSWERED = "invitation_answered", _("毕业生已答复邀约")


# Which kinds each role can receive: the preferences page offers only these.
EMPLOYER_KINDS = (
    NotificationKind.EMPLOYER_APPROVED,
    NotificationKind.EMPLOYER_REJECTED,
    NotificationKind.EMPLOYER_SUSPENDED,
    NotificationKind.EMPLOYER_REINSTATED,
    NotificationKind.FAIR_REGISTRATION_APPROVED,
    NotificationKind.FAIR_REGISTRATION_REJECTED,
    NotificationKind.FAIR_REGISTRATION_CLOSED,
    NotificationKind.APPLICATION_RECEIVED,
    NotificationKind.APPLICATION_WITHDRAWN,
    NotificationKind.OFFER_ANSWERED,
    NotificationKind.APPLICATION_REMINDER,
    NotificationKind.APPLICATION_DECISION_REMINDER,
    NotificationKind.WEEK_OPENING,
    NotificationKind.SPECIAL_FAIR_APPROVED,
    NotificationKind.SPECIAL_FAIR_REJECTED,
    NotificationKind.SESSION_APPROVED,
    NotificationKind.SESSION_REJECTED,
    NotificationKind.MESSAGES_UNREAD,
    NotificationKind.INVITATION_ANSWERED,
)
GRADUATE_KINDS = (
    NotificationKind.GRADUATE_APPROVED,
    NotificationKind.GRADUATE_REJECTED,
    NotificationKind.APPLICATION_CHANGED,
    NotificationKind.WEEK_DIGEST,
    NotificationKind.SAVED_SEARCH_DIGEST,
    NotificationKind.BOOKING_PROMOTED,
    NotificationKind.BOOKING_REMINDER,
    NotificationKind.SESSION_CANCELLED,
    NotificationKind.MESSAGES_UNREAD,
    NotificationKind.INVITATION_RECEIVED,
)
CAREER_CENTRE_KINDS = (
    NotificationKind.UNIVERSITY_NOTICE,
    NotificationKind.CAREER_CENTRE_APPROVED,
    NotificationKind.CAREER_CENTRE_REJECTED,
)
STAFF_KINDS = (
    NotificationKind.REPORT_REMINDER,
    NotificationKind.REPORT_MISSING,
    NotificationKind.WEEK_SUMMARY,
    NotificationKind.APPLICATION_OVERDUE,
)
