from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.actions import register_actions


class System(models.TextChoices):
    """The two ministries' systems: every main venue, branch venue and platform belongs to one."""

    EDUCATION = "education", _("教育系统")
    HR = "hr", _("人力资源社会保障系统")


class VenueKind(models.TextChoices):
    MAIN = "main", _("主会场")
    BRANCH = "branch", _("省级分会场")


class OrganisationRole(models.TextChoices):
    HOST = "host", _("主办单位")
    UNDERTAKER = "undertaker", _("承办单位")


class ProvinceKind(models.TextChoices):
    PROVINCE = "province", _("省")
    AUTONOMOUS_REGION = "autonomous_region", _("自治区")
    MUNICIPALITY = "municipality", _("直辖市")
    CORPS = "corps", _("新疆生产建设兵团")


class ReportStatus(models.TextChoices):
    """Derived from the report time and the deadline; never stored."""

    ON_TIME = "on_time", _("按时报送")
    LATE = "late", _("逾期报送")
    MISSING = "missing", _("未报送")
    NOT_DUE = "not_due", _("未到期")
    # The week began less than a week after its notice was issued: no deadline, nobody late.
    NO_DEADLINE = "no_deadline", _("未报送（不设截止）")


class MembershipRole(models.TextChoices):
    STAFF = "staff", _("工作人员")
    MANAGER = "manager", _("负责人")


class AnnouncementKind(models.TextChoices):
    """What a venue publishes on its page (the notice: 发布相关就业政策和就业服务信息)."""

    POLICY = "policy", _("就业政策")
    SERVICE = "service", _("就业服务信息")


@register_actions
class VenueAction(models.TextChoices):
    """What the audit log records about a venue's reports, contact form and announcements."""

    SITE_REPORT_SUBMITTED = "venues.sitelinkreport.submitted", _("报送活动专区网站")
    SITE_REPORT_UPDATED = "venues.sitelinkreport.updated", _("更正活动专区网站")
    CONTACT_FORM_SAVED = "venues.contactform.saved", _("保存联系表")
    ANNOUNCEMENT_PUBLISHED = "venues.announcement.published", _("发布公告")
    ANNOUNCEMENT_UPDATED = "venues.announcement.updated", _("修改公告")
    ANNOUNCEMENT_DELETED = "venues.announcement.deleted", _("删除公告")
