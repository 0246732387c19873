"""A conversation about an invitation (邀约): who may open it and when, one per invitation, the
exactly-one-subject rule, and sending once the invitation is over."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from conversations import services
from conversations.models import Conversation
from employers.services.reviews import employer_suspend
from invitations.enums import InvitationStatus
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import EmployerFactory, GraduateFactory, UserFactory
from tests.factories.invitations import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    employer = EmployerFactory(user=UserFactory(username="inv-conv-employer"), approved=True, name="邀约沟通单位")
    graduate = GraduateFactory(user=UserFactory(username="inv-conv-graduate"), approved=True, name="邀约沟通同学")
    return InvitationFactory(posting__employer=employer, graduate=graduate)


@pytest.mark.parametrize("side", ["employer", "graduate"])
def test_conversation_open_on_an_invitation_by_either_party(invitation, side):
    actor = invitation.employer.user if side == "employer" else invitation.graduate.user

    conversation = services.conversation_open(invitation=invitation, actor=actor)

    assert (conversation.invitation, conversation.application) == (invitation, None)
    assert (conversation.employer, conversation.graduate) == (invitation.employer, invitation.graduate)
    assert conversation.subject == invitation
    assert conversation.posting == invitation.posting
    entry = AuditEntry.objects.get(action="conversations.conversation.opened")
    assert (entry.actor, entry.data) == (actor, {"invitation": invitation.pk})


def test_conversation_open_on_an_invitation_twice_is_one_conversation(invitation):
    first = services.conversation_open(invitation=invitation, actor=invitation.graduate.user)
    again = services.conversation_open(invitation=invitation, actor=invitation.employer.user)

    assert again == first
    assert list(Conversation.objects.all()) == [first]
    assert AuditEntry.objects.filter(action="conversations.conversation.opened").count() == 1


def test_conversation_open_on_an_accepted_invitation(invitation):
    invitation.status = InvitationStatus.ACCEPTED
    invitation.save(update_fields=["status"])

    conversation = services.conversation_open(invitation=invitation, actor=invitation.employer.user)

    assert conversation.invitation == invitation


@pytest.mark.parametrize("who", ["other_employer", "other_graduate", "staff"])
def test_conversation_open_on_an_invitation_by_a_third_party_is_refused(invitation, who):
    actor = {
        "other_employer": lambda: EmployerFactory(approved=True).user,
        "other_graduate": lambda: GraduateFactory(approved=True).user,
        "staff": lambda: UserFactory(is_staff=True),
    }[who]()

    with pytest.raises(PermissionDenied):
        services.conversation_open(invitation=invitation, actor=actor)
    assert Conversation.objects.count() == 0


@pytest.mark.parametrize("status", ["declined", "withdrawn", "expired"])
@pytest.mark.parametrize("side", ["employer", "graduate"])
def test_conversation_open_on_a_finished_invitation_is_refused(invitation, status, side):
    invitation.status = status
    invitation.save(update_fields=["status"])
    actor = invitation.employer.user if side == "employer" else invitation.graduate.user

    with pytest.raises(PermissionDenied):
        services.conversation_open(invitation=invitation, actor=actor)
    assert Conversation.objects.count() == 0


@pytest.mark.parametrize("side", ["employer", "graduate"])
def test_conversation_open_on_an_invitation_of_a_suspended_employer_is_refused(invitation, side):
    actor = invitation.employer.user if side == "employer" else invitation.graduate.user
    employer_suspend(employer=invitation.employer, actor=None, reason="违规招聘")
    invitation.refresh_from_db()

    with pytest.raises(PermissionDenied):
        services.conversation_open(invitation=invitation, actor=actor)


@pytest.mark.parametrize("given", [{}, {"both": True}])
def test_conversation_open_takes_exactly_one_subject(invitation, given):
    from tests.factories import ApplicationFactory

    kwargs = {}
    if given:
        kwargs = {"invitation": invitation, "application": ApplicationFactory(graduate=invitation.graduate)}

    with pytest.raises(TypeError):
        services.conversation_open(actor=invitation.graduate.user, **kwargs)


def test_message_send_after_the_invitation_is_declined_is_refused(invitation):
    conversation = services.conversation_open(invitation=invitation, actor=invitation.employer.user)
    services.message_send(conversation=conversation, sender=invitation.employer.user, body="您好")
    invitation.status = InvitationStatus.DECLINED
    invitation.save(update_fields=["status"])

    with pytest.raises(ValidationError) as caught:
        services.message_send(conversation=conversation, sender=invitation.employer.user, body="再问一次")

    assert caught.value.code == "invitation_closed"
    assert [m.body for m in conversation.messages.all()] == ["您好"]
    # The conversation itself stays: opening again still finds nothing new to open.
    with pytest.raises(PermissionDenied):
        services.conversation_open(invitation=invitation, actor=invitation.graduate.user)


def test_a_conversation_has_exactly_one_subject(invitation):
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(graduate=invitation.graduate, posting=invitation.posting)
    common = {"employer": invitation.employer, "graduate": invitation.graduate}

    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(**common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(application=application, invitation=invitation, **common)
    assert Conversation.objects.count() == 0


def test_graduate_deleting_their_account_deletes_the_invitations_conversation_and_its_files(
    invitation, private_storage, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from graduates.services import graduate_delete_account
    from tests.factories.files import pdf_bytes

    conversation = services.conversation_open(invitation=invitation, actor=invitation.graduate.user)
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes("graduate's attachment"), content_type="application/pdf")
    message = services.message_send(
        conversation=conversation, sender=invitation.graduate.user, body="附件", attachment=upload
    )
    name = message.attachment.file.name
    storage = message.attachment.file.storage
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        graduate_delete_account(graduate=invitation.graduate, actor=invitation.graduate.user)

    assert Conversation.objects.count() == 0
    assert not storage.exists(name)


def test_away_sweep_names_the_invitations_posting(invitation, settings):
    import datetime as dt

    from django.utils import timezone

    from conversations import sweeps
    from recruitment_weeks.notifications.enums import NotificationKind
    from recruitment_weeks.notifications.models import Notification

    settings.CONVERSATION_AWAY_MINUTES = 10
    conversation = services.conversation_open(invitation=invitation, actor=invitation.employer.user)
    services.message_send(conversation=conversation, sender=invitation.employer.user, body="方便聊聊吗")

    assert sweeps.unread_messages_sweep(now=timezone.now() + dt.timedelta(minutes=11)) == 1
    notification = Notification.objects.get(kind=NotificationKind.MESSAGES_UNREAD)
    assert notification.recipient == invitation.graduate.user
    assert notification.payload["lines"] == [f"邀约沟通单位 · {invitation.posting.title}（1）"]
