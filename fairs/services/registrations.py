"""Writes for recruitment weeks and fair registrations."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.enums import EmployerStatus, PostingStatus
from employers.models import Employer, EmployerMember
from employers.selectors import team_recipients
from events.enums import FairRegistrationStatus, WeekStatus
from events.models import FairRegistration, RecruitmentWeek
from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.workflow import Review, require_reason, transition
from venues.permissions import venue_of

from ..enums import FairAction

REVIEW = Review(
    moves=FairRegistrationStatus.moves,
    related=("employer__user", "week", "venue"),
    # Fair registrations are the team's administrators' business.
    recipient=lambda registration: team_recipients(employer=registration.employer, administrators_only=True),
    payload=lambda registration: {
        "employer_name": registration.employer.name,
        "week_name": registration.week.name,
        "venue_name": registration.venue.name,
    },
    venue=venue_of,
)


@transaction.atomic
def fair_registration_approve(*, registration: FairRegistration, actor, note: str = "") -> FairRegistration:
    """pending → approved. Side effects: audit entry; notification to the employer; its postings'
    facets name this week and venue from now on (the job search's filters: employers.search_text)."""
    return REVIEW.decide(
        registration,
        verb="approved",
        action=FairAction.APPROVED,
        actor=actor,
        kind=NotificationKind.FAIR_REGISTRATION_APPROVED,
        reason=note.strip(),
    )


@transaction.atomic
def fair_registration_reject(*, registration: FairRegistration, actor, reason: str) -> FairRegistration:
    """pending → rejected with a required reason. Side effects: audit entry; notification."""
    return REVIEW.decide(
        registration,
        verb="rejected",
        action=FairAction.REJECTED,
        actor=actor,
        kind=NotificationKind.FAIR_REGISTRATION_REJECTED,
        reason=require_reason(reason),
    )


# --- The employer's side: apply and withdraw ------------------------------------------------------


def _apply_errors(*, employer, week: RecruitmentWeek, postings) -> dict[str, list]:
    if not Employer.objects.filter(pk=employer.pk, status=EmployerStatus.APPROVED).exists():
        raise ValidationError(_("单位注册信息审核通过后才能申请加入招聘会。"), code="employer_not_approved")
    errors: dict[str, list] = {}
    if week.status_at() == WeekStatus.CLOSED:
        errors["week"] = [ValidationError(_("该招聘周已结束，不能再报名。"), code="week_closed")]
    if not postings:
        errors["postings"] = [ValidationError(_("请至少选择一个已发布的职位。"), code="required")]
    elif any(p.employer_id != employer.pk or p.status != PostingStatus.PUBLISHED for p in postings):
        errors["postings"] = [ValidationError(_("只能选择本单位已发布的职位。"), code="posting_not_own_published")]
    return errors


@transaction.atomic
def fair_registration_apply(
    *,
    employer,
    week: RecruitmentWeek,
    venue,
    postings,
    actor,
    on_duty_member: EmployerMember | None = None,
    on_duty_hours: str = "",
) -> FairRegistration:
    """Apply to join ``week``'s fair at ``venue`` (申请加入招聘会), showing ``postings`` there.

    Approved employers only; the week must not be over; the postings must be the employer's own and
    published. One registration per (employer, week, venue): a double click or two concurrent
    requests give one row (the unique constraint decides the race) and the second changes nothing.
    A withdrawn or rejected registration is submitted again, with the new postings. The on-duty person
    (专人), optional, is a member of the employer's team, with the hours they answer.
    Side effects: audit ``events.fairregistration.submitted`` (or ``.resubmitted``).
    """
    postings = list(postings)
    errors = _apply_errors(employer=employer, week=week, postings=postings)
    if on_duty_member is not None and on_duty_member.employer_id != employer.pk:
        errors["on_duty_member"] = [_("在线专人须是本单位的团队成员。")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            registration = FairRegistration.objects.create(employer=employer, week=week, venue=venue)
    except IntegrityError:
        registration = FairRegistration.objects.select_for_update().get(employer=employer, week=week, venue=venue)
        if registration.status in FairRegistrationStatus.active:
            return registration  # already applied: the same registration, nothing new
        transition(
            registration,
            move=FairRegistrationStatus.moves["resubmitted"],
            actor=actor,
            action=FairAction.RESUBMITTED,
            venue=venue_of(registration),
            changes={"submitted_at": timezone.now(), "status_reason": "", "reviewed_by": None, "reviewed_at": None},
            data={"postings": [p.pk for p in postings]},
        )
    else:
        audit_log(
            actor=actor,
            action=FairAction.SUBMITTED,
            target=registration,
            venue=venue_of(registration),
            data={"postings": [p.pk for p in postings]},
        )
    registration.postings.set(postings)
    duty = {"on_duty_member": on_duty_member, "on_duty_hours": (on_duty_hours or "").strip()[:100]}
    if any(getattr(registration, name) != value for name, value in duty.items()):
        for name, value in duty.items():
            setattr(registration, name, value)
        registration.save(update_fields=list(duty))
    return registration


@transaction.atomic
def fair_registration_withdraw(*, registration: FairRegistration, actor) -> FairRegistration:
    """pending or approved → withdrawn, while the week is not over (the postings leave that fair).
    Side effects: audit ``events.fairregistration.withdrawn``."""
    registration = FairRegistration.objects.select_for_update().select_related("week").get(pk=registration.pk)
    if registration.week.status_at() == WeekStatus.CLOSED:
        raise ValidationError(_("该招聘周已结束，不能撤回报名。"), code="week_closed")
    transition(
        registration,
        move=FairRegistrationStatus.moves["withdrawn"],
        actor=actor,
        action=FairAction.WITHDRAWN,
        venue=venue_of(registration),
    )
    return registration
