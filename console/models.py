"""The statistics rollup: small tables the statistics page, its charts and its downloads read instead of
the big tables (employers, graduates, fair registrations, applications). console.rollup refreshes them
from those tables in a few set-based statements; console.statistics reads them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticsSource(models.TextChoices):
    EMPLOYERS = "employers", _("用人单位")
    GRADUATES = "graduates", _("毕业生")
    FAIRS = "fairs", _("招聘会报名")
    POSTINGS = "postings", _("职位")
    APPLICATIONS = "applications", _("求职申请")
    SESSIONS = "sessions", _("宣讲会与一对一交流")


class StatisticsCell(models.Model):
    """One source's counts for one recruitment week × venue (a week's period for employers, graduates
    and applications; the week itself for fair registrations and the postings they show). The figures
    of a cell are the sums over its sources."""

    week = models.ForeignKey("events.RecruitmentWeek", on_delete=models.CASCADE, related_name="+")
    venue = models.ForeignKey("venues.Venue", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=12, choices=StatisticsSource.choices)
    employers_registered = models.PositiveIntegerField(default=0)
    employers_approved = models.PositiveIntegerField(default=0)
    postings = models.PositiveIntegerField(default=0)
    headcount = models.PositiveBigIntegerField(default=0)
    graduates_registered = models.PositiveIntegerField(default=0)
    graduates_approved = models.PositiveIntegerField(default=0)
    applications = models.PositiveIntegerField(default=0)
    interviews = models.PositiveIntegerField(default=0)
    backlog = models.PositiveIntegerField(default=0)
    # The approved sessions of the week at the venue (fairs.Session), their booked places and the
    # places attended.
    sessions = models.PositiveIntegerField(default=0)
    signups = models.PositiveIntegerField(default=0)
    attendance = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("统计汇总")
        verbose_name_plural = _("统计汇总")
        constraints = [
            models.UniqueConstraint(fields=["week", "venue", "source"], name="statistics_cell_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.week_id}/{self.venue_id}/{self.source}"


class ReviewTimeBin(models.Model):
    """How many reviews of one week × venue took a time in one bin, with the bin's shortest and
    longest time in microseconds, so that the median of any set of venues is exact (console.rollup).

    Bin ``2q`` holds the times strictly between (q − ½)/10 and (q + ½)/10 hours, which all round to
    q/10 hours; bin ``2q − 1`` holds the times of exactly (q − ½)/10 hours."""

    week = models.ForeignKey("events.RecruitmentWeek", on_delete=models.CASCADE, related_name="+")
    venue = models.ForeignKey("venues.Venue", on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()
    count = models.PositiveIntegerField()
    shortest_us = models.BigIntegerField()
    longest_us = models.BigIntegerField()
    # How many reviews of the week × venue are in this bin or a shorter one, and in all its bins: the
    # median of one venue is read from the one or two bins holding its middle position.
    running = models.PositiveIntegerField()
    cell_count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("审核用时分布")
        verbose_name_plural = _("审核用时分布")
        constraints = [
            models.UniqueConstraint(fields=["week", "venue", "key"], name="review_time_bin_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.week_id}/{self.venue_id}/{self.key}"


class StatisticsRefresh(models.Model):
    """When the rollup was last refreshed (one row, pk 1)."""

    refreshed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("统计汇总刷新")
        verbose_name_plural = _("统计汇总刷新")

    def __str__(self) -> str:
        return self.refreshed_at.isoformat()
