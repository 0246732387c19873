import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from employers import services
from employers.enums import EmployerAction, MemberRole
from employers.models import EmployerMember
from employers.permissions import employer_of
from fairs.services import fair_registration_approve
from marketplace.services import application_submit
from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.factories import (
    EmployerFactory,
    EmployerMemberFactory,
    FairRegistrationFactory,
    GraduateFactory,
    PostingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer():
    return EmployerFactory(approved=True, name="甲公司")


def admin_of(employer):
    return employer.members.get(user=employer.user)


def test_employer_factory_owner_is_administrator(employer):
    assert list(employer.members.values_list("user_id", "role")) == [(employer.user_id, MemberRole.ADMINISTRATOR)]
    assert employer_of(employer.user) == employer


def test_member_invite_new_account_emails_set_password_link(employer, django_capture_on_commit_callbacks, eager_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        member = services.member_invite(
            employer=employer, actor=employer.user, email="Li.Si@Example.cn", name="李四", role=MemberRole.RECRUITER
        )
    user = User.objects.get(pk=member.user_id)
    assert (user.username, user.email, user.first_name, user.has_usable_password()) == (
        "li.si@example.cn",
        "Li.Si@Example.cn",
        "李四",
        False,
    )
    assert (member.employer, member.role, member.invited_by) == (employer, MemberRole.RECRUITER, employer.user)
    assert [m.to for m in mail.outbox] == [["Li.Si@Example.cn"]]
    assert "甲公司" in mail.outbox[0].subject
    assert "/accounts/password/reset/" in mail.outbox[0].body or "/password/reset/" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action=EmployerAction.MEMBER_INVITED)
    assert (entry.actor, entry.data["role"], entry.data["new_account"]) == (employer.user, "recruiter", True)


def test_member_invite_existing_user_without_employer_joins_without_email(employer, django_capture_on_commit_callbacks):
    user = UserFactory(email="wang@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        member = services.member_invite(
            employer=employer, actor=employer.user, email="WANG@example.cn", role=MemberRole.ADMINISTRATOR
        )
    assert (member.user, member.role) == (user, MemberRole.ADMINISTRATOR)
    assert mail.outbox == []


def test_member_invite_refuses_member_of_another_employer(employer):
    other = EmployerFactory()
    other.user.email = "taken@example.cn"
    other.user.save()
    with pytest.raises(ValidationError) as exc:
        services.member_invite(employer=employer, actor=employer.user, email="taken@example.cn", role="recruiter")
    assert exc.value.message_dict == {"email": ["该账户已属于一个用人单位。"]}
    assert EmployerMember.objects.filter(employer=employer).count() == 1


def test_member_invite_refuses_graduate_account(employer):
    GraduateFactory(user__email="grad@example.cn")
    with pytest.raises(ValidationError) as exc:
        services.member_invite(employer=employer, actor=employer.user, email="grad@example.cn", role="recruiter")
    assert list(exc.value.message_dict) == ["email"]


def test_member_invite_refuses_bad_email_and_role(employer):
    with pytest.raises(ValidationError) as exc:
        services.member_invite(employer=employer, actor=employer.user, email="not-an-email", role="recruiter")
    assert list(exc.value.message_dict) == ["email"]
    with pytest.raises(ValidationError) as exc:
        services.member_invite(employer=employer, actor=employer.user, email="a@example.cn", role="owner")
    assert list(exc.value.message_dict) == ["role"]


def test_member_invite_by_recruiter_refused(employer):
    recruiter = EmployerMemberFactory(employer=employer)
    with pytest.raises(ValidationError) as exc:
        services.member_invite(employer=employer, actor=recruiter.user, email="x@example.cn", role="recruiter")
    assert exc.value.code == "not_administrator"
    assert EmployerMember.objects.filter(employer=employer).count() == 2


def test_member_invite_past_team_limit_refused(employer, settings):
    settings.EMPLOYER_TEAM_LIMIT = 2
    services.member_invite(employer=employer, actor=employer.user, email="one@example.cn", role="recruiter")
    with pytest.raises(ValidationError) as exc:
        services.member_invite(employer=employer, actor=employer.user, email="two@example.cn", role="recruiter")
    assert exc.value.code == "team_full"
    assert EmployerMember.objects.filter(employer=employer).count() == 2
    assert not User.objects.filter(email="two@example.cn").exists()


def test_member_change_role_last_administrator_refused(employer):
    with pytest.raises(ValidationError) as exc:
        services.member_change_role(member=admin_of(employer), actor=employer.user, role=MemberRole.RECRUITER)
    assert exc.value.code == "last_administrator"
    assert admin_of(employer).role == MemberRole.ADMINISTRATOR


def test_member_change_role_with_second_administrator_audited(employer):
    second = EmployerMemberFactory(employer=employer, role=MemberRole.ADMINISTRATOR)
    services.member_change_role(member=admin_of(employer), actor=second.user, role=MemberRole.RECRUITER)
    assert admin_of(employer).role == MemberRole.RECRUITER
    entry = AuditEntry.objects.get(action=EmployerAction.MEMBER_ROLE_CHANGED)
    assert (entry.actor, entry.data["from"], entry.data["to"]) == (second.user, "administrator", "recruiter")


def test_member_remove_last_administrator_refused(employer):
    with pytest.raises(ValidationError) as exc:
        services.member_remove(member=admin_of(employer), actor=employer.user)
    assert exc.value.code == "last_administrator"
    assert employer.members.count() == 1


def test_member_remove_recruiter_leaves_account_without_employer(employer):
    recruiter = EmployerMemberFactory(employer=employer)
    services.member_remove(member=recruiter, actor=employer.user)
    user = User.objects.get(pk=recruiter.user_id)
    assert (employer_of(user), list(employer.members.values_list("user_id", flat=True))) == (
        None,
        [employer.user_id],
    )
    assert AuditEntry.objects.get(action=EmployerAction.MEMBER_REMOVED).data["role"] == "recruiter"


def test_member_remove_member_of_other_employer_refused(employer):
    stranger = EmployerMemberFactory()
    with pytest.raises(ValidationError):
        services.member_remove(member=stranger, actor=employer.user)
    assert EmployerMember.objects.filter(pk=stranger.pk).exists()


# --- Notices meant for "the employer" go to its team ------------------------------------------------


def test_employer_review_notifies_every_administrator_not_recruiters():
    pending = EmployerFactory()
    second_admin = EmployerMemberFactory(employer=pending, role=MemberRole.ADMINISTRATOR)
    recruiter = EmployerMemberFactory(employer=pending)
    staff = UserFactory(is_staff=True)

    services.employer_approve(employer=pending, actor=staff)

    notified = sorted(Notification.objects.filter(kind="employer_approved").values_list("recipient_id", flat=True))
    assert notified == sorted([pending.user_id, second_admin.user_id])
    assert recruiter.user_id not in notified


def test_application_notifies_every_team_member(employer):
    recruiter = EmployerMemberFactory(employer=employer)
    posting = PostingFactory(employer=employer, published=True)
    graduate = GraduateFactory(approved=True)

    application_submit(graduate=graduate, posting=posting)

    notified = sorted(Notification.objects.filter(kind="application_received").values_list("recipient_id", flat=True))
    assert notified == sorted([employer.user_id, recruiter.user_id])


def test_fair_registration_decision_notifies_administrators_only(employer):
    recruiter = EmployerMemberFactory(employer=employer)
    second_admin = EmployerMemberFactory(employer=employer, role=MemberRole.ADMINISTRATOR)
    registration = FairRegistrationFactory(employer=employer)

    fair_registration_approve(registration=registration, actor=UserFactory(is_superuser=True, is_staff=True))

    notified = sorted(Notification.objects.values_list("recipient_id", flat=True))
    assert notified == sorted([employer.user_id, second_admin.user_id])
    assert recruiter.user_id not in notified
