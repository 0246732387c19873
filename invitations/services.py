"""Writes of invitations (邀约): the employer sends and withdraws, the graduate accepts or declines, the
sweep expires the unanswered. Every change is audited (filed under the employer's reviewing venue)
and tells the other side: ``invitation_received`` to the graduate, ``invitation_answered`` to the
employer."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from employers.models import Employer, JobPosting
from employers.selectors import posting_is_public, team_recipients
from fairs.enums import SessionStatus
from fairs.models import Session
from graduates.enums import GraduateStatus
from graduates.models import Graduate
from marketplace import matching
from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.keys import audit_notice_key
from recruitment_weeks.notifications.services import notify
from recruitment_weeks.workflow import transition

from .enums import InvitationAction, InvitationStatus
from .models import MESSAGE_MAX, Invitation

# The days people count in: the daily limit starts again at midnight in Beijing, wherever the server is.
DAY_ZONE = ZoneInfo("Asia/Shanghai")


def daily_limit() -> int:
    return settings.INVITATIONS_PER_EMPLOYER_PER_DAY


def expiry_age() -> dt.timedelta:
    return dt.timedelta(days=settings.INVITATION_EXPIRY_DAYS)


def day_bounds(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The Asia/Shanghai day that ``now`` falls in, as [start, end) aware datetimes."""
    local = now.astimezone(DAY_ZONE)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(days=1)


def sent_today(*, employer: Employer, now: dt.datetime | None = None) -> int:
    """How many invitations the employer sent in the current Asia/Shanghai day (withdrawn ones too:
    the limit is on sending)."""
    start, end = day_bounds(now or timezone.now())
    return Invitation.objects.filter(employer=employer, created_at__gte=start, created_at__lt=end).count()


def _facts(invitation: Invitation, recipient) -> dict:
    """What the notification tells, in the recipient's language."""
    with translation.override(getattr(recipient, "language", None) or settings.LANGUAGE_CODE):
        return {
            "invitation_id": invitation.pk,  # the invitation the notification links to
            "posting_title": invitation.posting.title,
            "employer_name": invitation.employer.name,
            "graduate_name": invitation.graduate.name,
            "session_title": invitation.session.title if invitation.session_id else "",
            "message": invitation.message,
            "status_label": str(invitation.get_status_display()),
        }


def _lock(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("employer__user", "graduate__user", "posting", "session")
        .get(pk=invitation.pk)
    )


def _check_session(session: Session | None, employer: Employer) -> None:
    if session is None:
        return
    if (
        session.employer_id != employer.pk
        or session.status != SessionStatus.APPROVED
        or session.starts_at <= timezone.now()
    ):
        raise ValidationError(
            {"session": _("只能邀请参加贵单位已审核通过、尚未开始的场次。")}, code="session_not_invitable"
        )


@transaction.atomic
def invitation_send(
    *,
    employer: Employer,
    posting: JobPosting,
    graduate: Graduate,
    actor,
    message: str = "",
    session: Session | None = None,
) -> Invitation:
    """Invite a graduate among the posting's matches to apply (or, with ``session``, to book it).

    Refused: an employer not approved; a posting not its own or not public; a graduate not approved or
    not showing their job-seeking information, or not among the posting's matches; a message over 500
    characters; a session not the employer's approved, upcoming one; a second open invitation for the
    same posting and graduate; more than INVITATIONS_PER_EMPLOYER_PER_DAY in one Asia/Shanghai day.
    The limit holds under concurrency: the employer's row is locked while counting and inserting.
    Side effects: audit entry; notification ``invitation_received`` to the graduate."""
    if not employer.is_approved:
        raise ValidationError(_("单位注册信息审核通过后才能发出邀约。"), code="employer_not_approved")
    if posting.employer_id != employer.pk or not posting_is_public(posting):
        raise ValidationError({"posting": _("只能为贵单位正在招聘的职位发出邀约。")}, code="posting_not_invitable")
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": _("邀约附言不能超过500字。")}, code="message_too_long")
    if graduate.status != GraduateStatus.APPROVED or not graduate.visible_to_employers:
        raise ValidationError({"graduate": _("该毕业生未公开求职信息，不能邀约。")}, code="graduate_not_visible")
    _check_session(session, employer)
    if graduate.pk not in {match.obj.pk for match in matching.matching_graduates(posting=posting)}:
        raise ValidationError({"graduate": _("只能邀约该职位的匹配毕业生。")}, code="graduate_not_matched")

    # The lock serialises this employer's sends (and only theirs): the count and the insert below
    # see every invitation committed before, so the day's limit cannot be passed by sending at once.
    Employer.objects.select_for_update().filter(pk=employer.pk).values_list("pk", flat=True).get()
    limit = daily_limit()
    if sent_today(employer=employer) >= limit:
        raise ValidationError(
            _("贵单位今天已发出%(limit)s份邀约，已达每日上限，请明天再发。"),
            code="daily_limit",
            params={"limit": limit},
        )
    open_exists = Invitation.objects.filter(posting=posting, graduate=graduate, status__in=InvitationStatus.open)
    already = ValidationError({"graduate": _("已向该毕业生发出此职位的邀约，请等待答复。")}, code="already_invited")
    if open_exists.exists():
        raise already
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                employer=employer, posting=posting, graduate=graduate, session=session, message=message
            )
    except IntegrityError:  # the employer's lock serialises this already; the constraint is the backstop
        raise already from None
    entry = audit_log(
        actor=actor,
        action=InvitationAction.SENT,
        target=invitation,
        venue=employer.reviewing_venue_id,
        data={"posting": posting.pk, "graduate": graduate.pk, "session": session.pk if session else None},
    )
    recipient = graduate.user
    notify(
        recipient=recipient,
        kind=NotificationKind.INVITATION_RECEIVED,
        payload=_facts(invitation, recipient),
        dedupe_key=audit_notice_key(entry.pk, recipient.pk),
    )
    return invitation


