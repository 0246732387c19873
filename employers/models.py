import math
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from recruitment_weeks.reference.enums import CompanySize, DegreeRequirement, Industry, OwnershipType
from recruitment_weeks.reference.validators import validate_mobile, validate_uscc
from recruitment_weeks.workflow import ReviewedModel, review_queue_index

from .enums import EmployerStatus, MemberRole, PostingStatus, ReportReason, ReportState, ScreenCategory

LICENCE_EXTENSIONS = (".pdf", ".jpg", ".png")


def licence_upload_to(instance: "Employer", filename: str) -> str:
    """A name we generate (never the uploader's): licences/<uuid>.<pdf|jpg|png>. The extension is the
    one the service chose from the file's content; anything else is dropped."""
    ext = PurePath(filename).suffix.lower()
    return f"licences/{uuid.uuid4().hex}{ext if ext in LICENCE_EXTENSIONS else ''}"


def reply_within_days(median_hours: float | None) -> int | None:
    """Whole days an employer usually answers within: its median reply time rounded up, at least 1
    ("1 天内" for anything under a day); None when the figure is not shown."""
    if median_hours is None:
        return None
    return max(1, math.ceil(median_hours / 24))


def reply_label(median_hours: float | None) -> str | None:
    """通常 N 天内回复 — what graduates read beside an employer's postings."""
    days = reply_within_days(median_hours)
    if days is None:
        return None
    return ngettext("通常 %(days)d 天内回复", "通常 %(days)d 天内回复", days) % {"days": days}


class Employer(ReviewedModel):
    """A registered employer (用人单位). Reviewed by one venue before it may publish or join a fair."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账户"), on_delete=models.CASCADE, related_name="employer"
    )
    name = models.CharField(_("单位名称"), max_length=100)
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        error_messages={"unique": _("该统一社会信用代码已注册。")},
    )
    ownership = models.CharField(_("单位性质"), max_length=30, choices=OwnershipType.choices)
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices)
    size = models.CharField(_("单位规模"), max_length=12, choices=CompanySize.choices, blank=True)
    province = models.ForeignKey(
        "venues.Province", verbose_name=_("所在省份"), on_delete=models.PROTECT, related_name="employers"
    )
    city = models.CharField(_("所在城市"), max_length=50)
    address = models.CharField(_("地址"), max_length=200)
    description = models.TextField(_("单位简介"), blank=True)
    website = models.URLField(_("单位网站"), blank=True)
    contact_name = models.CharField(_("联系人姓名"), max_length=50)
    contact_title = models.CharField(_("联系人职务"), max_length=50)
    contact_mobile = models.CharField(_("联系人手机"), max_length=20, validators=[validate_mobile])
    contact_email = models.EmailField(_("联系人邮箱"))
    # Private storage (STORAGES["default"] has no URL); served only by employers.views.licence.
    licence = models.FileField(_("营业执照"), upload_to=licence_upload_to, max_length=100, blank=True)
    reviewing_venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("审核会场"), on_delete=models.PROTECT, related_name="reviewed_employers"
    )
    status = models.CharField(
        _("审核状态"), max_length=10, choices=EmployerStatus.choices, default=EmployerStatus.PENDING
    )
    # How quickly the employer answers applications, written by the hourly responsiveness sweep
    # (marketplace.responsiveness): the median hours from submission to first answer, NULL when not
    # shown (too few applications counted, or half or more of them unanswered).
    reply_median_hours = models.FloatField(_("答复时间中位数（小时）"), null=True, blank=True)
    reply_counted = models.PositiveIntegerField(_("计入答复统计的申请数"), default=0)
    reply_computed_at = models.DateTimeField(_("答复统计时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用人单位")
        verbose_name_plural = pgettext_lazy("plural", "用人单位")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=EmployerStatus.values), name="employer_status_valid"),
            models.CheckConstraint(
                condition=~Q(status__in=EmployerStatus.needs_reason) | ~Q(status_reason=""),
                name="employer_rejection_has_reason",
            ),
            models.CheckConstraint(condition=Q(uscc__regex=r"^[0-9A-HJ-NPQRTUWXY]{18}$"), name="employer_uscc_shape"),
        ]
        indexes = [
            models.Index(fields=["reviewing_venue", "status", "submitted_at"], name="employer_queue_idx"),
            # The reviewers' list, newest first, in keyset pages (employers_reviewable_by).
            models.Index(fields=["submitted_at", "id"], name="employer_submitted_idx"),
            # Every venue's queue at once (main-venue staff, superusers), oldest first.
            models.Index(fields=["submitted_at", "id"], condition=Q(status="pending"), name="employer_pending_idx"),
            review_queue_index("employer_review_order_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def reply_within_days(self) -> int | None:
        return reply_within_days(self.reply_median_hours)

    @property
    def reply_label(self) -> str | None:
        return reply_label(self.reply_median_hours)

    @property
    def is_approved(self) -> bool:
        return self.status == EmployerStatus.APPROVED

    @property
    def licence_kind(self) -> str:
        """ "pdf", "jpg", "png" or "" (no licence on file)."""
        return PurePath(self.licence.name).suffix.lstrip(".") if self.licence else ""


class EmployerMember(models.Model):
    """An account on an employer's team. One account belongs to at most one employer; the account that
    registered the employer (``Employer.user``) is its first administrator."""

    employer = models.ForeignKey(Employer, verbose_name=_("用人单位"), on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        on_delete=models.CASCADE,
        related_name="employer_membership",
        error_messages={"unique": _("该账户已属于一个用人单位。")},
    )
    role = models.CharField(_("角色"), max_length=20, choices=MemberRole.choices, default=MemberRole.RECRUITER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("邀请人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("单位团队成员")
        verbose_name_plural = pgettext_lazy("plural", "单位团队成员")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=MemberRole.values), name="employer_member_role_valid")
        ]
        indexes = [models.Index(fields=["employer", "role"], name="employer_member_role_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """What others see: the account's full name, else its username."""
        return self.user.get_full_name() or self.user.get_username()

    @property
    def is_administrator(self) -> bool:
        return self.role == MemberRole.ADMINISTRATOR


