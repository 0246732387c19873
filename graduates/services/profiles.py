"""Registration and profile changes. The registration page, the profile page and the API call these;
every rule (mobile, résumé, PDF, consent, reviewing venue) is checked here, so they cannot drift."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.reference.enums import Industry
from recruitment_weeks.reference.validators import normalize_mobile
from recruitment_weeks.uploads import delete_file_on_commit, new_file_discarded_on_error
from universities.models import University
from venues.enums import System, VenueKind
from venues.models import Province, Venue
from venues.permissions import venue_of

from ..enums import GraduateAction, GraduateStatus
from ..models import Graduate
from ..validators import clean_resume, split_list, validate_resume_pdf
from .reviews import graduate_resubmit

# What a reviewer checks ("a real graduate of the stated university and year"): fixed once approved.
IDENTITY_FIELDS = ("name", "university", "university_province", "degree", "major", "discipline", "graduation_year")
# What the university's career centre confirms: a change after its confirmation asks for it again.
CONFIRMED_FIELDS = ("university", "student_number", "degree", "major", "graduation_year")
PROFILE_FIELDS = (
    *IDENTITY_FIELDS,
    "student_number",
    "mobile",
    "email",
    "preferred_cities",
    "preferred_industries",
    "preferred_work",
    "expected_salary",
    "visible_to_employers",
    "resume",
)
MAX_PREFERRED_CITIES = 10
MAX_EXPECTED_SALARY = 1_000_000
MIN_GRADUATION_YEAR, MAX_GRADUATION_YEAR = 1990, 2100


def reviewing_venue_for(province: Province | None) -> Venue | None:
    """The education-system branch venue of the university's province: graduates are reviewed by education."""
    if province is None:
        return None
    return Venue.objects.filter(kind=VenueKind.BRANCH, system=System.EDUCATION, province=province).first()


def _normalise(name: str, value: Any, errors: dict) -> Any:
    if name == "mobile":
        return normalize_mobile(value or "")
    if name in ("name", "university", "major", "preferred_work", "email", "student_number"):
        return (value or "").strip()
    if name == "preferred_cities":
        cities = list(dict.fromkeys(split_list(value) if isinstance(value, str) else [str(c).strip() for c in value]))
        if len(cities) > MAX_PREFERRED_CITIES:
            errors[name] = _("意向城市最多%(max)d个。") % {"max": MAX_PREFERRED_CITIES}
        return ",".join(c for c in cities if c)
    if name == "preferred_industries":
        codes = list(dict.fromkeys(value or []))
        if any(code not in Industry.values for code in codes):
            errors[name] = _("请选择有效的行业。")
        return sorted(codes)
    if name == "expected_salary":
        if value in (None, ""):
            return None
        if not isinstance(value, int) or not 0 < value <= MAX_EXPECTED_SALARY:
            errors[name] = _("期望月薪应为1至1000000之间的整数（元）。")
        return value
    if name == "graduation_year":
        if not isinstance(value, int) or not MIN_GRADUATION_YEAR <= value <= MAX_GRADUATION_YEAR:
            errors[name] = _("毕业年份应在%(min)d至%(max)d之间。") % {
                "min": MIN_GRADUATION_YEAR,
                "max": MAX_GRADUATION_YEAR,
            }
        return value
    if name == "resume":
        try:
            return clean_resume(value)
        except ValidationError as exc:
            errors[name] = exc.message_dict["resume"]
            return {}
    return value


def _assign(graduate: Graduate, profile: dict[str, Any], errors: dict) -> list[str]:
    """Set the given profile fields on the (unsaved) graduate; return the names that changed."""
    changed = []
    for name in PROFILE_FIELDS:
        if name not in profile:
            continue
        value = _normalise(name, profile[name], errors)
        if name in ("university_province", "discipline"):  # compare keys: an unsaved row has no relation yet
            current, new = getattr(graduate, f"{name}_id"), getattr(value, "pk", None)
        else:
            current, new = getattr(graduate, name), value
        if current != new:
            setattr(graduate, name, value)
            changed.append(name)
    return changed


def _link_university(graduate: Graduate, errors: dict) -> None:
    """A university name that is on the list links the graduate to it; before approval the listed
    university's province also decides who reviews (its career centre confirms, or its province's
    education venue reviews). A name not on the list stays free text, reviewed as before."""
    listed = University.objects.filter(name=graduate.university).first() if graduate.university else None
    graduate.listed_university = listed
    if listed is not None and graduate.status != GraduateStatus.APPROVED:
        graduate.university_province_id = listed.province_id
        errors.pop("university_province", None)


def _validate_model(graduate: Graduate, errors: dict, exclude: tuple[str, ...] = ()) -> None:
    if "university" not in errors:
        _link_university(graduate, errors)
    if "university_province" not in errors and graduate.university_province_id:
        venue = reviewing_venue_for(graduate.university_province)
        if venue is None:
            errors["university_province"] = _("该省份暂无教育系统分会场，无法审核，请联系主会场。")
        else:
            graduate.reviewing_venue = venue
    try:
        graduate.full_clean(exclude=["user", "reviewing_venue", "resume_pdf", *exclude])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)


def _store_pdf(graduate: Graduate, upload: UploadedFile) -> None:
    old = graduate.resume_pdf.name
    graduate.resume_pdf.save("resume.pdf", upload, save=False)  # upload_to generates the real name
    graduate.save(update_fields=["resume_pdf", "updated_at"])
    if old:
        delete_file_on_commit(graduate.resume_pdf.storage, old)


