import datetime as dt
import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import RecruitmentWeek
from recruitment_weeks.audit.services import audit_log

from .enums import AnnouncementKind, VenueAction, VenueKind
from .models import Announcement, ContactForm, SiteLinkReport, Venue
from .notice_data import NoticeModels, upsert_notice_data
from .permissions import venue_of
from .sanitize import clean_html


@transaction.atomic
def notice_data_load() -> dict[str, int]:
    """Install or refresh the notice's reference data: the four 2020 weeks, hosts and undertakers,
    platforms, the 32 provincial-level units, the 2 main and 64 branch venues, the section 五
    contacts and the disciplines. Returns the number of rows of each kind.

    Idempotent (upserts on natural keys); the data migration ``venues/0002_notice_data`` runs the
    same loader. Side effects: none beyond these rows — reference data is not audit-logged.
    """
    return upsert_notice_data(NoticeModels.from_apps(apps))


# --- Staff writes: site-link reports, the contact form, announcements ------------------------------
# Interfaces (admin, API) check that the actor manages the venue (venues.permissions) before calling.

URL_VALIDATOR = URLValidator(schemes=["http", "https"], message=_("请输入以 http:// 或 https:// 开头的有效网址。"))


def clean_site_link(*, site_name: str, site_url: str) -> tuple[str, str]:
    """Stripped name and link, or a ValidationError keyed by field (the forms call this too)."""
    site_name, site_url = (site_name or "").strip(), (site_url or "").strip()
    errors: dict[str, str] = {}
    if not site_name:
        errors["site_name"] = _("请填写网站名称。")
    elif len(site_name) > 100:
        errors["site_name"] = _("网站名称不能超过100个字。")
    if not site_url:
        errors["site_url"] = _("请填写链接地址。")
    else:
        try:
            URL_VALIDATOR(site_url)
        except ValidationError as exc:
            errors["site_url"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    return site_name, site_url


@transaction.atomic
def site_link_report_submit(
    *, venue: Venue, week: RecruitmentWeek, site_name: str, site_url: str, actor, now: dt.datetime | None = None
) -> SiteLinkReport:
    """Report (or correct) a branch venue's activity-zone site name and link for one week.

    The first report fixes ``reported_at`` — on time or late is derived from it and the week's
    ``report_deadline`` and never stored; a later correction keeps it. A double submit, or two at
    once, leave one report (the unique constraint decides the race). Side effects: audit entry
    (``venues.sitelinkreport.submitted`` or ``.updated``); the venue's own site name and link (shown
    on the unified page) follow the report of its latest week.
    """
    if venue.kind != VenueKind.BRANCH:
        raise ValidationError({"venue": _("只有省级分会场报送活动专区网站。")}, code="not_branch")
    site_name, site_url = clean_site_link(site_name=site_name, site_url=site_url)
    moment = now or timezone.now()
    try:
        with transaction.atomic():
            report = SiteLinkReport.objects.create(
                venue=venue, week=week, site_name=site_name, site_url=site_url, reported_at=moment, reported_by=actor
            )
        action = VenueAction.SITE_REPORT_SUBMITTED
    except IntegrityError:
        report = SiteLinkReport.objects.select_for_update().get(venue=venue, week=week)
        if (report.site_name, report.site_url) == (site_name, site_url):
            return report  # the same report again: nothing to change
        report.site_name, report.site_url = site_name, site_url
        report.save(update_fields=["site_name", "site_url", "updated_at"])
        action = VenueAction.SITE_REPORT_UPDATED
    audit_log(
        actor=actor,
        action=action,
        target=report,
        venue=venue_of(report),
        data={
            "week": week.pk,
            "site_name": site_name,
            "site_url": site_url,
            "on_time": week.is_report_on_time(report.reported_at),
        },
    )
    latest = SiteLinkReport.objects.filter(venue=venue).order_by("-week__starts_on").values_list("pk", flat=True)
    if latest.first() == report.pk and (venue.site_name, venue.site_url) != (site_name, site_url):
        Venue.objects.filter(pk=venue.pk).update(site_name=site_name, site_url=site_url)
        venue.site_name, venue.site_url = site_name, site_url
    return report


CONTACT_FORM_FIELDS = (
    "unit_name",
    "site_name",
    "site_url",
    "leader_name",
    "leader_title",
    "leader_phone",
    "leader_email",
    "contact_name",
    "contact_title",
    "contact_phone",
    "contact_email",
    "filled_by_unit",
    "filled_on",
)
PHONE_RE = re.compile(r"^[0-9+()\-－ 、,，/转]{5,30}$")


@transaction.atomic
def contact_form_save(*, venue: Venue, actor, **fields) -> ContactForm:
    """Fill in or update the venue's contact form (联系表, the notice's attachment). Every field of
    the attachment is required; phones may be mobiles or landlines (010-84202538). ``filled_on``
    defaults to today in Asia/Shanghai. Side effects: audit entry (``venues.contactform.saved``)."""
    unknown = set(fields) - set(CONTACT_FORM_FIELDS)
    if unknown:
        raise TypeError(f"unknown contact form fields: {sorted(unknown)}")
    values = {name: (value.strip() if isinstance(value, str) else value) for name, value in fields.items()}
    values.setdefault("filled_on", None)
    values["filled_on"] = values["filled_on"] or timezone.localdate()
    errors: dict[str, str] = {}
    for name in ("leader_phone", "contact_phone"):
        if values.get(name) and not PHONE_RE.fullmatch(values[name]):
            errors[name] = _("请输入有效的电话号码，例如 010-84202538 或 13912345678。")
    form = ContactForm.objects.select_for_update().filter(venue=venue).first() or ContactForm(venue=venue)
    created = form.pk is None
    for name, value in values.items():
        setattr(form, name, value)
    try:
        form.full_clean(validate_unique=False)
    except ValidationError as exc:
        errors = {**{k: v[0] for k, v in exc.message_dict.items()}, **errors}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        # Two first saves at once: the other one created the row; this one updates it.
        form.pk, created = ContactForm.objects.select_for_update().get(venue=venue).pk, False
        form._state.adding = False
        form.save()
    audit_log(
        actor=actor,
        action=VenueAction.CONTACT_FORM_SAVED,
        target=form,
        venue=venue_of(form),
        data={"created": created, "filled_on": form.filled_on.isoformat()},
    )
    return form


@transaction.atomic
def announcement_publish(
    *,
    venue: Venue,
    actor,
    title: str,
    body: str,
    kind: str = AnnouncementKind.POLICY,
    is_published: bool = True,
    published_at: dt.datetime | None = None,
) -> Announcement:
    """Create an announcement on the venue's page. The body is cleaned (venues.sanitize) before it is
    stored. Side effects: audit entry (``venues.announcement.published``)."""
    announcement = Announcement(venue=venue, created_by=actor if getattr(actor, "pk", None) else None)
    _fill_announcement(
        announcement, title=title, body=body, kind=kind, is_published=is_published, published_at=published_at
    )
    announcement.save()
    audit_log(
        actor=actor,
        action=VenueAction.ANNOUNCEMENT_PUBLISHED,
        target=announcement,
        venue=venue_of(announcement),
        data={"venue": venue.pk},
    )
    return announcement


@transaction.atomic
def announcement_update(
    *,
    announcement: Announcement,
    actor,
    title: str,
    body: str,
    kind: str,
    is_published: bool,
    published_at: dt.datetime | None = None,
) -> Announcement:
    """Edit an announcement (the body is cleaned again). Side effects: audit entry."""
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    _fill_announcement(
        announcement, title=title, body=body, kind=kind, is_published=is_published, published_at=published_at
    )
    announcement.save()
    audit_log(
        actor=actor,
        action=VenueAction.ANNOUNCEMENT_UPDATED,
        target=announcement,
        venue=venue_of(announcement),
        data={"venue": announcement.venue_id},
    )
    return announcement


@transaction.atomic
def announcement_delete(*, announcement: Announcement, actor) -> None:
    """Remove an announcement from the venue's page. Side effects: audit entry (with the title)."""
    audit_log(
        actor=actor,
        action=VenueAction.ANNOUNCEMENT_DELETED,
        target=announcement,
        venue=venue_of(announcement),
        data={"venue": announcement.venue_id, "title": announcement.title},
    )
    Announcement.objects.filter(pk=announcement.pk).delete()


def _fill_announcement(announcement: Announcement, *, title, body, kind, is_published, published_at) -> None:
    announcement.title = (title or "").strip()
    announcement.body = clean_html(body)
    announcement.kind = kind
    announcement.is_published = bool(is_published)
    announcement.published_at = published_at or announcement.published_at or timezone.now()
    errors: dict[str, str] = {}
    if not announcement.title:
        errors["title"] = _("请填写标题。")
    if not announcement.body:
        errors["body"] = _("请填写正文（脚本、样式等不安全的内容会被删除）。")
    try:
        announcement.full_clean(exclude=["title", "body"] if errors else None)
    except ValidationError as exc:
        errors = {**{k: v[0] for k, v in exc.message_dict.items()}, **errors}
    if errors:
        raise ValidationError(errors)
