from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .duties import BranchDuty, branch_duty
from .enums import AnnouncementKind, MembershipRole, OrganisationRole, ProvinceKind, System, VenueKind


def _is_english() -> bool:
    return (get_language() or "").startswith("en")


class Organisation(models.Model):
    """Hosts (主办单位) and undertakers (承办单位) named in the notice."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=OrganisationRole.choices)
    system = models.CharField(_("系统"), max_length=20, choices=System.choices)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("组织单位")
        verbose_name_plural = pgettext_lazy("plural", "组织单位")
        ordering = ["role", "position"]

    def __str__(self) -> str:
        return self.name_en if _is_english() and self.name_en else self.name


class Platform(models.Model):
    """The five online platforms (网络平台)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    url = models.URLField(_("网址"))
    system = models.CharField(_("系统"), max_length=20, choices=System.choices)
    runs_precision_platform = models.BooleanField(_("开通高校毕业生精准招聘平台"), default=False)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("网络平台")
        verbose_name_plural = pgettext_lazy("plural", "网络平台")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name_en if _is_english() and self.name_en else self.name


class Province(models.Model):
    """A provincial-level unit: 31 provinces, autonomous regions and municipalities plus 兵团.

    ``code`` is the GB/T 2260 two-digit prefix; 新疆生产建设兵团 has none there and uses the
    portal's own stable code "66" (after 65 新疆, never assigned by GB/T 2260).
    """

    code = models.CharField(_("代码"), max_length=2, unique=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    short_name = models.CharField(_("简称"), max_length=10)
    name_en = models.CharField(_("英文名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=20, choices=ProvinceKind.choices)

    class Meta:
        verbose_name = _("省级单位")
        verbose_name_plural = pgettext_lazy("plural", "省级单位")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en if _is_english() else self.name


class Venue(models.Model):
    """A main venue (主会场, one per system) or a provincial branch venue (省级分会场, one per
    system and province). A branch venue belongs to the main venue of its system."""

    kind = models.CharField(_("类型"), max_length=10, choices=VenueKind.choices)
    system = models.CharField(_("系统"), max_length=20, choices=System.choices)
    province = models.ForeignKey(
        Province, verbose_name=_("省级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="venues"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("所属主会场"), null=True, blank=True, on_delete=models.PROTECT, related_name="branches"
    )
    slug = models.SlugField(_("标识"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    department = models.CharField(_("主办部门"), max_length=100)
    site_name = models.CharField(_("活动专区网站名称"), max_length=100, blank=True)
    site_url = models.URLField(_("活动专区网址"), blank=True)

    class Meta:
        verbose_name = _("会场")
        verbose_name_plural = pgettext_lazy("plural", "会场")
        ordering = ["kind", "province__code", "system"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=VenueKind.MAIN, province__isnull=True, parent__isnull=True)
                    | Q(kind=VenueKind.BRANCH, province__isnull=False, parent__isnull=False)
                ),
                name="venue_main_or_branch_shape",
            ),
            models.UniqueConstraint(
                fields=["system"], condition=Q(kind=VenueKind.MAIN), name="venue_one_main_per_system"
            ),
            models.UniqueConstraint(
                fields=["system", "province"],
                condition=Q(kind=VenueKind.BRANCH),
                name="venue_one_branch_per_system_province",
            ),
        ]

    def __str__(self) -> str:
        return self.name_en if _is_english() and self.name_en else self.name

    @property
    def is_main(self) -> bool:
        return self.kind == VenueKind.MAIN

    @property
    def duty(self) -> BranchDuty | None:
        """What the notice asks of this branch venue's system (None for a main venue)."""
        return None if self.is_main else branch_duty(self.system)


class VenueMembership(models.Model):
    """A staff user working for a venue. Staff of a main venue see their whole system."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="venue_memberships"
    )
    venue = models.ForeignKey(Venue, verbose_name=_("会场"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.STAFF)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("会场工作人员")
        verbose_name_plural = pgettext_lazy("plural", "会场工作人员")
        constraints = [models.UniqueConstraint(fields=["user", "venue"], name="membership_unique_user_venue")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.venue}"


class SiteLinkReport(models.Model):
    """A branch venue's report of its activity-zone site name and link for one week
    (due one week before the week starts; on time / late is derived from ``reported_at``)."""

    venue = models.ForeignKey(Venue, verbose_name=_("会场"), on_delete=models.CASCADE, related_name="site_reports")
    week = models.ForeignKey(
        "events.RecruitmentWeek", verbose_name=_("招聘周"), on_delete=models.CASCADE, related_name="site_reports"
    )
    site_name = models.CharField(_("网站名称"), max_length=100)
    site_url = models.URLField(_("链接地址"))
    reported_at = models.DateTimeField(_("报送时间"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("网站链接报送")
        verbose_name_plural = pgettext_lazy("plural", "网站链接报送")
        constraints = [models.UniqueConstraint(fields=["venue", "week"], name="site_report_unique_venue_week")]

    def __str__(self) -> str:
        return f"{self.venue} · {self.week}"


class ContactForm(models.Model):
    """The notice's attachment (联系表), one per branch or main venue."""

    venue = models.OneToOneField(Venue, verbose_name=_("会场"), on_delete=models.CASCADE, related_name="contact_form")
    unit_name = models.CharField(_("单位名称"), max_length=100)
    site_name = models.CharField(_("网站名称"), max_length=100)
    site_url = models.URLField(_("网址"))
    leader_name = models.CharField(_("负责人姓名"), max_length=50)
    leader_title = models.CharField(_("负责人职务"), max_length=50)
    leader_phone = models.CharField(_("负责人电话"), max_length=30)
    leader_email = models.EmailField(_("负责人邮箱"))
    contact_name = models.CharField(_("联系人姓名"), max_length=50)
    contact_title = models.CharField(_("联系人职务"), max_length=50)
    contact_phone = models.CharField(_("联系人电话"), max_length=30)
    contact_email = models.EmailField(_("联系人邮箱"))
    filled_by_unit = models.CharField(_("填报单位"), max_length=100)
    filled_on = models.DateField(_("填报日期"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("活动联系表")
        verbose_name_plural = pgettext_lazy("plural", "活动联系表")

    def __str__(self) -> str:
        return f"{self.venue} · {self.unit_name}"


class OrganiserContact(models.Model):
    """A contact of section 五 of the notice, shown on the contact page as published."""

    system = models.CharField(_("系统"), max_length=20, choices=System.choices)
    unit = models.CharField(_("单位"), max_length=100)
    unit_en = models.CharField(_("英文单位名称"), max_length=200, blank=True)
    people = models.CharField(_("联系人"), max_length=100)
    phone = models.CharField(_("电话"), max_length=100)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    position = models.PositiveSmallIntegerField(_("排序"))

    class Meta:
        verbose_name = _("联系方式")
        verbose_name_plural = pgettext_lazy("plural", "联系方式")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["system", "unit"], name="organiser_contact_unique_unit")]

    def __str__(self) -> str:
        return self.unit_en if _is_english() and self.unit_en else self.unit


class Announcement(models.Model):
    """Employment policies and service information a venue publishes on its public page.

    ``body`` holds HTML already cleaned by :func:`venues.sanitize.clean_html` (written only through
    the announcement services); the page cleans it once more when rendering, so a row written any
    other way still cannot carry a script.
    """

    venue = models.ForeignKey(Venue, verbose_name=_("会场"), on_delete=models.CASCADE, related_name="announcements")
    kind = models.CharField(_("类别"), max_length=10, choices=AnnouncementKind.choices, default=AnnouncementKind.POLICY)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(
        _("正文"),
        help_text=_("可直接输入文字（空行分段），或使用简单的 HTML：段落、列表、加粗、链接。脚本和样式会被删除。"),
    )
    is_published = models.BooleanField(_("公开发布"), default=True)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("会场公告")
        verbose_name_plural = pgettext_lazy("plural", "会场公告")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AnnouncementKind.values), name="announcement_kind_valid"),
        ]
        indexes = [models.Index(fields=["venue", "is_published", "published_at"], name="announcement_venue_idx")]

    def __str__(self) -> str:
        return self.title
