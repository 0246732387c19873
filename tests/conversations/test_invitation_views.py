"""Pages and API of a conversation about an invitation (邀约): the 发消息 buttons on both sides'
invitation lists, opening by page and by API (another's invitation is 404, a finished one a clear
refusal), the subject on the inbox and the conversation page, names only — never the graduate's
contact details — and the inbox's query count with both subjects in it."""

import pytest
from django.urls import reverse

from conversations import services
from conversations.models import Conversation
from invitations.enums import InvitationStatus
from tests.factories import EmployerFactory, GraduateFactory, UserFactory
from tests.factories.invitations import InvitationFactory

from .test_views import PAGE_QUERIES

pytestmark = pytest.mark.django_db

MOBILE, EMAIL = "13822223333", "yue.contact@example.cn"


@pytest.fixture
def invitation():
    employer = EmployerFactory(user=UserFactory(username="inv-page-employer"), approved=True, name="邀约页面单位")
    graduate = GraduateFactory(
        user=UserFactory(username="inv-page-graduate"), approved=True, name="岳同学", mobile=MOBILE, email=EMAIL
    )
    return InvitationFactory(posting__employer=employer, posting__title="数据分析师", graduate=graduate)


def open_url(invitation) -> str:
    return reverse("conversations:open_invitation", kwargs={"invitation_id": invitation.pk})


def api_url(invitation) -> str:
    return reverse("api-invitation-conversation", kwargs={"pk": invitation.pk})


@pytest.mark.parametrize(("status", "shown"), [("sent", True), ("accepted", True), ("declined", False)])
def test_both_invitation_lists_offer_a_message_button_while_the_invitation_is_open(client, invitation, status, shown):
    invitation.status = status
    invitation.save(update_fields=["status"])

    client.force_login(invitation.graduate.user)
    received = client.get(reverse("graduates:invitation_list")).content.decode()
    client.force_login(invitation.employer.user)
    sent = client.get(reverse("employers:invitation_list")).content.decode()

    assert [open_url(invitation) in page for page in (received, sent)] == [shown, shown]


def test_opening_from_either_list_leads_to_one_conversation(client, invitation):
    client.force_login(invitation.graduate.user)
    by_graduate = client.post(open_url(invitation))
    client.force_login(invitation.employer.user)
    by_employer = client.post(open_url(invitation))

    conversation = Conversation.objects.get()
    detail = reverse("conversations:detail", kwargs={"pk": conversation.pk})
    assert [(r.status_code, r["Location"]) for r in (by_graduate, by_employer)] == [(302, detail), (302, detail)]
    assert conversation.invitation == invitation


@pytest.mark.parametrize("who", ["other_employer", "other_graduate", "staff"])
def test_opening_anothers_invitation_is_404_by_page_and_api(client, invitation, who):
    user = {
        "other_employer": lambda: EmployerFactory(approved=True).user,
        "other_graduate": lambda: GraduateFactory(approved=True).user,
        "staff": lambda: UserFactory(is_staff=True),
    }[who]()
    client.force_login(user)

    responses = [client.post(open_url(invitation)), client.post(api_url(invitation))]

    assert [r.status_code for r in responses] == [404, 404]
    assert Conversation.objects.count() == 0


def test_opening_a_declined_invitation_is_refused_with_the_reason(client, invitation):
    invitation.status = InvitationStatus.DECLINED
    invitation.save(update_fields=["status"])
    client.force_login(invitation.employer.user)

    page = client.post(open_url(invitation), follow=True)
    api = client.post(api_url(invitation))
    api_en = client.post(api_url(invitation), HTTP_ACCEPT_LANGUAGE="en")

    assert page.redirect_chain == [(reverse("employers:invitation_list") + f"#invitation-{invitation.pk}", 302)]
    assert "该邀约已婉拒、撤回或过期" in page.content.decode()
    assert api.status_code == 400
    assert api.json()["message"] == "该邀约已婉拒、撤回或过期，或单位目前不能沟通，无法发消息。"
    assert api_en.json()["message"].startswith("This invitation was declined")
    assert Conversation.objects.count() == 0


@pytest.mark.parametrize("side", ["employer", "graduate"])
def test_api_opens_the_invitations_conversation_and_names_its_subject(client, invitation, side):
    user = invitation.employer.user if side == "employer" else invitation.graduate.user
    client.force_login(user)

    first = client.post(api_url(invitation))
    again = client.post(api_url(invitation))
    detail = client.get(reverse("api-conversation-detail", kwargs={"pk": first.json()["id"]}))

    conversation = Conversation.objects.get()
    assert (first.status_code, again.status_code, detail.status_code) == (200, 200, 200)
    assert first.json() == again.json() == detail.json()
    assert {key: detail.json()[key] for key in ("id", "subject", "application", "invitation", "posting_title")} == {
        "id": conversation.pk,
        "subject": "invitation",
        "application": None,
        "invitation": invitation.pk,
        "posting_title": "数据分析师",
    }
    assert detail.json()["my_role"] == side


def test_conversation_page_and_inbox_show_the_subject_and_names_only(client, invitation):
    conversation = services.conversation_open(invitation=invitation, actor=invitation.employer.user)
    services.message_send(conversation=conversation, sender=invitation.employer.user, body="想和您聊聊这个职位")
    client.force_login(invitation.employer.user)

    page = client.get(reverse("conversations:detail", kwargs={"pk": conversation.pk})).content.decode()
    inbox = client.get(reverse("conversations:inbox")).content.decode()
    api = client.get(reverse("api-conversation-detail", kwargs={"pk": conversation.pk})).content.decode()
    page_en = client.get(
        reverse("conversations:detail", kwargs={"pk": conversation.pk}), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "关于邀约：数据分析师" in page
    assert "About the invitation: 数据分析师" in page_en
    assert ["岳同学" in body for body in (page, inbox)] == [True, True]
    assert '<span class="badge">邀约</span> 数据分析师' in inbox
    for body in (page, inbox, api):
        assert MOBILE not in body
        assert EMAIL not in body


def test_conversation_page_of_an_application_names_that_subject(client, parties):
    client.force_login(parties.graduate.user)

    page = client.get(reverse("conversations:detail", kwargs={"pk": parties.conversation.pk})).content.decode()
    inbox = client.get(reverse("conversations:inbox")).content.decode()
    api = client.get(reverse("api-conversation-detail", kwargs={"pk": parties.conversation.pk})).json()

    assert f"关于求职申请：{parties.application.posting.title}" in page
    assert f'<span class="badge">求职申请</span> {parties.application.posting.title}' in inbox
    assert (api["subject"], api["application"], api["invitation"]) == ("application", parties.application.pk, None)


@pytest.mark.parametrize("extra", [0, 2])
def test_inbox_with_invitation_conversations_keeps_its_query_count(client, parties, django_assert_num_queries, extra):
    for i in range(extra):
        invitation = InvitationFactory(posting__employer=parties.employer)
        conversation = services.conversation_open(invitation=invitation, actor=invitation.graduate.user)
        services.message_send(conversation=conversation, sender=invitation.graduate.user, body=f"第{i}条")
    client.force_login(parties.employer.user)

    with django_assert_num_queries(PAGE_QUERIES):
        page = client.get(reverse("conversations:inbox"))
    with django_assert_num_queries(3):
        api = client.get(reverse("api-conversations"))

    assert page.content.decode().count('class="inbox__item') == 1 + extra
    assert sorted(r["subject"] for r in api.json()["results"]) == ["application"] + ["invitation"] * extra
