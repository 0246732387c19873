"""专场 (themed sub-fairs inside a week), the employers taking part in them, the sessions employers
hold (宣讲会 and one-to-one slots) and graduates' bookings of them.

A week's fair registration (one employer at one venue for a week) stays in the weeks' app
(events.models.FairRegistration); these tables are the fair's own.

No two bookings of one slot and no clashing booked places of one graduate (a waiting place holds no
time): the booking service locks the graduate's row, then the session's, before it looks; the
unique constraints below and, on PostgreSQL, an exclusion constraint over the booked time
(migrations 0002 and 0003) hold the same rules in the database whatever writes the rows.
"""

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.enums import FairRegistrationStatus
from recruitment_weeks.workflow import ReviewedModel, review_queue_index

from .enums import (
    AttendanceSource,
    BookingStatus,
    SessionKind,
    SessionStatus,
    SpecialFairScope,
    SpecialFairStatus,
    SpecialFairTheme,
)

MIN_SLOT_MINUTES = 10
MAX_SLOT_MINUTES = 30


class SlotTime(NamedTuple):
    starts_at: dt.datetime
    ends_at: dt.datetime


class SpecialFair(models.Model):
    """A 专场: a themed sub-fair inside one recruitment week, with its own page and employers.

    ``venue`` organises it (its staff manage it and review the employers' applications); a joint
    专场 names its other organisers in ``partner_venues``. The eligibility lists are "any" when empty.
    """

    week = models.ForeignKey(
        "events.RecruitmentWeek", verbose_name=_("招聘周"), on_delete=models.PROTECT, related_name="special_fairs"
    )
    venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("主办会场"), on_delete=models.PROTECT, related_name="special_fairs"
    )
    partner_venues = models.ManyToManyField(
        "venues.Venue", verbose_name=_("联合主办会场"), blank=True, related_name="partner_special_fairs"
    )
    scope = models.CharField(_("范围"), max_length=20, choices=SpecialFairScope.choices)
    title = models.CharField(_("专场名称"), max_length=100)
    theme = models.CharField(_("主题类别"), max_length=20, choices=SpecialFairTheme.choices)
    description = models.TextField(_("专场介绍"), blank=True)
    # Eligibility of employers (empty: any).
    employer_industries = models.JSONField(_("限定单位行业"), default=list, blank=True)
    employer_provinces = models.ManyToManyField(
        "venues.Province", verbose_name=_("限定单位所在省份"), blank=True, related_name="+"
    )
    # Eligibility of graduates (empty: any).
    graduate_degrees = models.JSONField(_("限定毕业生学历"), default=list, blank=True)
    graduate_disciplines = models.ManyToManyField(
        "reference.Discipline", verbose_name=_("限定学科门类"), blank=True, related_name="+"
    )
    graduate_provinces = models.ManyToManyField(
        "venues.Province", verbose_name=_("限定院校所在省份"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=SpecialFairStatus.choices, default=SpecialFairStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("专场")
        verbose_name_plural = pgettext_lazy("plural", "专场")
        ordering = ["-week__starts_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SpecialFairStatus.values), name="special_fair_status_valid"),
            models.CheckConstraint(condition=Q(scope__in=SpecialFairScope.values), name="special_fair_scope_valid"),
            models.CheckConstraint(condition=Q(theme__in=SpecialFairTheme.values), name="special_fair_theme_valid"),
        ]
        indexes = [models.Index(fields=["week", "status"], name="special_fair_week_idx")]

    def __str__(self) -> str:
        return self.title


class SpecialFairParticipation(ReviewedModel):
    """An employer's application to join a 专场, reviewed by the organiser venue's staff (the same
    statuses and moves as a week's fair registration). Its booth facts: the on-duty person (专人)
    and hours shown on the employer's booth page."""

    special_fair = models.ForeignKey(
        SpecialFair, verbose_name=_("专场"), on_delete=models.CASCADE, related_name="participations"
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("用人单位"),
        on_delete=models.CASCADE,
        related_name="special_fair_participations",
    )
    status = models.CharField(
        _("审核状态"), max_length=10, choices=FairRegistrationStatus.choices, default=FairRegistrationStatus.PENDING
    )
    # The on-duty person (专人) is a member of the employer's team when one is named; the free-text name
    # is kept for booths set up before teams existed, and shown when no member is named.
    on_duty_member = models.ForeignKey(
        "employers.EmployerMember",
        verbose_name=_("在线专人（团队成员）"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    on_duty_name = models.CharField(_("在线专人"), max_length=50, blank=True)
    on_duty_hours = models.CharField(_("在线时间"), max_length=100, blank=True)

    @property
    def on_duty_display_name(self) -> str:
        """The on-duty member's display name, else the free-text name (both may be empty)."""
        return self.on_duty_member.display_name if self.on_duty_member_id else self.on_duty_name

    class Meta:
        verbose_name = _("专场报名")
        verbose_name_plural = pgettext_lazy("plural", "专场报名")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["special_fair", "employer"], name="special_fair_participation_unique"),
            models.CheckConstraint(
                condition=Q(status__in=FairRegistrationStatus.values), name="special_fair_participation_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=FairRegistrationStatus.REJECTED) | ~Q(status_reason=""),
                name="special_fair_participation_rejection_has_reason",
            ),
        ]
        indexes = [review_queue_index("special_fair_part_review_idx")]

    def __str__(self) -> str:
        return f"{self.employer} · {self.special_fair}"


class Session(ReviewedModel):
    """A 宣讲会 (an info session for up to ``capacity`` graduates) or a block of one-to-one slots
    (``slot_minutes`` each, generated as :class:`Slot` rows), held online at ``meeting_url``.

    ``venue`` is the venue whose staff approve it: the 专场's organiser, or the venue of the
    employer's approved fair registration for the week."""

    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("用人单位"), on_delete=models.CASCADE, related_name="sessions"
    )
    week = models.ForeignKey(
        "events.RecruitmentWeek", verbose_name=_("招聘周"), on_delete=models.PROTECT, related_name="sessions"
    )
    special_fair = models.ForeignKey(
        SpecialFair,
        verbose_name=_("专场"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("审核会场"), on_delete=models.PROTECT, related_name="sessions"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=SessionKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("介绍"), blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    meeting_url = models.URLField(_("会议链接"), max_length=500)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("每个时段（分钟）"), null=True, blank=True)
    status = models.CharField(
        _("审核状态"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PENDING
    )

    class Meta:
        verbose_name = _("场次")
        verbose_name_plural = pgettext_lazy("plural", "场次")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SessionStatus.values), name="session_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=SessionKind.values), name="session_kind_valid"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(
                condition=(
                    Q(kind=SessionKind.INFO, capacity__gte=1, slot_minutes__isnull=True)
                    | Q(
                        kind=SessionKind.ONE_TO_ONE,
                        slot_minutes__gte=MIN_SLOT_MINUTES,
                        slot_minutes__lte=MAX_SLOT_MINUTES,
                    )
                ),
                name="session_kind_shape",
            ),
            models.CheckConstraint(
                condition=~Q(status=SessionStatus.REJECTED) | ~Q(status_reason=""),
                name="session_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["week", "status", "starts_at"], name="session_week_idx"),
            models.Index(fields=["special_fair", "status", "starts_at"], name="session_special_fair_idx"),
            review_queue_index("session_review_order_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_slots(self) -> bool:
        return self.kind == SessionKind.ONE_TO_ONE

    def has_started(self, moment=None) -> bool:
        return (moment or timezone.now()) >= self.starts_at


class Slot(models.Model):
    """One one-to-one time slot of a session, booked by at most one graduate."""

    session = models.ForeignKey(Session, verbose_name=_("场次"), on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))

    class Meta:
        verbose_name = _("一对一时段")
        verbose_name_plural = pgettext_lazy("plural", "一对一时段")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "starts_at"], name="slot_unique_session_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} @ {self.starts_at:%Y-%m-%d %H:%M}"


class Booking(models.Model):
    """A graduate's place at a session (and, one-to-one, in one slot), or their place on its waiting
    list. ``starts_at``/``ends_at`` copy the time the booking holds (the slot's or the session's), so
    the database can refuse overlapping booked places of one graduate."""

    graduate = models.ForeignKey(
        "graduates.Graduate", verbose_name=_("毕业生"), on_delete=models.CASCADE, related_name="session_bookings"
    )
    session = models.ForeignKey(Session, verbose_name=_("场次"), on_delete=models.CASCADE, related_name="bookings")
    slot = models.ForeignKey(
        Slot, verbose_name=_("时段"), null=True, blank=True, on_delete=models.CASCADE, related_name="bookings"
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    status = models.CharField(_("状态"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    attended_at = models.DateTimeField(_("出席时间"), null=True, blank=True)
    attendance_source = models.CharField(_("出席记录方式"), max_length=10, choices=AttendanceSource.choices, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("预约时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("场次预约")
        verbose_name_plural = pgettext_lazy("plural", "场次预约")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=BookingStatus.values), name="booking_status_valid"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"),
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status=BookingStatus.BOOKED, slot__isnull=False),
                name="booking_one_per_slot",
            ),
            models.UniqueConstraint(
                fields=["graduate", "session"],
                condition=Q(status__in=BookingStatus.active),
                name="booking_one_active_per_session",
            ),
            models.CheckConstraint(
                condition=Q(attended_at__isnull=True, attendance_source="")
                | Q(attended_at__isnull=False, status=BookingStatus.BOOKED) & ~Q(attendance_source=""),
                name="booking_attendance_shape",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "created_at"], name="booking_session_idx"),
            models.Index(fields=["graduate", "status", "starts_at"], name="booking_graduate_idx"),
            # The reminders' sweep: booked places starting soon.
            models.Index(fields=["starts_at"], condition=Q(status="booked"), name="booking_upcoming_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.graduate_id} → {self.session_id}"