def _check_pdf(upload: UploadedFile | None, errors: dict) -> None:
    if upload is None:
        return
    try:
        validate_resume_pdf(upload)
    except ValidationError as exc:
        errors["resume_pdf"] = exc.messages


@transaction.atomic
def graduate_register(
    *,
    username: str,
    password: str,
    profile: dict[str, Any],
    preferred_provinces: list[Province] | None = None,
    privacy_consent: bool,
    resume_pdf: UploadedFile | None = None,
) -> Graduate:
    """Create the account and the profile, pending review by the education branch venue of the
    university's province. All or nothing: any invalid field raises one ValidationError naming every
    field that is wrong, and nothing is saved. A second identical submit (double click, two requests
    at once) finds the username taken and creates nothing.

    Side effects: a User and a Graduate; the PDF résumé in private storage; audit entry
    ``graduates.graduate.registered``.
    """
    errors: dict[str, Any] = {}
    # Stored in NFKC form (full-width letters become ASCII); taken if any account has it in any case.
    username = User.normalize_username((username or "").strip())
    user = User(username=username, email=(profile.get("email") or "").strip(), first_name=profile.get("name", ""))
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update({("username" if k == "username" else k): v for k, v in exc.message_dict.items()})
    try:
        validate_password(password or "", user=user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if not privacy_consent:
        errors["privacy_consent"] = _("请阅读并同意隐私条款后再注册。")
    graduate = Graduate(status=GraduateStatus.PENDING)
    _assign(graduate, profile, errors)
    _validate_model(graduate, errors)
    _check_pdf(resume_pdf, errors)
    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic():
            user.set_password(password)
            user.save()
    except IntegrityError as exc:  # the same username registered a moment ago (a double submit)
        raise ValidationError({"username": _("该用户名已被注册。")}, code="username_taken") from exc
    graduate.user = user
    graduate.privacy_consented_at = timezone.now()
    graduate.submitted_at = timezone.now()
    graduate.save()
    graduate.preferred_provinces.set(preferred_provinces or [])
    with new_file_discarded_on_error(graduate, "resume_pdf"):
        if resume_pdf is not None:
            _store_pdf(graduate, resume_pdf)
        audit_log(
            actor=user,
            action=GraduateAction.REGISTERED,
            target=graduate,
            venue=venue_of(graduate),
            data={"reviewing_venue": graduate.reviewing_venue.slug},
        )
    return graduate


@transaction.atomic
def graduate_update_profile(
    *,
    graduate: Graduate,
    actor,
    profile: dict[str, Any],
    preferred_provinces: list[Province] | None = None,
    resume_pdf: UploadedFile | None = None,
    remove_resume_pdf: bool = False,
    resubmit: bool = False,
) -> Graduate:
    """Change the profile. Once approved, the identity the reviewer checked (name, university and its
    province, degree, major, discipline, graduation year) is fixed; everything else may change. Before
    approval a change of province moves the review to that province's education branch venue.
    ``resubmit`` sends a rejected registration back for review after the corrections.

    Side effects: the profile; the PDF replaced or removed (the old file deleted after commit); audit
    entry ``graduates.graduate.updated`` listing the changed fields (not their values); on resubmit
    the transition rejected → pending.
    """
    graduate = Graduate.objects.select_for_update(of=("self",)).select_related("user").get(pk=graduate.pk)
    errors: dict[str, Any] = {}
    changed = _assign(graduate, profile, errors)
    if graduate.status == GraduateStatus.APPROVED:
        for name in set(changed) & set(IDENTITY_FIELDS):
            errors[name] = _("审核通过后不能修改此项；如需更正，请联系审核会场。")
    _validate_model(graduate, errors)
    if graduate.university_confirmed_at is not None and set(changed) & set(CONFIRMED_FIELDS):
        graduate.university_confirmed_at, graduate.university_confirmed_by = None, None
    _check_pdf(resume_pdf, errors)
    if errors:
        raise ValidationError(errors)
    if preferred_provinces is not None:
        before = set(graduate.preferred_provinces.values_list("pk", flat=True))
        if before != {p.pk for p in preferred_provinces}:
            graduate.preferred_provinces.set(preferred_provinces)
            changed.append("preferred_provinces")
    graduate.save()
    if "email" in changed and graduate.user.email != graduate.email:
        graduate.user.email = graduate.email  # notifications are emailed to the account's address
        graduate.user.save(update_fields=["email"])
    with new_file_discarded_on_error(graduate, "resume_pdf"):
        if resume_pdf is not None:
            _store_pdf(graduate, resume_pdf)
            changed.append("resume_pdf")
        elif remove_resume_pdf and graduate.resume_pdf:
            delete_file_on_commit(graduate.resume_pdf.storage, graduate.resume_pdf.name)
            graduate.resume_pdf = ""
            graduate.save(update_fields=["resume_pdf", "updated_at"])
            changed.append("resume_pdf")
        if changed:
            audit_log(
                actor=actor,
                action=GraduateAction.UPDATED,
                target=graduate,
                venue=venue_of(graduate),
                data={"fields": sorted(changed)},
            )
        if resubmit and graduate.status == GraduateStatus.REJECTED:
            graduate = graduate_resubmit(graduate=graduate, actor=actor)
    return graduate
