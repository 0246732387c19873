"""A graduate applies, withdraws and answers an offer; the employer moves the application on. Every change is audited
and notifies the other side (the graduate for the employer's moves, the employer for the graduate's)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from employers.models import JobPosting
from employers.selectors import posting_is_public, team_recipients
from graduates.enums import ApplicationStatus, GraduateStatus, InterviewMode, Outcome
from graduates.models import Application, Graduate
from graduates.services import graduate_record_outcome
from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.keys import audit_notice_key
from recruitment_weeks.notifications.services import notify
from recruitment_weeks.workflow import require_reason, transition
from venues.permissions import venue_of

from ..enums import ApplicationAction


def _lock_application(application: Application) -> Application:
    return (
        # of=self: PostgreSQL cannot lock the nullable side (graduate) of the outer join.
        Application.objects.select_for_update(of=("self",))
        .select_related("graduate__user", "posting__employer__user")
        .get(pk=application.pk)
    )


def _application_payload(application: Application, recipient) -> dict:
    """What the notification tells: the labels in the recipient's language (not the actor's)."""
    with translation.override(getattr(recipient, "language", None) or settings.LANGUAGE_CODE):
        return _application_facts(application)


def _notify_team(application: Application, entry, *, kind: str, graduate_reason: str | None = None) -> None:
    """Tell every member of the employer's team (applications are recruiting work), each in their
    language; one notification per member and audit entry."""
    for user in team_recipients(employer=application.posting.employer):
        payload = _application_payload(application, user)
        if graduate_reason is not None:
            payload = {**{k: v for k, v in payload.items() if k != "reason"}, "graduate_reason": graduate_reason}
        notify(recipient=user, kind=kind, payload=payload, dedupe_key=audit_notice_key(entry.pk, user.pk))


def _application_facts(application: Application) -> dict:
    posting = application.posting
    return {
        "application_id": application.pk,  # the application page the notification links to
        "posting_title": posting.title,
        "employer_name": posting.employer.name,
        "graduate_name": application.graduate.name if application.graduate else "",
        "status_label": str(application.get_status_display()),
        "reason": application.status_reason,
        "interview_at": application.interview_at.isoformat() if application.interview_at else "",
        "interview_mode": str(application.get_interview_mode_display()) if application.interview_mode else "",
        # The code, so that the inbox and the email put the location under the label of its mode.
        "interview_mode_value": application.interview_mode,
        "interview_location": application.interview_location,
        "interview_note": application.interview_note,
    }


def _notify_graduate(application: Application, entry) -> None:
    if application.graduate is None:  # the graduate deleted their account: nobody to tell
        return
    notify(
        recipient=application.graduate.user,
        kind=NotificationKind.APPLICATION_CHANGED,
        payload=_application_payload(application, application.graduate.user),
        dedupe_key=audit_notice_key(entry.pk, application.graduate.user_id),
    )


# The employer's moves that answer the graduate (a decision); "viewed" only says it was opened.
ANSWERING_VERBS = frozenset({"interview", "offer", "hired", "rejected"})


def record_first_answer(*, application: Application, at: dt.datetime | None = None) -> bool:
    """Record ``at`` (default now) as the time the employer first answered ``application`` — a decision
    or a first message — unless an answer is recorded already. One conditional UPDATE (… WHERE
    first_answered_at IS NULL), so concurrent first answers keep the earliest committed one and a
    repeated call changes nothing; safe inside or outside a transaction. Returns whether it was set.
    Side effects: none beyond the column (the responsiveness sweep reads it)."""
    at = at or timezone.now()
    updated = Application.objects.filter(pk=application.pk, first_answered_at__isnull=True).update(first_answered_at=at)
    if updated:
        application.first_answered_at = at
    return bool(updated)


def _employer_move(
    application: Application, *, actor, verb: str, action: ApplicationAction, changes=None
) -> Application:
    application = _lock_application(application)
    entry = transition(
        application,
        move=ApplicationStatus.moves[verb],
        actor=actor,
        action=action,
        venue=venue_of(application),
        changes={"status_changed_at": timezone.now(), **(changes or {})},
        data={k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in (changes or {}).items()},
    )
    if verb in ANSWERING_VERBS:  # after the move: a refused move records nothing
        record_first_answer(application=application, at=application.status_changed_at)
    _notify_graduate(application, entry)
    return application


@transaction.atomic
def application_submit(*, graduate: Graduate, posting: JobPosting, note: str = "") -> Application:
    """Apply to a public posting, once. A double click or two concurrent requests give one row: the
    second finds the first (the unique constraint decides the race). A withdrawn application may be
    submitted again. Side effects: audit entry; notification to the employer."""
    if graduate.status != GraduateStatus.APPROVED:
        raise ValidationError(_("您的注册信息尚未审核通过，暂不能投递简历。"), code="graduate_not_approved")
    if not posting_is_public(posting):
        raise ValidationError(_("该职位已关闭或不存在。"), code="posting_not_public")
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": _("附言不能超过500字。")}, code="note_too_long")
    try:
        with transaction.atomic():
            application = Application.objects.create(graduate=graduate, posting=posting, note=note)
    except IntegrityError:
        application = _lock_application(Application.objects.get(graduate=graduate, posting=posting))
        if application.status != ApplicationStatus.WITHDRAWN:
            return application  # already applied: the same application, nothing new
        entry = transition(
            application,
            move=ApplicationStatus.moves["resubmitted"],
            actor=graduate.user,
            action=ApplicationAction.RESUBMITTED,
            venue=venue_of(application),
            changes={"note": note, "status_changed_at": timezone.now(), "status_reason": ""},
        )
    else:
        entry = audit_log(
            actor=graduate.user,
            action=ApplicationAction.SUBMITTED,
            target=application,
            venue=venue_of(application),
            data={"posting": posting.pk},
        )
    application = _lock_application(application)
    _notify_team(application, entry, kind=NotificationKind.APPLICATION_RECEIVED)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor) -> Application:
    """The graduate withdraws an application not yet decided. Side effects: audit; notice to the employer."""
    application = _lock_application(application)
    entry = transition(
        application,
        move=ApplicationStatus.moves["withdrawn"],
        actor=actor,
        action=ApplicationAction.WITHDRAWN,
        venue=venue_of(application),
        changes={"status_changed_at": timezone.now()},
    )
    _notify_team(application, entry, kind=NotificationKind.APPLICATION_WITHDRAWN)
    return application


DECLINE_REASON_MAX = 500


def _graduate_answer(application: Application, *, actor, verb: str, action: ApplicationAction, reason: str = ""):
    """offer → accepted / declined, by the graduate. Side effects: audit; notice to the employer."""
    application = _lock_application(application)
    entry = transition(
        application,
        move=ApplicationStatus.moves[verb],
        actor=actor,
        action=action,
        venue=venue_of(application),
        changes={"status_changed_at": timezone.now(), "status_reason": reason},
        data={"reason": reason} if reason else None,
    )
    _notify_team(application, entry, kind=NotificationKind.OFFER_ANSWERED, graduate_reason=reason)
    return application


@transaction.atomic
def application_accept(*, application: Application, actor) -> Application:
    """The graduate accepts the offer (offer → accepted); the employer then confirms the hire."""
    return _graduate_answer(application, actor=actor, verb="accepted", action=ApplicationAction.ACCEPTED)


@transaction.atomic
def application_decline(*, application: Application, actor, reason: str = "") -> Application:
    """The graduate declines the offer (offer → declined), with an optional reason the employer reads."""
    reason = (reason or "").strip()
    if len(reason) > DECLINE_REASON_MAX:
        raise ValidationError(
            {"reason": _("原因不能超过%(max)d字。") % {"max": DECLINE_REASON_MAX}}, code="reason_too_long"
        )
    return _graduate_answer(application, actor=actor, verb="declined", action=ApplicationAction.DECLINED, reason=reason)


@transaction.atomic
def application_mark_viewed(*, application: Application, actor) -> Application:
    """submitted → viewed, when the employer first opens it; opening it again changes nothing."""
    application = _lock_application(application)
    if application.status != ApplicationStatus.SUBMITTED:
        return application
    return _employer_move(
        application,
        actor=actor,
        verb="viewed",
        action=ApplicationAction.VIEWED,
    )


@transaction.atomic
def application_invite(*, application: Application, actor, at, mode: str, location: str, note: str = "") -> Application:
    """Invite to (or reschedule) an interview: time in the future, mode, meeting link or phone number."""
    errors = {}
    if at is None or at <= timezone.now():
        errors["at"] = _("面试时间必须晚于当前时间。")
    if mode not in InterviewMode.values:
        errors["mode"] = _("请选择面试方式。")
    if not (location or "").strip():
        errors["location"] = _("请填写会议链接、电话号码或面试地点。")
    if errors:
        raise ValidationError(errors)
    changes = {
        "interview_at": at,
        "interview_mode": mode,
        "interview_location": location.strip(),
        "interview_note": (note or "").strip(),
    }
    return _employer_move(
        application,
        actor=actor,
        verb="interview",
        action=ApplicationAction.INTERVIEW,
        changes=changes,
    )


@transaction.atomic
def application_offer(*, application: Application, actor) -> Application:
    """interview → offer."""
    return _employer_move(application, actor=actor, verb="offer", action=ApplicationAction.OFFER)


@transaction.atomic
def application_hire(*, application: Application, actor) -> Application:
    """offer (or an offer the graduate accepted) → hired. The hire is the graduate's 毕业去向 (签约就业
    at the employer) unless they recorded another one already (still looking counts as none); they
    may change it afterwards. Side effects: those of the move, and of ``graduate_record_outcome``."""
    application = _employer_move(application, actor=actor, verb="hired", action=ApplicationAction.HIRED)
    graduate = application.graduate
    if graduate is not None and graduate.outcome in ("", Outcome.LOOKING):
        graduate_record_outcome(
            graduate=graduate,
            actor=actor,
            outcome=Outcome.SIGNED,
            organisation=application.posting.employer.name[:100],
        )
    return application


@transaction.atomic
def application_reject(*, application: Application, actor, reason: str) -> Application:
    """Any undecided state → rejected, with a reason the graduate reads."""
    return _employer_move(
        application,
        actor=actor,
        verb="rejected",
        action=ApplicationAction.REJECTED,
        changes={"status_reason": require_reason(reason)},
    )
