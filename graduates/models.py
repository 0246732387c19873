import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from recruitment_weeks.reference.enums import DegreeLevel
from recruitment_weeks.reference.validators import validate_mobile
from recruitment_weeks.workflow import ReviewedModel, review_queue_index

from .enums import (
    INTERVIEW_LOCATION_ANY,
    INTERVIEW_LOCATION_LABELS,
    ApplicationStatus,
    GraduateStatus,
    InterviewMode,
    Outcome,
)


def resume_upload_to(instance, filename: str) -> str:
    """A generated name: the uploader's file name never reaches the file system or a URL."""
    return f"resumes/{uuid.uuid4().hex}.pdf"


class Graduate(ReviewedModel):
    """A college graduate's profile and job-seeking information (求职信息)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账户"), on_delete=models.CASCADE, related_name="graduate"
    )
    name = models.CharField(_("姓名"), max_length=50)
    mobile = models.CharField(_("手机号码"), max_length=20, validators=[validate_mobile])
    email = models.EmailField(_("邮箱"))
    university = models.CharField(_("毕业院校"), max_length=100)
    university_province = models.ForeignKey(
        "venues.Province", verbose_name=_("院校所在省份"), on_delete=models.PROTECT, related_name="graduates"
    )
    # The university of the list (universities.University) whose name ``university`` holds; NULL for a
    # name not on the list (registrations before the list existed keep their free text).
    listed_university = models.ForeignKey(
        "universities.University",
        verbose_name=_("院校（名录）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="graduates",
    )
    student_number = models.CharField(_("学号"), max_length=30, blank=True)
    # Set when the university's career centre confirmed the graduate's student number, degree, major
    # and graduation year (graduates.services.confirmations).
    university_confirmed_at = models.DateTimeField(_("高校确认时间"), null=True, blank=True)
    university_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("高校确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    degree = models.CharField(_("学历"), max_length=20, choices=DegreeLevel.choices)
    major = models.CharField(_("专业"), max_length=100)
    discipline = models.ForeignKey(
        "reference.Discipline", verbose_name=_("学科门类"), on_delete=models.PROTECT, related_name="graduates"
    )
    graduation_year = models.PositiveSmallIntegerField(_("毕业年份"))
    # Job intentions (求职意向)
    preferred_provinces = models.ManyToManyField(
        "venues.Province", verbose_name=_("意向省份"), blank=True, related_name="+"
    )
    preferred_cities = models.CharField(_("意向城市"), max_length=200, blank=True, help_text=_("多个城市用逗号分隔"))
    preferred_industries = models.JSONField(_("意向行业"), default=list, blank=True)
    preferred_work = models.CharField(_("意向职位类别"), max_length=200, blank=True)
    expected_salary = models.PositiveIntegerField(_("期望月薪（元）"), null=True, blank=True)
    visible_to_employers = models.BooleanField(_("向已审核用人单位公开求职信息"), default=True)
    # Structured résumé: {"education": [...], "internships": [...], "awards": [...], "skills": [...]},
    # always written through graduates.validators.clean_resume.
    resume = models.JSONField(_("简历"), default=dict, blank=True)
    # Private storage (settings.STORAGES["default"] is outside any public path); served only by
    # graduates.views.resume_download after a permission check.
    resume_pdf = models.FileField(_("PDF简历"), upload_to=resume_upload_to, blank=True, max_length=200)
    privacy_consented_at = models.DateTimeField(_("同意隐私条款时间"), null=True, blank=True)
    # 毕业去向: blank until the graduate records it (graduates.services.outcomes).
    outcome = models.CharField(_("毕业去向"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_organisation = models.CharField(_("去向单位或学校"), max_length=100, blank=True)
    outcome_recorded_at = models.DateTimeField(_("去向填报时间"), null=True, blank=True)
    reviewing_venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("审核会场"), on_delete=models.PROTECT, related_name="reviewed_graduates"
    )
    status = models.CharField(
        _("审核状态"), max_length=10, choices=GraduateStatus.choices, default=GraduateStatus.PENDING
    )

    class Meta:
        verbose_name = _("高校毕业生")
        verbose_name_plural = pgettext_lazy("plural", "高校毕业生")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GraduateStatus.values), name="graduate_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=GraduateStatus.REJECTED) | ~Q(status_reason=""),
                name="graduate_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(graduation_year__gte=1950, graduation_year__lte=2100), name="graduate_graduation_year_range"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values), name="graduate_outcome_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["reviewing_venue", "status", "submitted_at"], name="graduate_queue_idx"),
            # The review queue across many venues (ministry staff, superusers), oldest first in keyset
            # pages: the waiting rows in order, without sorting every pending graduate per page.
            models.Index(fields=["submitted_at", "id"], condition=Q(status="pending"), name="graduate_pending_idx"),
            review_queue_index("graduate_review_order_idx"),
            # A career centre's list of its own graduates, the unconfirmed first.
            models.Index(
                fields=["listed_university", "university_confirmed_at", "submitted_at"],
                condition=Q(listed_university__isnull=False),
                name="graduate_university_idx",
            ),
            # Precision matching's bounded candidates (marketplace.candidates): the newest graduates
            # employers may see, and the newest of one discipline and degree among them.
            models.Index(
                fields=["-submitted_at", "-id"],
                condition=Q(status="approved", visible_to_employers=True),
                name="graduate_visible_newest_idx",
            ),
            models.Index(
                fields=["discipline", "degree", "-submitted_at", "-id"],
                condition=Q(status="approved", visible_to_employers=True),
                name="graduate_visible_subject_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """A graduate's application to a posting. ``graduate`` becomes NULL when the graduate deletes
    their account: the employer keeps the anonymised record."""

    graduate = models.ForeignKey(
        Graduate,
        verbose_name=_("毕业生"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    posting = models.ForeignKey(
        "employers.JobPosting", verbose_name=_("职位"), on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    note = models.TextField(_("附言"), blank=True, max_length=500)
    status_reason = models.TextField(_("说明"), blank=True)
    interview_at = models.DateTimeField(_("面试时间"), null=True, blank=True)
    interview_mode = models.CharField(_("面试方式"), max_length=10, choices=InterviewMode.choices, blank=True)
    interview_location = models.CharField(_("会议链接或电话号码"), max_length=300, blank=True)
    interview_note = models.TextField(_("面试说明"), blank=True)
    status_changed_at = models.DateTimeField(_("状态更新时间"), default=timezone.now)
    # The employer's first answer (a decision — interview, offer, hire, rejection — or, later, a first
    # message; merely opening the application is not one): written once, read by the responsiveness sweep.
    first_answered_at = models.DateTimeField(_("单位首次答复时间"), null=True, blank=True)
    # When the employer was reminded that this application waits for a decision (once per application).
    decision_reminded_at = models.DateTimeField(_("待决定提醒时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("投递时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("求职申请")
        verbose_name_plural = pgettext_lazy("plural", "求职申请")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["graduate", "posting"], name="application_unique_graduate_posting"),
            models.CheckConstraint(condition=Q(status__in=ApplicationStatus.values), name="application_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.REJECTED) | ~Q(status_reason=""),
                name="application_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["posting", "status", "status_changed_at"], name="application_posting_idx")]

    def __str__(self) -> str:
        return f"{self.graduate or '—'} → {self.posting_id}"

    @property
    def shows_interview(self) -> bool:
        """The interview's details stay visible after the interview (offer, its answer, the hire)."""
        return self.interview_at is not None and self.status in ApplicationStatus.shows_interview

    @property
    def interview_location_label(self) -> str:
        """The label the interview's location goes under: 会议链接, 电话号码 or 面试地点 by its mode."""
        return str(INTERVIEW_LOCATION_LABELS.get(self.interview_mode, INTERVIEW_LOCATION_ANY))


