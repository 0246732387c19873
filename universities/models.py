from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from recruitment_weeks.reference.validators import validate_mobile
from recruitment_weeks.workflow import ReviewedModel

from .enums import CareerCentreStatus, UniversityLevel
from .validators import validate_university_code


class University(models.Model):
    """An institution of higher education (普通高等学校) as data, not a free-text name.

    ``code`` is the ten-digit 学校标识码; blank when not known yet (then the name is the key an import
    matches on). ``is_ministry_affiliated`` (部属) and ``is_co_built`` (部省合建) mark the notice's
    addressees "部属各高等学校、部省合建各高等学校"; the others are reached through their province.
    """

    name = models.CharField(_("学校名称"), max_length=100, unique=True)
    code = models.CharField(
        _("学校标识码"), max_length=10, blank=True, validators=[validate_university_code], help_text=_("10位数字")
    )
    province = models.ForeignKey(
        "venues.Province", verbose_name=_("所在省份"), on_delete=models.PROTECT, related_name="universities"
    )
    authority = models.CharField(_("主管部门"), max_length=100, blank=True)
    level = models.CharField(
        _("办学层次"), max_length=20, choices=UniversityLevel.choices, default=UniversityLevel.UNDERGRADUATE
    )
    is_ministry_affiliated = models.BooleanField(_("部属高校"), default=False)
    is_co_built = models.BooleanField(_("部省合建高校"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("高校")
        verbose_name_plural = pgettext_lazy("plural", "高校")
        ordering = ["province__code", "code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="university_code_unique"),
            models.CheckConstraint(condition=Q(level__in=UniversityLevel.values), name="university_level_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class CareerCentreMember(ReviewedModel):
    """A staff member of a university's career centre (就业指导中心). Approved by the education branch
    venue of the university's province (``reviewing_venue``), the member confirms the university's
    own graduates. One account, one university."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账户"), on_delete=models.CASCADE, related_name="career_centre"
    )
    university = models.ForeignKey(
        University, verbose_name=_("高校"), on_delete=models.PROTECT, related_name="career_centre_members"
    )
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=50)
    mobile = models.CharField(_("手机号码"), max_length=20, validators=[validate_mobile])
    email = models.EmailField(_("邮箱"))
    reviewing_venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("审核会场"), on_delete=models.PROTECT, related_name="reviewed_career_centres"
    )
    status = models.CharField(
        _("审核状态"), max_length=10, choices=CareerCentreStatus.choices, default=CareerCentreStatus.PENDING
    )

    class Meta:
        verbose_name = _("高校就业指导中心工作人员")
        verbose_name_plural = pgettext_lazy("plural", "高校就业指导中心工作人员")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CareerCentreStatus.values), name="career_centre_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=CareerCentreStatus.REJECTED) | ~Q(status_reason=""),
                name="career_centre_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["university", "status"], name="career_centre_university_idx")]

    def __str__(self) -> str:
        return self.name


class UniversityNotice(models.Model):
    """A notice a venue sends to universities: a branch venue to the universities of its province, a
    main venue (the ministry) to every university. Each addressed university acknowledges it once
    (:class:`NoticeAcknowledgement`), and the venue sees which have not."""

    venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("发布会场"), on_delete=models.CASCADE, related_name="university_notices"
    )
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("正文"), max_length=5000, help_text=_("纯文本，空行分段"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("致高校通知")
        verbose_name_plural = pgettext_lazy("plural", "致高校通知")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class NoticeAcknowledgement(models.Model):
    """A university's receipt of a notice (签收), by one of its career-centre members."""

    notice = models.ForeignKey(
        UniversityNotice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    university = models.ForeignKey(
        University, verbose_name=_("高校"), on_delete=models.CASCADE, related_name="notice_acknowledgements"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通知签收")
        verbose_name_plural = pgettext_lazy("plural", "通知签收")
        ordering = ["acknowledged_at", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "university"], name="notice_acknowledgement_unique")]

    def __str__(self) -> str:
        return f"{self.notice_id} ✓ {self.university_id}"
