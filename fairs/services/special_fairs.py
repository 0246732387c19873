"""专场: the organiser venue creates, publishes and cancels one; employers apply to join it and the
organiser's staff review the applications (the review flow of the week's fair registrations)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.enums import EmployerStatus
from employers.models import Employer, EmployerMember
from employers.selectors import team_recipients
from events.enums import FairRegistrationStatus, WeekStatus
from events.models import RecruitmentWeek
from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.reference.enums import DegreeLevel, Industry
from recruitment_weeks.workflow import Review, require_reason, transition
from venues.models import Venue

from ..enums import SpecialFairAction, SpecialFairScope, SpecialFairStatus
from ..models import SpecialFair, SpecialFairParticipation


def _scope_errors(*, venue: Venue, scope: str, partners: list[Venue]) -> list[ValidationError]:
    """The organisers a scope allows (the notice: branch venues, a province's two venues together,
    the main venues nationally, or provinces together)."""
    if scope == SpecialFairScope.NATIONAL:
        if not venue.is_main or partners:
            return [ValidationError(_("全国专场由主会场举办，不设联合主办会场。"), code="scope_shape")]
    elif venue.is_main:
        return [ValidationError(_("主会场只能举办全国专场。"), code="scope_shape")]
    elif scope == SpecialFairScope.VENUE and partners:
        return [ValidationError(_("分会场专场不设联合主办会场。"), code="scope_shape")]
    elif scope == SpecialFairScope.PROVINCE and (
        len(partners) != 1
        or partners[0].is_main
        or partners[0].province_id != venue.province_id
        or partners[0].system == venue.system
    ):
        return [ValidationError(_("省级联合专场由同一省份的两个分会场联合举办。"), code="scope_shape")]
    elif scope == SpecialFairScope.CROSS_PROVINCE and (
        not partners or any(p.is_main or p.province_id == venue.province_id for p in partners)
    ):
        return [ValidationError(_("跨省联合专场须有其他省份的分会场联合举办。"), code="scope_shape")]
    return []


def special_fair_check(
    *,
    week: RecruitmentWeek,
    venue: Venue,
    scope: str,
    title: str,
    partner_venues=(),
    employer_industries=(),
    graduate_degrees=(),
    **_lists,
) -> None:
    """Raise the reasons a 专场 with these facts cannot be created (by field); the admin's form shows
    them next to its fields before anything is written. The other lists need no check."""
    partners = [p for p in partner_venues if p.pk != venue.pk]
    errors: dict[str, list] = {}
    if week.status_at() == WeekStatus.CLOSED:
        errors["week"] = [ValidationError(_("该招聘周已结束，不能再举办专场。"), code="week_closed")]
    if scope_errors := _scope_errors(venue=venue, scope=scope, partners=partners):
        errors["scope"] = scope_errors
    if not (title or "").strip():
        errors["title"] = [ValidationError(_("请填写专场名称。"), code="required")]
    if any(i not in Industry.values for i in employer_industries):
        errors["employer_industries"] = [ValidationError(_("行业不在可选范围内。"), code="invalid_choice")]
    if any(d not in DegreeLevel.values for d in graduate_degrees):
        errors["graduate_degrees"] = [ValidationError(_("学历不在可选范围内。"), code="invalid_choice")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def special_fair_create(
    *,
    week: RecruitmentWeek,
    venue: Venue,
    scope: str,
    title: str,
    theme: str,
    actor,
    description: str = "",
    partner_venues=(),
    employer_industries=(),
    employer_provinces=(),
    graduate_degrees=(),
    graduate_disciplines=(),
    graduate_provinces=(),
) -> SpecialFair:
    """Create a 专场 of ``week`` organised by ``venue`` (with ``partner_venues`` for a joint one), as
    a draft; empty eligibility lists mean "any" (the rules: :func:`special_fair_check`).
    Side effects: audit ``fairs.specialfair.created``."""
    special_fair_check(
        week=week,
        venue=venue,
        scope=scope,
        title=title,
        partner_venues=partner_venues,
        employer_industries=employer_industries,
        graduate_degrees=graduate_degrees,
    )
    partners = [p for p in partner_venues if p.pk != venue.pk]
    special_fair = SpecialFair.objects.create(
        week=week,
        venue=venue,
        scope=scope,
        title=title.strip(),
        theme=theme,
        description=description.strip(),
        employer_industries=sorted(set(employer_industries)),
        graduate_degrees=[d for d in DegreeLevel.values if d in set(graduate_degrees)],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    special_fair.partner_venues.set(partners)
    special_fair.employer_provinces.set(employer_provinces)
    special_fair.graduate_disciplines.set(graduate_disciplines)
    special_fair.graduate_provinces.set(graduate_provinces)
    audit_log(
        actor=actor,
        action=SpecialFairAction.CREATED,
        target=special_fair,
        venue=venue,
        data={"scope": scope, "partners": [p.pk for p in partners]},
    )
    return special_fair


@transaction.atomic
def special_fair_publish(*, special_fair: SpecialFair, actor) -> SpecialFair:
    """draft → published: the 专场's page is public and employers may apply. Side effects: audit."""
    special_fair = SpecialFair.objects.select_for_update().get(pk=special_fair.pk)
    transition(
        special_fair,
        move=SpecialFairStatus.moves["published"],
        actor=actor,
        action=SpecialFairAction.PUBLISHED,
        venue=special_fair.venue_id,
        changes={"published_at": timezone.now()},
    )
    return special_fair


