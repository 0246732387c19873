"""Writes to the list of universities: the staff import (xlsx/CSV) and the seed data."""

from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.services import NewNotification, notify, notify_many
from recruitment_weeks.reference.validators import UNREADABLE_MESSAGE, has_unreadable_characters, normalize_mobile
from recruitment_weeks.workflow import require_reason, transition
from venues.enums import System, VenueKind
from venues.models import Province, Venue

from .enums import CareerCentreStatus, UniversityAction, UniversityLevel
from .models import CareerCentreMember, NoticeAcknowledgement, University, UniversityNotice
from .seed_data import co_built_rows, upsert_universities
from .selectors import approved_career_centre_of, notice_addresses
from .spreadsheets import SheetRow
from .validators import CODE_MALFORMED, CODE_RE

FIELDS = ("name", "code", "province", "authority", "level", "is_ministry_affiliated", "is_co_built")
YES = {"是", "1", "true", "yes", "y", "√", "✓"}
NO = {"否", "0", "false", "no", "n", ""}
LEVELS = {
    "本科": UniversityLevel.UNDERGRADUATE,
    "undergraduate": UniversityLevel.UNDERGRADUATE,
    "专科": UniversityLevel.VOCATIONAL,
    "高职": UniversityLevel.VOCATIONAL,
    "专科（高职）": UniversityLevel.VOCATIONAL,
    "专科(高职)": UniversityLevel.VOCATIONAL,
    "高职（专科）": UniversityLevel.VOCATIONAL,
    "高职(专科)": UniversityLevel.VOCATIONAL,
    "vocational": UniversityLevel.VOCATIONAL,
}


@dataclass(frozen=True)
class RejectedRow:
    number: int  # the line in the spreadsheet (the heading is line 1)
    name: str
    reasons: list[str]


@dataclass
class ImportReport:
    """What an import did: nothing at all when ``rejected`` is not empty."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.rejected


PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市")


def _common_name(name: str) -> str:
    """ "河北" for 河北省, "广西" for 广西壮族自治区: the name a spreadsheet usually has."""
    for suffix in PROVINCE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name.removesuffix(suffix)
    return name


def _province_lookup() -> dict[str, Province]:
    """A province by its code, full name, common name (河北), one-character short name (冀) or
    English name (case-insensitive)."""
    lookup: dict[str, Province] = {}
    for province in Province.objects.all():
        names = (province.code, province.name, _common_name(province.name), province.short_name, province.name_en)
        for key in names:
            if key:
                lookup[key.lower()] = province
    return lookup


def _flag(value: str, label: str, reasons: list[str]) -> bool:
    value = value.strip().lower()
    if value in YES:
        return True
    if value not in NO:
        reasons.append(_("“%(label)s”应填“是”或“否”，而不是“%(value)s”。") % {"label": label, "value": value[:20]})
    return False


def _clean_row(row: SheetRow, provinces: dict[str, Province]) -> tuple[dict, list[str]]:
    """The row's values for a University, and the reasons it cannot be imported (none if it can)."""
    cells, reasons = row.cells, []
    if has_unreadable_characters(list(cells.values())):
        return {}, [_("包含空字符（NUL）或无法编码的字符。")]
    name = cells.get("name", "")
    if not name:
        reasons.append(_("未填写学校名称。"))
    elif len(name) > 100:
        reasons.append(_("学校名称不能超过100个字。"))
    code = cells.get("code", "")
    if code and not CODE_RE.fullmatch(code):
        reasons.append(str(CODE_MALFORMED))
    province = provinces.get(cells.get("province", "").lower())
    if province is None:
        if cells.get("province"):
            reasons.append(_("未知的省份“%(value)s”。") % {"value": cells["province"][:20]})
        else:
            reasons.append(_("未填写所在省份。"))
    authority = cells.get("authority", "")
    if len(authority) > 100:
        reasons.append(_("主管部门不能超过100个字。"))
    level_text = cells.get("level", "")
    level = LEVELS.get(level_text.lower() if level_text.isascii() else level_text) if level_text else None
    if level_text and level is None:
        reasons.append(_("未知的办学层次“%(value)s”（应为“本科”或“专科（高职）”）。") % {"value": level_text[:20]})
    values = {
        "name": name,
        "code": code,
        "province": province,
        "authority": authority,
        "is_ministry_affiliated": _flag(cells.get("is_ministry_affiliated", ""), _("部属"), reasons),
        "is_co_built": _flag(cells.get("is_co_built", ""), _("部省合建"), reasons),
    }
    if level is not None:
        values["level"] = level
    elif "level" not in cells:
        values["level"] = UniversityLevel.UNDERGRADUATE
    return values, reasons


