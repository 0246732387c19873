"""The inbox page and the notification emails' templates."""

import pytest
from django.urls import reverse

from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import render_notification
from tests.factories import UserFactory
from tests.pages import texts

pytestmark = pytest.mark.django_db

FULL_PAYLOAD = {
    "employer_name": "测试科技有限公司",
    "reason": "营业执照不清晰 & 需重新上传",
    "week_name": "2020年全国高校毕业生就业网络联盟夏季联合招聘周",
    "venue_name": "北京市人社系统分会场",
    "posting_title": "软件工程师",
    "status_label": "邀请面试",
}


def make(user, key: str, kind: str = NotificationKind.EMPLOYER_APPROVED, payload=None, read: bool = False):
    notification = Notification.objects.create(recipient=user, kind=kind, payload=payload or {}, dedupe_key=key)
    if read:
        Notification.objects.filter(pk=notification.pk).update(read_at=notification.created_at)
    return notification


def test_inbox_anonymous_is_redirected_to_login(client):
    response = client.get(reverse("notifications:inbox"))

    assert (response.status_code, response.headers["Location"]) == (302, "/accounts/login/?next=/inbox/")


def test_inbox_lists_own_notifications_with_read_state(client):
    user = UserFactory(password=None)
    make(UserFactory(password=None), "other", payload={"employer_name": "别人的公司"})
    read = make(user, "read", read=True, payload={"employer_name": "测试科技有限公司"})
    unread = make(user, "unread", kind=NotificationKind.EMPLOYER_REJECTED, payload={"reason": "材料不全"})
    client.force_login(user)

    response = client.get(reverse("notifications:inbox"))

    items = texts(response.content, class_="inbox__item")
    assert [item.split()[:2] for item in items] == [["未读", "单位审核未通过"], ["已读", "单位审核通过"]]
    assert texts(response.content, id=f"notification-{unread.pk}")[0].endswith("原因 材料不全 查看详情 标为已读")
    assert texts(response.content, id=f"notification-{read.pk}")[0].endswith("用人单位 测试科技有限公司 查看详情")
    assert "别人的公司" not in response.text
    assert '<form method="post" action="/inbox/read/">' in response.text


@pytest.mark.parametrize("count", [1, 3])
def test_inbox_query_count_is_constant(client, django_assert_num_queries, count):
    user = UserFactory(password=None)
    for n in range(count):
        make(user, f"k{n}", payload=FULL_PAYLOAD)
    client.force_login(user)

    # session, user, unread count (header), page count, page rows
    with django_assert_num_queries(5):
        response = client.get(reverse("notifications:inbox"))

    assert len(texts(response.content, class_="inbox__item")) == count


def test_inbox_mark_all_read_marks_only_own(client):
    user, other = UserFactory(password=None), UserFactory(password=None)
    make(user, "a")
    make(user, "b")
    make(other, "c")
    client.force_login(user)

    response = client.post(reverse("notifications:mark_read"))

    assert (response.status_code, response.headers["Location"]) == (302, "/inbox/")
    assert sorted(Notification.objects.filter(read_at__isnull=True).values_list("dedupe_key", flat=True)) == ["c"]


@pytest.mark.parametrize("kind", NotificationKind.values)
@pytest.mark.parametrize("payload", [{}, FULL_PAYLOAD], ids=["empty", "full"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_email_templates_render_every_kind_with_or_without_payload(settings, kind, payload, language):
    notification = make(UserFactory(password=None), "k", kind=kind, payload=payload)

    subject, body = render_notification(notification, language=language)

    assert subject.startswith("【招聘周】" if language == "zh-hans" else "[Recruitment Weeks]")
    assert "\n" not in subject
    assert body.endswith("\n")
    assert f"{settings.SITE_URL}/inbox/" in body
    for leftover in ("{{", "{%", "None", "&amp;", "\n\n\n"):
        assert leftover not in subject + body
    if payload:
        assert "营业执照不清晰 & 需重新上传" in body


def test_email_employer_rejected_in_chinese(settings):
    settings.SITE_URL = "https://zph.example.cn"
    notification = make(
        UserFactory(password=None),
        "k",
        kind=NotificationKind.EMPLOYER_REJECTED,
        payload={"employer_name": "测试科技有限公司", "reason": "营业执照不清晰"},
    )

    subject, body = render_notification(notification, language="zh-hans")

    assert subject == "【招聘周】单位注册审核未通过：测试科技有限公司"
    assert body == (
        "您好：\n\n"
        "您的单位在全国高校毕业生就业网络联盟招聘周门户的注册未通过审核。\n"
        "用人单位：测试科技有限公司\n"
        "审核意见：营业执照不清晰\n\n"
        "请根据审核意见修改注册信息后重新提交。\n\n"
        "查看详情：https://zph.example.cn/employer/profile/\n"
        "登录门户查看详情：https://zph.example.cn/inbox/\n\n"
        "全国高校毕业生就业网络联盟招聘周门户\n"
        "本邮件由系统自动发送，请勿直接回复。\n"
    )


def test_email_fair_registration_approved_in_english_without_week_name(settings):
    settings.SITE_URL = "https://zph.example.cn"
    notification = make(
        UserFactory(password=None),
        "k",
        kind=NotificationKind.FAIR_REGISTRATION_APPROVED,
        payload={"venue_name": "Beijing"},
    )

    subject, body = render_notification(notification, language="en")

    assert subject == "[Recruitment Weeks] Job fair application approved"
    assert body == (
        "Hello,\n\n"
        "Your organisation's application to join the job fair has been approved.\n"
        "Venue: Beijing\n\n"
        "During the fair, please have someone keep your job postings up to date and respond promptly to "
        "graduates.\n\n"
        "View details: https://zph.example.cn/employer/fairs/\n"
        "Details in the portal: https://zph.example.cn/inbox/\n\n"
        "National Online Recruitment Weeks for College Graduates portal\n"
        "This email was sent automatically; please do not reply.\n"
    )


def test_email_default_template_names_the_kind(settings):
    settings.SITE_URL = "https://zph.example.cn"
    notification = Notification(
        recipient=UserFactory(password=None), kind="something_new", payload={"week_name": "春季招聘周"}
    )

    subject, body = render_notification(notification, language="zh-hans")

    assert subject == "【招聘周】something_new"
    assert body.splitlines()[:4] == ["您好：", "", "您有一条新通知：something_new。", "招聘周：春季招聘周"]