class JobPosting(models.Model):
    """A job posting (招聘信息). Public only when published, unexpired and its employer approved.

    A draft may be incomplete (only the title is required); publishing requires every field, which the
    ``posting_published_complete`` constraint guarantees for the columns a draft may leave empty."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("用人单位"), on_delete=models.CASCADE, related_name="postings"
    )
    title = models.CharField(_("职位名称"), max_length=100)
    description = models.TextField(_("职位描述"), blank=True)
    requirements = models.TextField(_("任职要求"), blank=True)
    headcount = models.PositiveIntegerField(_("招聘人数"), null=True, blank=True)
    province = models.ForeignKey(
        "venues.Province", verbose_name=_("工作省份"), on_delete=models.PROTECT, related_name="postings"
    )
    city = models.CharField(_("工作城市"), max_length=50, blank=True)
    degree_requirement = models.CharField(
        _("学历要求"), max_length=20, choices=DegreeRequirement.choices, default=DegreeRequirement.ANY
    )
    disciplines = models.ManyToManyField(
        "reference.Discipline", verbose_name=_("学科门类"), blank=True, related_name="postings"
    )
    salary_min = models.PositiveIntegerField(_("月薪下限（元）"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("月薪上限（元）"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PostingStatus.choices, default=PostingStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    # Maintained by employers.search_text.refresh_search_text; indexed with GIN on PostgreSQL.
    search_text = models.TextField(_("检索文本"), blank=True, editable=False)
    # Maintained with it: the filter values the posting answers to (employers.search_text.facet_tokens).
    search_facets = models.TextField(_("检索分面"), blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("招聘职位")
        verbose_name_plural = pgettext_lazy("plural", "招聘职位")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PostingStatus.values), name="posting_status_valid"),
            models.CheckConstraint(condition=Q(salary_min__lte=F("salary_max")), name="posting_salary_range"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="posting_headcount_positive"),
            models.CheckConstraint(
                condition=~Q(status=PostingStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="posting_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=PostingStatus.PUBLISHED)
                | (
                    Q(
                        headcount__isnull=False,
                        salary_min__isnull=False,
                        salary_max__isnull=False,
                        valid_until__isnull=False,
                    )
                    & ~Q(description="")
                    & ~Q(requirements="")
                    & ~Q(city="")
                ),
                name="posting_published_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="posting_public_idx"),
            # The public lists' keyset orders (newest; best paid), over published rows only.
            models.Index(fields=["-published_at", "-id"], condition=Q(status="published"), name="posting_newest_idx"),
            models.Index(fields=["-salary_max", "-id"], condition=Q(status="published"), name="posting_salary_idx"),
            # Province is the filter people use most: its newest postings without touching other provinces.
            models.Index(
                fields=["province", "-published_at", "-id"],
                condition=Q(status="published"),
                name="posting_province_newest_idx",
            ),
            # The province's best paid first: where a salary-sorted search of one province walks (and
            # where its walk's bound, the WALK_ROWS-th row, is found without sorting the province).
            models.Index(
                fields=["province", "-salary_max", "-id"],
                condition=Q(status="published"),
                name="posting_province_salary_idx",
            ),
            # One degree's newest and best paid: a degree is the second filter people use, and in the
            # whole table's order one degree can be rare for long stretches (few 不限 among the best paid).
            models.Index(
                fields=["degree_requirement", "-published_at", "-id"],
                condition=Q(status="published"),
                name="posting_degree_newest_idx",
            ),
            models.Index(
                fields=["degree_requirement", "-salary_max", "-id"],
                condition=Q(status="published"),
                name="posting_degree_salary_idx",
            ),
            # With the degree as well (the second filter people use): only rows of that degree are
            # walked, so a keyword is matched against a fifth of the rows (measured: 2.6 → 0.7 ms).
            models.Index(
                fields=["province", "degree_requirement", "-published_at", "-id"],
                condition=Q(status="published"),
                name="posting_province_degree_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.employer}"


class CitySuffix(models.Model):
    """Every suffix of every city a posting's facets name (employers.search_text.facet_tokens), kept by
    PostgreSQL itself (triggers, employers/migrations/0023): whatever writes a posting's facets — a
    service, the admin, a bulk load — writes its city's suffixes in the same transaction. The job
    search asks a city filter as the exact facets that begin with it, read from here
    (marketplace.search.city_facets). Rows are never removed: a suffix no posting holds any more costs
    the search an empty lookup. Not written on SQLite, whose search reads no facets."""

    suffix = models.CharField(_("城市后缀"), max_length=50, primary_key=True)

    class Meta:
        verbose_name = _("城市后缀")
        verbose_name_plural = pgettext_lazy("plural", "城市后缀")

    def __str__(self) -> str:
        return self.suffix


class ScreenPhrase(models.Model):
    """A phrase the posting screen refuses, in one category; staff add phrases in the admin and the
    screen uses them at once (the vocabulary is cached and forgotten whenever a phrase is saved or
    deleted). Matched literally and case-insensitively, after the phrases that lift a limit
    (不限男女, 婚育不限 …) are taken out."""

    category = models.CharField(_("类别"), max_length=20, choices=ScreenCategory.choices)
    phrase = models.CharField(
        _("词语"),
        max_length=50,
        unique=True,
        help_text=_("职位文字中出现此词语即不予发布（按原文匹配，不区分大小写）。"),
    )
    active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("歧视性词语")
        verbose_name_plural = pgettext_lazy("plural", "歧视性词语")
        ordering = ("category", "phrase")
        constraints = [models.CheckConstraint(condition=~Q(phrase=""), name="screen_phrase_not_empty")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.phrase}"


class PostingReport(models.Model):
    """Someone's report (举报) of a public posting, for what the screen misses. It lands in the queue of
    the venue that reviews the posting's employer; staff close the posting or dismiss the report."""

    posting = models.ForeignKey(JobPosting, verbose_name=_("职位"), on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("举报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("举报原因"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(_("具体说明"), max_length=1000, blank=True)
    state = models.CharField(_("处理状态"), max_length=20, choices=ReportState.choices, default=ReportState.OPEN)
    created_at = models.DateTimeField(_("举报时间"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handling_note = models.CharField(_("处理说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("职位举报")
        verbose_name_plural = pgettext_lazy("plural", "职位举报")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["state", "-created_at"], name="posting_report_queue_idx")]

    def __str__(self) -> str:
        return f"{self.posting} · {self.get_reason_display()}"
