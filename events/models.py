import datetime as dt
import zoneinfo

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.workflow import ReviewedModel, review_queue_index

from .enums import FairRegistrationStatus, Season, WeekStatus

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# "在活动开始前一周" — the notice's one week before a week starts (the HR system's duty; the portal
# applies the same deadline to the education system's branch venues, its own rule).
REPORT_LEAD_DAYS = 7

SEASON_EN = {Season.SPRING: "Spring", Season.SUMMER: "Summer", Season.AUTUMN: "Autumn", Season.WINTER: "Winter"}


class RecruitmentWeek(models.Model):
    """One of the recruitment weeks (招聘周). Dates are inclusive calendar days in Asia/Shanghai."""

    year = models.PositiveSmallIntegerField(_("年份"))
    season = models.CharField(_("季节"), max_length=10, choices=Season.choices)
    name = models.CharField(_("名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    notice_issued_on = models.DateField(
        _("通知印发日期"),
        null=True,
        blank=True,
        help_text=_("举办该招聘周的通知的印发日期。活动开始距印发不足一周时，不设报送截止，不计逾期。"),
    )

    class Meta:
        verbose_name = _("招聘周")
        verbose_name_plural = pgettext_lazy("plural", "招聘周")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["year", "season"], name="week_unique_year_season"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="week_ends_on_after_starts_on"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en"):
            return (
                f"{self.year} National Online Recruitment Week for College Graduates "
                f"({SEASON_EN.get(self.season, self.season)})"
            )
        return self.name

    # --- derived times, all Asia/Shanghai --------------------------------------------------------
    @property
    def opens_at(self) -> dt.datetime:
        """First instant of the first day."""
        return dt.datetime.combine(self.starts_on, dt.time.min, tzinfo=SHANGHAI)

    @property
    def closes_at(self) -> dt.datetime:
        """First instant after the last day (the week is open while now < closes_at)."""
        return dt.datetime.combine(self.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=SHANGHAI)

    @property
    def report_deadline(self) -> dt.datetime:
        """23:59:59 Asia/Shanghai on starts_on − 7 days ("在活动开始前一周"). Only binding when
        :attr:`report_deadline_applies`."""
        day = self.starts_on - dt.timedelta(days=REPORT_LEAD_DAYS)
        return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=SHANGHAI)

    @property
    def report_deadline_applies(self) -> bool:
        """False when the week began less than a week after its notice was issued: the deadline
        would fall before the notice existed (the 2020 spring week: notice 04-21, deadline 04-16),
        so nobody can have been late. True when the issue date is not known."""
        if self.notice_issued_on is None:
            return True
        return (self.starts_on - self.notice_issued_on).days >= REPORT_LEAD_DAYS

    def is_report_on_time(self, reported_at: dt.datetime) -> bool:
        """Any report is on time for a week without a binding deadline; otherwise anything within
        the deadline's second (23:59:59.999…) still counts."""
        if not self.report_deadline_applies:
            return True
        return reported_at < self.report_deadline + dt.timedelta(seconds=1)

    def status_at(self, moment: dt.datetime | None = None) -> str:
        moment = moment or timezone.now()
        if moment < self.opens_at:
            return WeekStatus.UPCOMING
        if moment < self.closes_at:
            return WeekStatus.OPEN
        return WeekStatus.CLOSED

    @property
    def status(self) -> str:
        return self.status_at()

    def get_status_display(self) -> str:
        return WeekStatus(self.status).label


class FairRegistration(ReviewedModel):
    """An employer's application to join one week's fair at one venue (申请加入招聘会)."""

    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("用人单位"), on_delete=models.CASCADE, related_name="fair_registrations"
    )
    week = models.ForeignKey(
        RecruitmentWeek, verbose_name=_("招聘周"), on_delete=models.PROTECT, related_name="fair_registrations"
    )
    venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("会场"), on_delete=models.PROTECT, related_name="fair_registrations"
    )
    # The on-duty person (专人) for this week's fair: a member of the employer's team, and when.
    on_duty_member = models.ForeignKey(
        "employers.EmployerMember",
        verbose_name=_("在线专人（团队成员）"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    on_duty_hours = models.CharField(_("在线时间"), max_length=100, blank=True)
    postings = models.ManyToManyField(
        "employers.JobPosting", verbose_name=_("展示的职位"), blank=True, related_name="fair_registrations"
    )
    status = models.CharField(
        _("审核状态"), max_length=10, choices=FairRegistrationStatus.choices, default=FairRegistrationStatus.PENDING
    )

    class Meta:
        verbose_name = _("招聘会报名")
        verbose_name_plural = pgettext_lazy("plural", "招聘会报名")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "week", "venue"], name="fair_registration_unique"),
            models.CheckConstraint(
                condition=Q(status__in=FairRegistrationStatus.values), name="fair_registration_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=FairRegistrationStatus.REJECTED) | ~Q(status_reason=""),
                name="fair_registration_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["venue", "status", "submitted_at"], name="fair_reg_queue_idx"),
            # The reviewers' list, newest first, in keyset pages (fair_registrations_reviewable_by).
            models.Index(fields=["submitted_at", "id"], name="fair_reg_submitted_idx"),
            # Every venue's queue at once (main-venue staff, superusers), oldest first.
            models.Index(fields=["submitted_at", "id"], condition=Q(status="pending"), name="fair_reg_pending_idx"),
            review_queue_index("fair_reg_review_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.week} · {self.venue}"