@transaction.atomic
def university_import(*, rows: list[SheetRow], actor) -> ImportReport:
    """Create or update universities from spreadsheet rows — all of them, or none.

    A row matches an existing university by its 学校标识码, else by its name. Every row is checked
    before anything is written; if any is rejected (malformed code, unknown province, a code or name
    twice in the file or belonging to another university, …) the report lists each rejected row with
    its reasons and nothing is written. Side effects: one audit entry per university created or changed.
    """
    report = ImportReport()
    if not rows:
        raise ValidationError(_("文件中没有数据行。"), code="no_rows")
    provinces = _province_lookup()
    codes = {code for row in rows if (code := row.cells.get("code", ""))}
    names = {name for row in rows if (name := row.cells.get("name", ""))}
    by_code = {u.code: u for u in University.objects.filter(code__in=codes)}
    by_name = {u.name: u for u in University.objects.filter(name__in=names)}
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    seen_targets: dict[int, int] = {}
    plan: list[tuple[University | None, dict]] = []

    for row in rows:
        values, reasons = _clean_row(row, provinces)
        name, code = values.get("name", ""), values.get("code", "")
        if code and code in seen_codes:
            reasons.append(_("学校标识码%(code)s与第%(row)d行重复。") % {"code": code, "row": seen_codes[code]})
        if name and name in seen_names:
            reasons.append(_("学校名称与第%(row)d行重复。") % {"row": seen_names[name]})
        seen_codes.setdefault(code, row.number) if code else None
        seen_names.setdefault(name, row.number) if name else None
        target = by_code.get(code) if code else None
        named = by_name.get(name)
        if target is None:
            target = named
            if target is not None and target.code and code and target.code != code:
                reasons.append(_("学校“%(name)s”已有学校标识码%(code)s。") % {"name": name, "code": target.code})
        elif named is not None and named.pk != target.pk:
            reasons.append(
                _("学校名称“%(name)s”已被另一所学校（学校标识码%(code)s）使用。")
                % {"name": name, "code": named.code or "—"}
            )
        if target is not None and not reasons:
            if target.pk in seen_targets:
                reasons.append(_("与第%(row)d行是同一所学校。") % {"row": seen_targets[target.pk]})
            seen_targets.setdefault(target.pk, row.number)
        if reasons:
            report.rejected.append(RejectedRow(number=row.number, name=name[:100], reasons=reasons))
        else:
            plan.append((target, values))

    if report.rejected:
        return report
    try:
        with transaction.atomic():
            for target, values in plan:
                _write(target, values, actor=actor, report=report)
    except IntegrityError as error:
        # Two rows swapping names or codes between existing universities: the unique indexes refuse
        # the first step. Nothing is kept; the staff member imports the swap in two files.
        raise ValidationError(
            _("导入未完成：文件中的学校名称或学校标识码与现有学校互换，请分两次导入。"), code="import_conflict"
        ) from error
    return report


def _write(target: University | None, values: dict, *, actor, report: ImportReport) -> None:
    if target is None:
        university = University.objects.create(**values)
        audit_log(actor=actor, action=UniversityAction.CREATED, target=university, data={"code": university.code})
        report.created += 1
        return
    changes = {}
    for name, value in values.items():
        if name == "code" and not value:
            continue  # a row without a code keeps the code the university already has
        if name == "province":  # compare keys: loading each row's province would be a query per row
            if target.province_id != value.pk:
                changes[name] = value
        elif getattr(target, name) != value:
            changes[name] = value
    if not changes:
        report.unchanged += 1
        return
    for name, value in changes.items():
        setattr(target, name, value)
    target.save(update_fields=[*changes, "updated_at"])
    data = {name: (value.code if name == "province" else value) for name, value in changes.items()}
    audit_log(actor=actor, action=UniversityAction.UPDATED, target=target, data=data)
    report.updated += 1