class SavedPosting(models.Model):
    """A posting a graduate saved (收藏)."""

    graduate = models.ForeignKey(
        Graduate, verbose_name=_("毕业生"), on_delete=models.CASCADE, related_name="saved_postings"
    )
    posting = models.ForeignKey(
        "employers.JobPosting", verbose_name=_("职位"), on_delete=models.CASCADE, related_name="saved_by"
    )
    created_at = models.DateTimeField(_("收藏时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("收藏的职位")
        verbose_name_plural = pgettext_lazy("plural", "收藏的职位")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["graduate", "posting"], name="saved_posting_unique")]

    def __str__(self) -> str:
        return f"{self.graduate_id} ☆ {self.posting_id}"


class SavedSearch(models.Model):
    """A graduate's saved job search: the keyword and filters as JSON (the search form's cleaned,
    non-empty values). ``key`` is their canonical query string, so saving the same search twice keeps
    one row; daily alerts are sent from these rows."""

    graduate = models.ForeignKey(
        Graduate, verbose_name=_("毕业生"), on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("名称"), max_length=100)
    params = models.JSONField(_("检索条件"), default=dict)
    key = models.CharField(_("检索条件键"), max_length=500)
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    last_alerted_at = models.DateTimeField(_("最近提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("保存的搜索")
        verbose_name_plural = pgettext_lazy("plural", "保存的搜索")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["graduate", "key"], name="saved_search_unique")]

    def __str__(self) -> str:
        return self.name
