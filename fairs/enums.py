from enum import nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.actions import register_actions
from recruitment_weeks.workflow import Move


@register_actions
class FairAction(models.TextChoices):
    """What the audit log records about fair registrations. The values name the weeks' app, where the
    registrations are stored (events.models.FairRegistration)."""

    SUBMITTED = "events.fairregistration.submitted", _("报名招聘会")
    RESUBMITTED = "events.fairregistration.resubmitted", _("重新报名招聘会")
    WITHDRAWN = "events.fairregistration.withdrawn", _("撤回招聘会报名")
    APPROVED = "events.fairregistration.approved", _("招聘会报名审核通过")
    REJECTED = "events.fairregistration.rejected", _("招聘会报名审核未通过")
    CLOSED = "events.fairregistration.closed", _("招聘周结束，报名自动关闭")


# --- 专场 (themed sub-fairs), sessions and bookings --------------------------------------------------


class SpecialFairScope(models.TextChoices):
    """Who organises a 专场: one branch venue; a province's two branch venues together; a main venue
    for the whole country; or branch venues of several provinces together."""

    VENUE = "venue", _("分会场专场")
    PROVINCE = "province", _("省级联合专场")
    NATIONAL = "national", _("全国专场")
    CROSS_PROVINCE = "cross_province", _("跨省联合专场")


class SpecialFairTheme(models.TextChoices):
    INDUSTRY = "industry", _("行业")
    DISCIPLINE = "discipline", _("学科门类")
    REGION = "region", _("地区")
    GROUP = "group", _("毕业生群体")


class SpecialFairStatus(models.TextChoices):
    DRAFT = "draft", _("未发布")
    PUBLISHED = "published", _("已发布")
    CANCELLED = "cancelled", _("已取消")

    moves = nonmember(
        {
            "published": Move(("draft",), "published"),
            "cancelled": Move(("draft", "published"), "cancelled"),
        }
    )


class SessionKind(models.TextChoices):
    INFO = "info", _("宣讲会")
    ONE_TO_ONE = "one_to_one", _("一对一交流")


class SessionStatus(models.TextChoices):
    """Sessions are approved by the staff of their venue before graduates can book them."""

    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    CANCELLED = "cancelled", _("已取消")

    moves = nonmember(
        {
            "approved": Move(("pending",), "approved"),
            "rejected": Move(("pending",), "rejected"),
            "cancelled": Move(("pending", "approved"), "cancelled"),
        }
    )


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    WAITING = "waiting", _("候补中")
    CANCELLED = "cancelled", _("已取消")

    # A booking that holds the graduate's time (and, booked, a place).
    active = nonmember(("booked", "waiting"))

    moves = nonmember(
        {
            "promoted": Move(("waiting",), "booked"),
            "cancelled": Move(("booked", "waiting"), "cancelled"),
        }
    )


class AttendanceSource(models.TextChoices):
    JOIN = "join", _("通过门户进入")
    EMPLOYER = "employer", _("用人单位标记")


@register_actions
class SpecialFairAction(models.TextChoices):
    """What the audit log records about 专场, their participants, sessions and bookings."""

    CREATED = "fairs.specialfair.created", _("创建专场")
    PUBLISHED = "fairs.specialfair.published", _("发布专场")
    CANCELLED = "fairs.specialfair.cancelled", _("取消专场")
    PARTICIPATION_SUBMITTED = "fairs.specialfairparticipation.submitted", _("申请加入专场")
    PARTICIPATION_RESUBMITTED = "fairs.specialfairparticipation.resubmitted", _("重新申请加入专场")
    PARTICIPATION_WITHDRAWN = "fairs.specialfairparticipation.withdrawn", _("撤回专场申请")
    PARTICIPATION_APPROVED = "fairs.specialfairparticipation.approved", _("专场申请审核通过")
    PARTICIPATION_REJECTED = "fairs.specialfairparticipation.rejected", _("专场申请审核未通过")
    SESSION_SCHEDULED = "fairs.session.scheduled", _("安排宣讲会或一对一交流")
    SESSION_APPROVED = "fairs.session.approved", _("场次审核通过")
    SESSION_REJECTED = "fairs.session.rejected", _("场次审核未通过")
    SESSION_CANCELLED = "fairs.session.cancelled", _("取消场次")
    BOOKING_BOOKED = "fairs.booking.booked", _("预约场次")
    BOOKING_WAITLISTED = "fairs.booking.waitlisted", _("进入候补名单")
    BOOKING_PROMOTED = "fairs.booking.promoted", _("候补转为预约")
    BOOKING_CANCELLED = "fairs.booking.cancelled", _("取消预约")
    BOOKING_ATTENDED = "fairs.booking.attended", _("记录出席")