@transaction.atomic
def co_built_load() -> int:
    """Install or refresh the fourteen 部省合建 universities (the data migration does the same).
    Side effects: none beyond these rows — seed data is not audit-logged."""
    return upsert_universities(University, Province, co_built_rows())


@transaction.atomic
def university_save(*, university: University, actor, changed: list[str]) -> University:
    """A superuser's edit in the admin (a new university, or the fields named in ``changed``).
    Side effects: one audit entry."""
    university.full_clean()
    creating = university.pk is None
    university.save()
    if creating:
        audit_log(actor=actor, action=UniversityAction.CREATED, target=university, data={"code": university.code})
    elif changed:
        data = {name: str(getattr(university, name)) for name in changed}
        audit_log(actor=actor, action=UniversityAction.UPDATED, target=university, data=data)
    return university


# --- Career-centre staff accounts -----------------------------------------------------------------


def career_centre_reviewing_venue(university: University) -> Venue | None:
    """The education branch venue of the university's province: it approves the career centre's staff
    (and reviews the graduates of a university that has none)."""
    return Venue.objects.filter(kind=VenueKind.BRANCH, system=System.EDUCATION, province=university.province_id).first()


@transaction.atomic
def career_centre_register(
    *, username: str, password: str, university: University, name: str, title: str, mobile: str, email: str
) -> CareerCentreMember:
    """Create the account and its career-centre membership, pending review by the education branch
    venue of the university's province. All or nothing: any invalid field raises one ValidationError
    naming every wrong field. Side effects: a User and a CareerCentreMember; audit entry
    ``universities.careercentremember.applied``."""
    errors: dict[str, list[str]] = {}
    username = User.normalize_username((username or "").strip())
    email = (email or "").strip()
    user = User(username=username, email=email, first_name=(name or "").strip())
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        validate_password(password or "", user=user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    venue = career_centre_reviewing_venue(university)
    if venue is None:
        errors["university"] = [_("该校所在省份暂无教育系统分会场，无法审核，请联系主会场。")]
    member = CareerCentreMember(
        university=university,
        name=(name or "").strip(),
        title=(title or "").strip(),
        mobile=normalize_mobile(mobile or ""),
        email=email,
        reviewing_venue=venue,
        status=CareerCentreStatus.PENDING,
    )
    try:
        member.full_clean(exclude=["user", "reviewing_venue"])
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            errors.setdefault(field_name, messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user.set_password(password)
            user.save()
    except IntegrityError as exc:  # the same username registered a moment ago (a double submit)
        raise ValidationError({"username": _("该用户名已被注册。")}, code="username_taken") from exc
    member.user = user
    member.submitted_at = timezone.now()
    member.save()
    audit_log(
        actor=user,
        action=UniversityAction.CAREER_CENTRE_APPLIED,
        target=member,
        venue=venue,
        data={"university": university.code or university.name},
    )
    return member


def _decide(member: CareerCentreMember, *, verb: str, action: UniversityAction, actor, reason: str):
    locked = CareerCentreMember.objects.select_related("university").select_for_update(of=("self",)).get(pk=member.pk)
    transition(
        locked,
        move=CareerCentreStatus.moves[verb],
        actor=actor,
        action=action,
        venue=locked.reviewing_venue_id,
        changes={"status_reason": reason, "reviewed_by": actor, "reviewed_at": timezone.now()},
        data={"reason": reason} if reason else None,
    )
    kind = NotificationKind.CAREER_CENTRE_APPROVED if verb == "approved" else NotificationKind.CAREER_CENTRE_REJECTED
    payload = {"university_name": locked.university.name, "reason": reason} if reason else {}
    payload.setdefault("university_name", locked.university.name)
    notify(
        recipient=locked.user,
        kind=kind,
        payload=payload,
        dedupe_key=f"career_centre:{locked.pk}:{verb}:{locked.reviewed_at.isoformat()}",
    )
    return locked


@transaction.atomic
def career_centre_approve(*, member: CareerCentreMember, actor, note: str = "") -> CareerCentreMember:
    """pending → approved: the member now confirms the university's graduates. Side effects: audit entry,
    a notification to the member."""
    return _decide(
        member, verb="approved", action=UniversityAction.CAREER_CENTRE_APPROVED, actor=actor, reason=note.strip()
    )


@transaction.atomic
def career_centre_reject(*, member: CareerCentreMember, actor, reason: str) -> CareerCentreMember:
    """pending → rejected with a required reason. Side effects: audit entry, a notification to the member
    with the reason."""
    return _decide(
        member,
        verb="rejected",
        action=UniversityAction.CAREER_CENTRE_REJECTED,
        actor=actor,
        reason=require_reason(reason),
    )


# --- Notices to universities ----------------------------------------------------------------------


@transaction.atomic
def university_notice_publish(*, venue: Venue, actor, title: str, body: str) -> UniversityNotice:
    """Send a notice to the universities the venue addresses (its province's; every university for a
    main venue). Interfaces check that the actor manages the venue. Side effects: audit entry."""
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("请填写标题。")
    elif len(title) > 120:
        errors["title"] = _("标题不能超过120个字。")
    if not body:
        errors["body"] = _("请填写正文。")
    elif len(body) > 5000:
        errors["body"] = _("正文不能超过5000个字。")
    if has_unreadable_characters([title, body]):
        errors.setdefault("body", UNREADABLE_MESSAGE)
    if errors:
        raise ValidationError(errors)
    notice = UniversityNotice.objects.create(
        venue=venue, title=title, body=body, created_by=actor if getattr(actor, "pk", None) else None
    )
    audit_log(actor=actor, action=UniversityAction.NOTICE_PUBLISHED, target=notice, venue=venue, data={})
    _notify_audience(notice)
    return notice


NOTICE_BATCH = 1000


def _notify_audience(notice: UniversityNotice) -> int:
    """A notification, leading to the notice, for every approved career-centre member of the universities
    it addresses, written in batches of NOTICE_BATCH (a main venue's notice reaches every university),
    each batch's delivery queued on commit. Returns how many were written."""
    members = CareerCentreMember.objects.filter(status=CareerCentreStatus.APPROVED)
    if notice.venue.province_id is not None:
        members = members.filter(university__province_id=notice.venue.province_id)
    payload = {"notice_id": notice.pk, "notice_title": notice.title, "venue_name": notice.venue.name}
    written: list[int] = []
    user_ids = members.order_by("pk").values_list("user_id", flat=True)
    batch: list[NewNotification] = []
    for user_id in user_ids.iterator(chunk_size=NOTICE_BATCH):
        batch.append(
            NewNotification(
                recipient_id=user_id,
                kind=NotificationKind.UNIVERSITY_NOTICE,
                payload=payload,
                dedupe_key=f"university_notice:{notice.pk}:{user_id}",
            )
        )
        if len(batch) == NOTICE_BATCH:
            written += notify_many(batch)
            batch = []
    if batch:
        written += notify_many(batch)  # each batch queues its own delivery on commit
    return len(written)


@transaction.atomic
def university_notice_acknowledge(*, notice: UniversityNotice, actor) -> NoticeAcknowledgement:
    """The actor's university acknowledges the notice; a second acknowledgement (another member, a
    double click) keeps the first. ``actor`` must be an approved member of an addressed university.
    Side effects: audit entry on the first acknowledgement."""
    member = approved_career_centre_of(actor)
    if member is None or not notice_addresses(notice=notice, university=member.university):
        raise ValidationError(_("该通知不是发给本校的。"), code="not_addressed")
    acknowledgement, created = NoticeAcknowledgement.objects.get_or_create(
        notice=notice, university=member.university, defaults={"acknowledged_by": actor}
    )
    if created:
        audit_log(
            actor=actor,
            action=UniversityAction.NOTICE_ACKNOWLEDGED,
            target=notice,
            venue=notice.venue_id,
            data={"university": member.university_id},
        )
    return acknowledgement