def _notify_employer(invitation: Invitation, entry_id: int) -> None:
    """Every member of the employer's team: any of them may have sent the invitation."""
    for recipient in team_recipients(employer=invitation.employer):
        notify(
            recipient=recipient,
            kind=NotificationKind.INVITATION_ANSWERED,
            payload=_facts(invitation, recipient),
            dedupe_key=audit_notice_key(entry_id, recipient.pk),
        )


def _answer(invitation: Invitation, *, verb: str, actor, action: InvitationAction) -> Invitation:
    locked = _lock(invitation)
    if locked.status == InvitationStatus.SENT and locked.created_at <= timezone.now() - expiry_age():
        raise ValidationError(_("该邀约已过期。"), code="invitation_expired")
    entry = transition(
        locked,
        move=InvitationStatus.moves[verb],
        actor=actor,
        action=action,
        venue=locked.employer.reviewing_venue_id,
        changes={"answered_at": timezone.now()},
    )
    _notify_employer(locked, entry.pk)
    return locked


@transaction.atomic
def invitation_accept(*, invitation: Invitation, actor) -> Invitation:
    """The graduate accepts: from now on the employer sees their contact details (invitations.contact).
    Side effects: audit entry; notification ``invitation_answered`` to the employer."""
    return _answer(invitation, verb="accepted", actor=actor, action=InvitationAction.ACCEPTED)


@transaction.atomic
def invitation_decline(*, invitation: Invitation, actor) -> Invitation:
    """The graduate declines. Side effects: audit entry; notification ``invitation_answered`` to the employer."""
    return _answer(invitation, verb="declined", actor=actor, action=InvitationAction.DECLINED)


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor) -> Invitation:
    """The employer takes back an unanswered invitation. Side effects: audit entry (the graduate's
    list shows it as withdrawn; no notification)."""
    locked = _lock(invitation)
    transition(
        locked,
        move=InvitationStatus.moves["withdrawn"],
        actor=actor,
        action=InvitationAction.WITHDRAWN,
        venue=locked.employer.reviewing_venue_id,
    )
    return locked


@transaction.atomic
def invitations_expire(*, now: dt.datetime, after: int = 0, upto: int | None = None) -> int:
    """Expire the invitations of an id range still unanswered INVITATION_EXPIRY_DAYS after sending.
    Idempotent: an expired row leaves the filter. Side effects: an audit entry per row (system actor)."""
    due = Invitation.objects.filter(status=InvitationStatus.SENT, created_at__lte=now - expiry_age(), pk__gt=after)
    if upto is not None:
        due = due.filter(pk__lte=upto)
    count = 0
    locked = due.select_for_update(skip_locked=True, of=("self",)).select_related("employer").order_by("pk")
    for invitation in locked:
        transition(
            invitation,
            move=InvitationStatus.moves["expired"],
            actor=None,
            action=InvitationAction.EXPIRED,
            venue=invitation.employer.reviewing_venue_id,
        )
        count += 1
    return count