@transaction.atomic
def special_fair_cancel(*, special_fair: SpecialFair, actor) -> SpecialFair:
    """draft or published → cancelled. Side effects: audit."""
    special_fair = SpecialFair.objects.select_for_update().get(pk=special_fair.pk)
    transition(
        special_fair,
        move=SpecialFairStatus.moves["cancelled"],
        actor=actor,
        action=SpecialFairAction.CANCELLED,
        venue=special_fair.venue_id,
    )
    return special_fair


# --- Employers joining a 专场 -----------------------------------------------------------------------


def employer_eligibility_errors(*, special_fair: SpecialFair, employer: Employer) -> list[ValidationError]:
    """Why ``employer`` may not join ``special_fair`` (empty: it may). Reads the 专场's provinces (one
    query unless prefetched)."""
    errors = []
    if special_fair.employer_industries and employer.industry not in special_fair.employer_industries:
        names = "、".join(str(Industry(i).label) for i in special_fair.employer_industries)
        errors.append(
            ValidationError(
                _("本专场仅限以下行业的用人单位参加：%(industries)s。"),
                code="employer_industry_ineligible",
                params={"industries": names},
            )
        )
    provinces = list(special_fair.employer_provinces.all())
    if provinces and employer.province_id not in {p.pk for p in provinces}:
        errors.append(
            ValidationError(
                _("本专场仅限所在省份为%(provinces)s的用人单位参加。"),
                code="employer_province_ineligible",
                params={"provinces": "、".join(str(p) for p in provinces)},
            )
        )
    return errors


