"""Pages and API of conversations: who may read, post and download (a third party — another employer,
another graduate, staff of another venue, staff of the same venue without a report — gets 404 and
changes nothing), and the lists' query counts."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conversations import services
from conversations.models import Message
from tests.factories import ApplicationFactory, GraduateFactory, PostingFactory
from tests.factories.files import pdf_bytes

pytestmark = pytest.mark.django_db

THIRD_PARTIES = ["other_employer", "other_graduate", "staff_same_venue", "staff_other_venue"]


@pytest.fixture
def attachment(parties):
    upload = SimpleUploadedFile("a.pdf", pdf_bytes("secret attachment"), content_type="application/pdf")
    message = services.message_send(
        conversation=parties.conversation, sender=parties.graduate.user, body="私密内容", attachment=upload
    )
    return message.attachment


@pytest.mark.parametrize("who", THIRD_PARTIES)
def test_third_party_can_neither_read_nor_post_nor_download(client, parties, attachment, who):
    client.force_login(parties.others[who])
    pk = parties.conversation.pk

    responses = {
        "page": client.get(reverse("conversations:detail", kwargs={"pk": pk})),
        "send": client.post(reverse("conversations:send", kwargs={"pk": pk}), {"body": "插话"}),
        "download": client.get(reverse("conversations:attachment", kwargs={"pk": pk, "attachment_id": attachment.pk})),
        "api_detail": client.get(reverse("api-conversation-detail", kwargs={"pk": pk})),
        "api_messages": client.get(reverse("api-conversation-messages", kwargs={"pk": pk})),
        "api_post": client.post(
            reverse("api-conversation-messages", kwargs={"pk": pk}), {"body": "插话"}, content_type="application/json"
        ),
        "api_read": client.post(reverse("api-conversation-read", kwargs={"pk": pk})),
    }

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 404)
    assert list(Message.objects.values_list("body", flat=True)) == ["私密内容"]
    for response in responses.values():
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "私密内容".encode() not in body
        assert b"secret attachment" not in body


def test_staff_of_the_same_venue_read_a_conversation_only_once_it_is_reported(client, parties):
    services.message_send(conversation=parties.conversation, sender=parties.employer.user, body="不当言论")
    client.force_login(parties.others["staff_same_venue"])
    assert (
        re.findall(r"/conversations/reports/\d+/", client.get(reverse("conversations:report_list")).content.decode())
        == []
    )

    report = services.conversation_report(
        conversation=parties.conversation, reporter=parties.graduate.user, details="不当言论"
    )
    response = client.get(reverse("conversations:report_detail", kwargs={"pk": report.pk}))

    assert response.status_code == 200
    assert "不当言论" in response.content.decode()
    # Still not a party: the conversation's own page and the API stay closed to staff.
    assert client.get(reverse("conversations:detail", kwargs={"pk": parties.conversation.pk})).status_code == 404


@pytest.mark.parametrize("side", ["employer", "graduate"])
def test_parties_read_post_and_download(client, parties, attachment, side):
    user = getattr(parties, side).user
    client.force_login(user)
    pk = parties.conversation.pk

    page = client.get(reverse("conversations:detail", kwargs={"pk": pk}))
    sent = client.post(
        reverse("api-conversation-messages", kwargs={"pk": pk}),
        {"body": f"{side}的回复"},
        content_type="application/json",
    )
    download = client.get(reverse("conversations:attachment", kwargs={"pk": pk, "attachment_id": attachment.pk}))

    assert page.status_code == 200
    assert "私密内容" in page.content.decode()
    assert 'id="conversation"' in page.content.decode()
    assert (sent.status_code, sent.json()["body"], sent.json()["sender_role"]) == (201, f"{side}的回复", side)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes("secret attachment")


def test_api_post_with_bad_input_answers_400_in_chinese(client, parties):
    client.force_login(parties.graduate.user)
    url = reverse("api-conversation-messages", kwargs={"pk": parties.conversation.pk})

    empty = client.post(url, {"body": ""}, content_type="application/json")
    long = client.post(url, {"body": "字" * 2001}, content_type="application/json")
    after = client.get(url, {"after": "abc"})

    assert (empty.status_code, long.status_code, after.status_code) == (400, 400, 400)
    assert "请输入消息内容或选择附件" in empty.content.decode()
    assert Message.objects.count() == 0


def test_application_pages_link_to_the_conversation(client, parties):
    client.force_login(parties.graduate.user)
    graduate_page = client.get(reverse("graduates:application_detail", kwargs={"pk": parties.application.pk}))
    client.force_login(parties.employer.user)
    employer_page = client.get(reverse("employers:application_detail", kwargs={"pk": parties.application.pk}))
    opened = client.post(reverse("conversations:open", kwargs={"application_id": parties.application.pk}))

    action = reverse("conversations:open", kwargs={"application_id": parties.application.pk})
    assert [action in p.content.decode() for p in (graduate_page, employer_page)] == [True, True]
    assert (opened.status_code, opened["Location"]) == (
        302,
        reverse("conversations:detail", kwargs={"pk": parties.conversation.pk}),
    )


def _more_conversations(parties, n: int) -> None:
    for i in range(n):
        graduate = GraduateFactory(approved=True)
        application = ApplicationFactory(
            graduate=graduate, posting=PostingFactory(employer=parties.employer, published=True)
        )
        conversation = services.conversation_open(application=application, actor=graduate.user)
        services.message_send(conversation=conversation, sender=graduate.user, body=f"第{i}条")


@pytest.mark.parametrize("extra", [0, 2])
def test_inbox_api_queries_do_not_grow_with_rows(client, parties, django_assert_num_queries, extra):
    _more_conversations(parties, extra)
    client.force_login(parties.employer.user)

    # session, user (with its profile), the page of conversations with unread counts
    with django_assert_num_queries(3):
        response = client.get(reverse("api-conversations"))

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1 + extra
    assert sorted(r["unread"] for r in response.json()["results"]) == [0] + [1] * extra


@pytest.mark.parametrize("extra", [0, 2])
def test_inbox_page_queries_do_not_grow_with_rows(client, parties, django_assert_num_queries, extra):
    _more_conversations(parties, extra)
    client.force_login(parties.employer.user)

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(reverse("conversations:inbox"))

    assert response.status_code == 200
    assert response.content.decode().count('class="inbox__item') == 1 + extra


@pytest.mark.parametrize("extra", [0, 2])
def test_messages_api_queries_do_not_grow_with_rows(client, parties, django_assert_num_queries, extra):
    for i in range(1 + extra):
        services.message_send(conversation=parties.conversation, sender=parties.employer.user, body=f"m{i}")
    client.force_login(parties.graduate.user)

    # session, user, the conversation (with both parties), the page of messages (with attachments)
    with django_assert_num_queries(4):
        response = client.get(reverse("api-conversation-messages", kwargs={"pk": parties.conversation.pk}))

    assert [m["body"] for m in response.json()["results"]] == [f"m{i}" for i in reversed(range(1 + extra))]


PAGE_QUERIES = 5


@pytest.mark.parametrize("who", THIRD_PARTIES)
def test_inbox_of_a_third_party_lists_nothing_of_the_parties(client, parties, who):
    client.force_login(parties.others[who])

    api = client.get(reverse("api-conversations"))
    page = client.get(reverse("conversations:inbox"))

    assert (api.status_code, api.json()["results"]) == (200, [])
    assert (page.status_code, "沟通甲" in page.content.decode()) == (200, False)


@pytest.mark.parametrize("extra", [0, 2])
def test_report_queue_queries_do_not_grow_with_rows(client, parties, django_assert_num_queries, extra):
    services.conversation_report(conversation=parties.conversation, reporter=parties.graduate.user, details="r")
    _more_conversations(parties, extra)
    for conversation in parties.employer.conversations.exclude(pk=parties.conversation.pk):
        services.conversation_report(conversation=conversation, reporter=parties.employer.user, details="r")
    client.force_login(parties.others["staff_same_venue"])

    with django_assert_num_queries(REPORT_QUEUE_QUERIES):
        response = client.get(reverse("conversations:report_list"))

    assert len(re.findall(r"/conversations/reports/\d+/", response.content.decode())) == 1 + extra


REPORT_QUEUE_QUERIES = 6


def test_api_post_takes_an_attachment_as_multipart_and_refuses_a_fake_one(client, parties):
    client.force_login(parties.graduate.user)
    url = reverse("api-conversation-messages", kwargs={"pk": parties.conversation.pk})

    good = client.post(url, {"body": "附上简历", "attachment": SimpleUploadedFile("cv.pdf", pdf_bytes("cv"))})
    fake = client.post(url, {"attachment": SimpleUploadedFile("cv.pdf", b"GIF89a not a pdf")})

    assert good.status_code == 201
    assert good.json()["attachment"]["name"] == "cv.pdf"
    assert fake.status_code == 400
    assert "附件须为PDF、JPEG或PNG文件" in fake.content.decode()
    assert list(Message.objects.values_list("body", flat=True)) == ["附上简历"]


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", ["发送", "屏蔽或举报", "全部沟通"]), ("en", ["Send", "Block or report", "All conversations"])],
)
def test_conversation_page_speaks_both_languages(client, parties, language, words):
    client.force_login(parties.graduate.user)

    body = client.get(
        reverse("conversations:detail", kwargs={"pk": parties.conversation.pk}), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert [word in body for word in words] == [True, True, True]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("请问面试在哪天？\x00", "不允许是用空字符串。"),  # NUL: Django's own message for it
        ("长" * 2001, "2000"),  # over BODY_MAX
    ],
)
def test_a_message_refused_on_the_page_keeps_what_was_typed_and_says_why(client, parties, typed, reason):
    client.force_login(parties.graduate.user)
    url = reverse("conversations:send", kwargs={"pk": parties.conversation.pk})

    response = client.post(url, {"body": typed})

    page = response.content.decode()
    assert response.status_code == 400
    assert reason in " ".join(m.message for m in response.context["messages"])
    assert response.context["form"]["body"].value() == typed  # the composer holds it again
    assert typed.replace("\x00", "")[:8] in page
    assert Message.objects.count() == 0


def test_a_report_refused_on_the_page_keeps_what_was_typed_and_opens_the_form(client, parties):
    from conversations.models import Report

    client.force_login(parties.graduate.user)
    url = reverse("conversations:report", kwargs={"pk": parties.conversation.pk})

    response = client.post(url, {"details": "对方发送骚扰信息\x00"})

    page = response.content.decode()
    assert response.status_code == 400
    assert response.context["report_form"]["details"].value() == "对方发送骚扰信息\x00"
    assert "对方发送骚扰信息" in page
    assert '<details open class="conversation__safety">' in page
    assert "不允许是用空字符串。" in page  # the field's own reason, beside the form
    assert Report.objects.count() == 0
