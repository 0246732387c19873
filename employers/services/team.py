"""The employer's team: invite an account, change a member's role, remove a member.

Every write locks the employer row first, so two administrators acting at once are serialised: the
team limit and "at least one administrator" hold under concurrency, not only in a single request.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.services import audit_log
from venues.permissions import venue_of

from ..enums import EmployerAction, MemberRole
from ..models import Employer, EmployerMember

TEAM_FULL = _("团队成员已达上限（%(limit)d 人），请先移除不再使用的账户。")
LAST_ADMINISTRATOR = _("单位至少要有一名管理员：请先把另一名成员设为管理员。")
ALREADY_MEMBER = _("该账户已属于一个用人单位。")
NOT_ELIGIBLE = _("该账户是毕业生、就业指导中心或会场工作人员账户，不能加入用人单位。")
NOT_ADMINISTRATOR = _("此操作仅限本单位管理员。")
# A new member's username is the address: it may be no longer than a username.
EMAIL_TOO_LONG = _("邮箱地址不能超过 %(limit)d 个字符。")
EMAIL_MAX = User._meta.get_field("username").max_length
OTHER_TEAM = _("该成员不属于本单位。")


def _lock(employer: Employer) -> Employer:
    return Employer.objects.select_for_update().select_related("reviewing_venue").get(pk=employer.pk)


def _check_actor(employer: Employer, actor) -> None:
    if not EmployerMember.objects.filter(
        employer=employer, user_id=getattr(actor, "pk", None), role=MemberRole.ADMINISTRATOR
    ).exists():
        raise ValidationError(NOT_ADMINISTRATOR, code="not_administrator")


def _check_role(role: str) -> None:
    if role not in MemberRole.values:
        raise ValidationError({"role": [ValidationError(_("请选择有效的角色。"), code="invalid_choice")]})


def _eligible(user: User) -> bool:
    for relation in ("graduate", "career_centre"):
        if getattr(user, relation, None) is not None:
            return False
    return not (user.is_staff or user.is_superuser)


def _send_invitation(user: User, employer: Employer) -> None:
    from recruitment_weeks.accounts.tasks import task_send_invitation

    user_id, organisation = user.pk, employer.name
    transaction.on_commit(lambda: task_send_invitation.delay(user_id=user_id, organisation=organisation))


@transaction.atomic
def member_invite(*, employer: Employer, actor, email: str, name: str = "", role: str) -> EmployerMember:
    """An administrator adds an account to the team by email address.

    No account with that address: one is created (username = the address, no password) and emailed a
    link to set its password. An account with that address and no employer joins as it is (a
    graduate's, career centre's or staff account cannot). Inviting again a member of this team who has
    not set a password yet sends the link again. Refused past ``EMPLOYER_TEAM_LIMIT`` members.
    Side effects: maybe a User; an EmployerMember; audit entry ``employers.member.invited``; the email,
    once the transaction commits.
    """
    _check_role(role)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": [exc]}) from None
    if len(email) > EMAIL_MAX:
        message = EMAIL_TOO_LONG % {"limit": EMAIL_MAX}
        raise ValidationError({"email": [ValidationError(message, code="email_too_long")]})
    name = (name or "").strip()[:150]
    employer = _lock(employer)
    _check_actor(employer, actor)

    user = (
        User._default_manager.select_related("employer_membership", "graduate", "career_centre")
        .filter(email__iexact=email)
        .order_by("pk")
        .first()
    )
    member = getattr(user, "employer_membership", None) if user is not None else None
    if member is not None:
        if member.employer_id == employer.pk and not user.has_usable_password():
            _send_invitation(user, employer)
            return member
        raise ValidationError({"email": [ValidationError(ALREADY_MEMBER, code="already_member")]})
    if user is not None and not _eligible(user):
        raise ValidationError({"email": [ValidationError(NOT_ELIGIBLE, code="not_eligible")]})

    limit = settings.EMPLOYER_TEAM_LIMIT
    if EmployerMember.objects.filter(employer=employer).count() >= limit:
        raise ValidationError(TEAM_FULL % {"limit": limit}, code="team_full")

    created = user is None
    try:
        with transaction.atomic():
            if created:
                username = User.normalize_username(email.lower())
                if User._default_manager.filter(username__iexact=username).exists():
                    raise IntegrityError("username taken")
                user = User(username=username, email=email, first_name=name)
                user.set_unusable_password()
                user.save()
            member = EmployerMember.objects.create(employer=employer, user=user, role=role, invited_by=actor)
    except IntegrityError:
        raise ValidationError({"email": [ValidationError(ALREADY_MEMBER, code="already_member")]}) from None
    audit_log(
        actor=actor,
        action=EmployerAction.MEMBER_INVITED,
        target=employer,
        venue=venue_of(employer),
        data={"member": member.pk, "user": user.pk, "role": role, "new_account": created},
    )
    if created:
        _send_invitation(user, employer)
    return member


def _member_of(employer: Employer, member: EmployerMember) -> EmployerMember:
    found = EmployerMember.objects.select_related("user").filter(pk=member.pk, employer=employer).first()
    if found is None:
        raise ValidationError(OTHER_TEAM, code="other_team")
    return found


def _other_administrators(employer: Employer, member: EmployerMember) -> bool:
    return (
        EmployerMember.objects.filter(employer=employer, role=MemberRole.ADMINISTRATOR).exclude(pk=member.pk).exists()
    )


@transaction.atomic
def member_change_role(*, member: EmployerMember, actor, role: str) -> EmployerMember:
    """An administrator makes a member an administrator or a recruiter. The last administrator cannot
    become a recruiter. Side effects: audit entry ``employers.member.role_changed`` (none if unchanged)."""
    _check_role(role)
    employer = _lock(member.employer)
    _check_actor(employer, actor)
    member = _member_of(employer, member)
    if member.role == role:
        return member
    if member.is_administrator and not _other_administrators(employer, member):
        raise ValidationError(LAST_ADMINISTRATOR, code="last_administrator")
    previous, member.role = member.role, role
    member.save(update_fields=["role"])
    audit_log(
        actor=actor,
        action=EmployerAction.MEMBER_ROLE_CHANGED,
        target=employer,
        venue=venue_of(employer),
        data={"member": member.pk, "user": member.user_id, "from": previous, "to": role},
    )
    return member


@transaction.atomic
def member_remove(*, member: EmployerMember, actor) -> None:
    """An administrator removes a member from the team (an administrator may remove themselves, unless
    they are the last one). The account stays, without an employer; it signs in as before but the
    employer's pages refuse it. The account that registered the employer stays its account of record
    (``Employer.user``) even when removed from the team.
    Side effects: the EmployerMember row deleted; audit entry ``employers.member.removed``."""
    employer = _lock(member.employer)
    _check_actor(employer, actor)
    member = _member_of(employer, member)
    if member.is_administrator and not _other_administrators(employer, member):
        raise ValidationError(LAST_ADMINISTRATOR, code="last_administrator")
    data = {"member": member.pk, "user": member.user_id, "role": member.role}
    member.delete()
    audit_log(actor=actor, action=EmployerAction.MEMBER_REMOVED, target=employer, venue=venue_of(employer), data=data)