@transaction.atomic
def participation_apply(
    *,
    special_fair: SpecialFair,
    employer: Employer,
    actor,
    on_duty_name: str = "",
    on_duty_hours: str = "",
    on_duty_member: EmployerMember | None = None,
) -> SpecialFairParticipation:
    """Apply to join a published 专场 (申请加入专场) with the booth's on-duty person and hours.

    Approved employers only, eligible by the 专场's rules, while its week is not over. One
    application per employer and 专场: a repeated call returns the active one unchanged; a withdrawn
    or rejected one is submitted again. Side effects: audit ``…participation.submitted`` (or
    ``.resubmitted``)."""
    if not Employer.objects.filter(pk=employer.pk, status=EmployerStatus.APPROVED).exists():
        raise ValidationError(_("单位注册信息审核通过后才能申请加入专场。"), code="employer_not_approved")
    special_fair = SpecialFair.objects.select_related("week").get(pk=special_fair.pk)
    if special_fair.status != SpecialFairStatus.PUBLISHED:
        raise ValidationError(_("该专场未发布或已取消，不能报名。"), code="special_fair_not_published")
    if special_fair.week.status_at() == WeekStatus.CLOSED:
        raise ValidationError(_("该招聘周已结束，不能再报名。"), code="week_closed")
    if errors := employer_eligibility_errors(special_fair=special_fair, employer=employer):
        raise ValidationError(errors)
    if on_duty_member is not None and on_duty_member.employer_id != employer.pk:
        raise ValidationError({"on_duty_member": [_("在线专人须是本单位的团队成员。")]})
    booth = {"on_duty_name": on_duty_name.strip(), "on_duty_hours": on_duty_hours.strip()}
    if on_duty_member is not None:
        booth["on_duty_member"] = on_duty_member
    try:
        with transaction.atomic():
            participation = SpecialFairParticipation.objects.create(
                special_fair=special_fair, employer=employer, **booth
            )
    except IntegrityError:
        participation = SpecialFairParticipation.objects.select_for_update().get(
            special_fair=special_fair, employer=employer
        )
        if participation.status in FairRegistrationStatus.active:
            return participation
        transition(
            participation,
            move=FairRegistrationStatus.moves["resubmitted"],
            actor=actor,
            action=SpecialFairAction.PARTICIPATION_RESUBMITTED,
            venue=special_fair.venue_id,
            changes={
                "submitted_at": timezone.now(),
                "status_reason": "",
                "reviewed_by": None,
                "reviewed_at": None,
                **booth,
            },
        )
    else:
        audit_log(
            actor=actor,
            action=SpecialFairAction.PARTICIPATION_SUBMITTED,
            target=participation,
            venue=special_fair.venue_id,
        )
    return participation


PARTICIPATION_REVIEW = Review(
    moves=FairRegistrationStatus.moves,
    related=("employer__user", "special_fair__week", "special_fair__venue"),
    recipient=lambda participation: team_recipients(employer=participation.employer, administrators_only=True),
    payload=lambda participation: {
        "employer_name": participation.employer.name,
        "special_fair_name": participation.special_fair.title,
        "special_fair_id": participation.special_fair_id,
        "week_name": participation.special_fair.week.name,
        "venue_name": participation.special_fair.venue.name,
    },
    venue=lambda participation: participation.special_fair.venue_id,
)


@transaction.atomic
def participation_approve(*, participation: SpecialFairParticipation, actor, note: str = ""):
    """pending → approved: the employer's booth is on the 专场 and it may schedule sessions there.
    Side effects: audit entry; notification to the employer."""
    return PARTICIPATION_REVIEW.decide(
        participation,
        verb="approved",
        action=SpecialFairAction.PARTICIPATION_APPROVED,
        actor=actor,
        kind=NotificationKind.SPECIAL_FAIR_APPROVED,
        reason=note.strip(),
    )


@transaction.atomic
def participation_reject(*, participation: SpecialFairParticipation, actor, reason: str):
    """pending → rejected with a required reason. Side effects: audit entry; notification."""
    return PARTICIPATION_REVIEW.decide(
        participation,
        verb="rejected",
        action=SpecialFairAction.PARTICIPATION_REJECTED,
        actor=actor,
        kind=NotificationKind.SPECIAL_FAIR_REJECTED,
        reason=require_reason(reason),
    )


@transaction.atomic
def participation_withdraw(*, participation: SpecialFairParticipation, actor) -> SpecialFairParticipation:
    """pending or approved → withdrawn. Side effects: audit entry."""
    participation = (
        SpecialFairParticipation.objects.select_for_update().select_related("special_fair").get(pk=participation.pk)
    )
    transition(
        participation,
        move=FairRegistrationStatus.moves["withdrawn"],
        actor=actor,
        action=SpecialFairAction.PARTICIPATION_WITHDRAWN,
        venue=participation.special_fair.venue_id,
    )
    return participation
