"""Registration of an employer (account + profile + licence) and later edits of its profile."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.reference.validators import normalize_mobile, normalize_uscc
from recruitment_weeks.uploads import delete_file_on_commit, new_file_discarded_on_error
from venues.enums import System, VenueKind
from venues.models import Province, Venue
from venues.permissions import venue_of

from ..enums import EmployerAction, EmployerStatus, MemberRole
from ..models import Employer, EmployerMember
from ..search_text import refresh_employer_postings
from ..validators import licence_extension
from .reviews import employer_resubmit

# Everything an employer fills in about itself (the account and the licence come separately).
PROFILE_FIELDS = (
    "name",
    "uscc",
    "ownership",
    "industry",
    "size",
    "province",
    "city",
    "address",
    "website",
    "description",
    "contact_name",
    "contact_title",
    "contact_mobile",
    "contact_email",
    "reviewing_venue",
)
OPTIONAL_FIELDS = ("website", "reviewing_venue")
# What the reviewer checked: fixed once approved (a change would need a new review). The province is
# among them: it decides which province's staff review the employer and see its records.
REVIEWED_FIELDS = ("name", "uscc", "province", "reviewing_venue", "licence")

USCC_TAKEN = _("该统一社会信用代码已注册。")
USERNAME_TAKEN = _("该用户名已被使用，请换一个。")
REQUIRED = _("请填写此项。")


def default_reviewing_venue(province: Province | None) -> Venue | None:
    """The HR-system branch venue of the employer's province (the notice: HR departments organise
    employers), or the HR main venue where a province has none."""
    if province is not None:
        venue = Venue.objects.filter(kind=VenueKind.BRANCH, system=System.HR, province=province).first()
        if venue is not None:
            return venue
    return Venue.objects.filter(kind=VenueKind.MAIN, system=System.HR).first()


def _normalised(profile: dict[str, Any]) -> dict[str, Any]:
    values = {name: profile[name] for name in PROFILE_FIELDS if name in profile}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    if "uscc" in values:
        values["uscc"] = normalize_uscc(values["uscc"])
    if "contact_mobile" in values:
        values["contact_mobile"] = normalize_mobile(values["contact_mobile"])
    return values


def _validate_profile(employer: Employer, *, check: tuple[str, ...]) -> None:
    """Model validation (choices, lengths, the USCC check character, mobile, email) plus presence and
    uniqueness, all keyed by field name so forms and the API show each next to its field."""
    errors: dict[str, list] = {}
    for name in check:
        if name not in OPTIONAL_FIELDS and getattr(employer, name if name != "province" else "province_id") in (
            None,
            "",
        ):
            errors.setdefault(name, []).append(ValidationError(REQUIRED, code="required"))
    try:
        employer.full_clean(
            exclude=[f.name for f in Employer._meta.fields if f.name not in check],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.error_dict.items():
            if name not in errors:  # "required" already says it
                errors.setdefault(name, []).extend(messages)
    if (
        "uscc" in check
        and "uscc" not in errors
        and Employer.objects.filter(uscc=employer.uscc).exclude(pk=employer.pk).exists()
    ):
        errors["uscc"] = [ValidationError(USCC_TAKEN, code="uscc_taken")]
    if errors:
        raise ValidationError(errors)


def _store_licence(employer: Employer, licence: UploadedFile) -> None:
    ext = licence_extension(licence)  # raises for a wrong type or size
    employer.licence.save(f"licence{ext}", licence, save=False)


@transaction.atomic
def employer_register(
    *, username: str, password: str, email: str, profile: dict[str, Any], licence: UploadedFile | None
) -> Employer:
    """Create the account and the employer profile together, pending review.

    Validates every field (the USCC's format, check character and uniqueness, the password with
    Django's validators, the licence by content and size) and raises one ValidationError keyed by
    field. A duplicate USCC or username that slips past the check in a race is caught at the
    database and reported the same way. The reviewing venue defaults to the HR branch venue of the
    employer's province.
    Side effects: a User, an Employer with the user as its administrator (EmployerMember), the licence
    file in private storage (removed again if the registration fails), audit entry ``employers.employer.registered``.
    """
    values = _normalised(profile)
    # Stored in NFKC form; taken if any account has it in any case (as the unique index says).
    username, email = User.normalize_username((username or "").strip()), (email or "").strip()
    if not values.get("reviewing_venue"):
        values["reviewing_venue"] = default_reviewing_venue(values.get("province"))
    user = User(username=username, email=email)
    employer = Employer(user=user, status=EmployerStatus.PENDING, **values)

    errors: dict[str, list] = {}
    if not username:
        errors["username"] = [ValidationError(REQUIRED, code="required")]
    else:
        try:
            user.clean_fields(exclude=[f.name for f in User._meta.fields if f.name != "username"])
        except ValidationError as exc:
            errors.update(exc.error_dict)
        if "username" not in errors and User.objects.filter(username__iexact=username).exists():
            errors["username"] = [ValidationError(USERNAME_TAKEN, code="username_taken")]
    try:
        validate_email(email)
    except ValidationError as exc:
        errors["email"] = [exc]
    try:
        validate_password(password or "", user)
    except ValidationError as exc:
        errors["password"] = exc.error_list
    try:
        _validate_profile(employer, check=PROFILE_FIELDS)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if licence is None:
        errors["licence"] = [ValidationError(_("请上传营业执照。"), code="required")]
    else:
        try:
            licence_extension(licence)
        except ValidationError as exc:
            errors["licence"] = [exc]
    if errors:
        raise ValidationError(errors)

    with new_file_discarded_on_error(employer, "licence"):
        _store_licence(employer, licence)
        try:
            with transaction.atomic():
                user.set_password(password)
                user.save()
                employer.user = user
                employer.save()
                # The registering account is the team's first administrator.
                EmployerMember.objects.create(employer=employer, user=user, role=MemberRole.ADMINISTRATOR)
        except IntegrityError:
            if Employer.objects.filter(uscc=employer.uscc).exists():
                raise ValidationError({"uscc": [ValidationError(USCC_TAKEN, code="uscc_taken")]}) from None
            raise ValidationError({"username": [ValidationError(USERNAME_TAKEN, code="username_taken")]}) from None
        audit_log(
            actor=user,
            action=EmployerAction.REGISTERED,
            target=employer,
            venue=venue_of(employer),
            data={"uscc": employer.uscc, "reviewing_venue": employer.reviewing_venue.slug},
        )
    return employer


@transaction.atomic
def employer_update(
    *, employer: Employer, actor, changes: dict[str, Any], licence: UploadedFile | None = None
) -> Employer:
    """Edit the profile (and optionally replace the licence).

    Pending or rejected: every field. Approved or suspended: not the fields the reviewer checked
    (name, USCC, province, reviewing venue, licence) — those are refused with a message. A rejected employer's
    correction is its resubmission: it goes back to pending review.
    Side effects: audit entry ``employers.employer.updated`` with the changed field names; the
    postings' search text when the name changes; ``employers.employer.resubmitted`` after a
    rejection; a replaced licence file is deleted once the change commits.
    """
    employer = Employer.objects.select_for_update().select_related("reviewing_venue").get(pk=employer.pk)
    values = _normalised(changes)
    if "reviewing_venue" in values and not values["reviewing_venue"]:
        values["reviewing_venue"] = default_reviewing_venue(values.get("province", employer.province))
    changed = [name for name, value in values.items() if getattr(employer, name) != value]
    if licence is not None:
        changed.append("licence")
    locked = employer.status in (EmployerStatus.APPROVED, EmployerStatus.SUSPENDED)
    refused = [name for name in changed if locked and name in REVIEWED_FIELDS]
    if refused:
        raise ValidationError(
            {
                name: ValidationError(
                    _("审核通过后不能修改此项；如需变更，请联系审核会场。"), code="reviewed_field_locked"
                )
                for name in refused
            }
        )
    old_indexed = (employer.name, employer.industry, employer.ownership)
    for name in changed:
        if name != "licence":
            setattr(employer, name, values[name])
    _validate_profile(employer, check=tuple(name for name in changed if name != "licence"))

    old_licence = employer.licence.name
    with new_file_discarded_on_error(employer, "licence"):
        if licence is not None:
            try:
                _store_licence(employer, licence)
            except ValidationError as exc:
                raise ValidationError({"licence": [exc]}) from None
        try:
            with transaction.atomic():
                employer.save()
        except IntegrityError:
            raise ValidationError({"uscc": [ValidationError(USCC_TAKEN, code="uscc_taken")]}) from None
        if licence is not None and old_licence:
            delete_file_on_commit(employer.licence.storage, old_licence)
        if changed:
            audit_log(
                actor=actor,
                action=EmployerAction.UPDATED,
                target=employer,
                venue=venue_of(employer),
                data={"fields": changed},
            )
        if (employer.name, employer.industry, employer.ownership) != old_indexed:
            # The postings' search document holds the name, their facets the industry and ownership.
            refresh_employer_postings(employer=employer)
        if employer.status == EmployerStatus.REJECTED:
            employer = employer_resubmit(employer=employer, actor=actor)
    return employer
