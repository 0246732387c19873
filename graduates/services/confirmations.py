"""A university's career centre confirms its own graduates (student number, degree, major, graduation
year). A confirmation of a graduate still pending review is also the review's approval: where a
university has career-centre staff on the portal, they — not the province's education venue — know
who studied there. The pages and the API call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.reference.enums import DegreeLevel
from universities.selectors import approved_career_centre_of
from venues.permissions import venue_of

from ..enums import GraduateAction, GraduateStatus
from ..models import Graduate
from .profiles import MAX_GRADUATION_YEAR, MIN_GRADUATION_YEAR
from .reviews import graduate_approve

APPROVAL_NOTE = "高校就业指导中心已确认学籍信息"


def _details(*, student_number: str, degree: str, major: str, graduation_year) -> dict:
    student_number, major = (student_number or "").strip(), (major or "").strip()
    errors = {}
    if not student_number:
        errors["student_number"] = _("请填写学号。")
    elif len(student_number) > 30:
        errors["student_number"] = _("学号不能超过30个字符。")
    if degree not in DegreeLevel.values:
        errors["degree"] = _("请选择有效的学历。")
    if not major:
        errors["major"] = _("请填写专业。")
    elif len(major) > 100:
        errors["major"] = _("专业不能超过100个字。")
    if not isinstance(graduation_year, int) or not MIN_GRADUATION_YEAR <= graduation_year <= MAX_GRADUATION_YEAR:
        errors["graduation_year"] = _("毕业年份应在%(min)d至%(max)d之间。") % {
            "min": MIN_GRADUATION_YEAR,
            "max": MAX_GRADUATION_YEAR,
        }
    if errors:
        raise ValidationError(errors)
    return {"student_number": student_number, "degree": degree, "major": major, "graduation_year": graduation_year}


@transaction.atomic
def graduate_confirm(
    *, graduate: Graduate, actor, student_number: str, degree: str, major: str, graduation_year: int
) -> Graduate:
    """The career centre confirms (and may correct) the graduate's student number, degree, major and
    graduation year. ``actor`` must be an approved member of the career centre of the graduate's
    listed university. Side effects: audit entry ``graduates.graduate.confirmed``; a pending
    graduate is approved (its audit entry and notification)."""
    member = approved_career_centre_of(actor)
    graduate = Graduate.objects.select_for_update(of=("self",)).get(pk=graduate.pk)
    if member is None or graduate.listed_university_id != member.university_id:
        raise ValidationError(_("只能确认本校的毕业生。"), code="not_own_graduate")
    details = _details(student_number=student_number, degree=degree, major=major, graduation_year=graduation_year)
    changed = sorted(name for name, value in details.items() if getattr(graduate, name) != value)
    for name, value in details.items():
        setattr(graduate, name, value)
    graduate.university_confirmed_at, graduate.university_confirmed_by = timezone.now(), actor
    graduate.save(update_fields=[*details, "university_confirmed_at", "university_confirmed_by", "updated_at"])
    audit_log(
        actor=actor,
        action=GraduateAction.CONFIRMED,
        target=graduate,
        venue=venue_of(graduate),
        data={"university": member.university_id, "corrected": changed},
    )
    if graduate.status == GraduateStatus.PENDING:
        graduate = graduate_approve(graduate=graduate, actor=actor, note=APPROVAL_NOTE)
    return graduate


def graduates_confirm_as_entered(*, graduates: list[Graduate], actor) -> tuple[list[Graduate], list[str]]:
    """Confirm several graduates with the details they entered themselves (the bulk action). Each one
    is its own transaction, so one refusal (e.g. no student number yet) keeps the others. Returns the
    confirmed graduates and one line per refusal."""
    done, refused = [], []
    for graduate in graduates:
        try:
            done.append(
                graduate_confirm(
                    graduate=graduate,
                    actor=actor,
                    student_number=graduate.student_number,
                    degree=graduate.degree,
                    major=graduate.major,
                    graduation_year=graduate.graduation_year,
                )
            )
        except ValidationError as exc:
            refused.append(f"{graduate.name}: {'; '.join(exc.messages)}")
    return done, refused
