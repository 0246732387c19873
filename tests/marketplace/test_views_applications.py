"""Applications received: per posting, one application with contact details, and the moves."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from graduates.models import Application
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.factories import ApplicationFactory, EmployerFactory, GraduateFactory, PostingFactory
from tests.pages import text_of, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(client):
    employer = EmployerFactory(approved=True)
    client.force_login(employer.user)
    return employer


@pytest.fixture
def application(employer):
    graduate = GraduateFactory(
        approved=True, name="周同学", mobile="13700001111", email="zhou@example.cn", university="北京测试大学"
    )
    return ApplicationFactory(graduate=graduate, posting=PostingFactory(employer=employer, published=True))


def test_application_list_per_posting_with_status_and_age(client, employer, application):
    ApplicationFactory(posting=PostingFactory(employer=employer, published=True))  # another posting of mine

    with time_machine.travel(application.created_at + dt.timedelta(days=3, hours=2)):
        response = client.get(f"/employer/postings/{application.posting_id}/applications/")

    rows = texts(response.content, id=f"application-{application.pk}")
    assert len(texts(response.content, class_="badge")) == 1
    assert rows[0].startswith("周同学 本科 · 计算机科学与技术 已投递 ")
    assert rows[0].endswith("（3 日，2 小时前）")


def test_application_detail_marks_viewed_notifies_and_shows_contact(client, employer, application):
    response = client.get(f"/employer/applications/{application.pk}/")

    application.refresh_from_db()
    assert application.status == "viewed"
    assert text_of(response.content, "graduate-contact") == "手机号码 13700001111 邮箱 zhou@example.cn"
    assert text_of(response.content, "graduate-facts").startswith("毕业院校 北京测试大学 学历 本科")
    notification = Notification.objects.get()
    assert (notification.recipient, notification.payload["status_label"]) == (application.graduate.user, "已查看")
    client.get(f"/employer/applications/{application.pk}/")
    assert Notification.objects.count() == 1


def test_application_detail_withdrawn_hides_contact(client, employer, application):
    Application.objects.filter(pk=application.pk).update(status="withdrawn")

    response = client.get(f"/employer/applications/{application.pk}/")

    assert "13700001111" not in response.content.decode()
    assert "zhou@example.cn" not in response.content.decode()
    assert "求职者已撤回此申请，联系方式不再显示。" in response.content.decode()
    assert Application.objects.get().status == "withdrawn"


def test_application_interview_then_offer_then_hire(client, employer, application):
    at = (timezone.localtime() + dt.timedelta(days=3)).replace(second=0, microsecond=0)

    client.post(
        f"/employer/applications/{application.pk}/interview/",
        {
            "interview-at": at.strftime("%Y-%m-%dT%H:%M"),
            "interview-mode": "online",
            "interview-location": "https://meeting.example.cn/room/42",
            "interview-note": "请提前5分钟进入",
        },
    )
    client.post(f"/employer/applications/{application.pk}/offer/")
    response = client.post(f"/employer/applications/{application.pk}/hire/", follow=True)

    application.refresh_from_db()
    assert (application.status, application.interview_at, application.interview_location) == (
        "hired",
        at,
        "https://meeting.example.cn/room/42",
    )
    assert texts(response.content, class_="message--success") == [
        "已发送面试邀请。",
        "已发放录用通知。",
        "已标记为录用。",
    ]
    assert list(
        Notification.objects.filter(recipient=application.graduate.user)
        .order_by("id")
        .values_list("payload__status_label", flat=True)
    ) == ["邀请面试", "发放录用通知", "已录用"]


def test_application_interview_in_the_past_error_next_to_field(client, employer, application):
    response = client.post(
        f"/employer/applications/{application.pk}/interview/",
        {"interview-at": "2020-06-01T10:00", "interview-mode": "phone", "interview-location": "010-12345678"},
    )

    assert response.status_code == 200
    assert text_of(response.content, "field-at").startswith("面试时间 * （必填） 面试时间必须晚于当前时间。")
    assert Application.objects.get().status == "submitted"


def test_application_reject_requires_reason_then_notifies(client, employer, application):
    empty = client.post(f"/employer/applications/{application.pk}/reject/", {"reject-reason": " "})
    long = client.post(f"/employer/applications/{application.pk}/reject/", {"reject-reason": "满" * 1001})
    client.post(f"/employer/applications/{application.pk}/reject/", {"reject-reason": "岗位已招满"})

    application.refresh_from_db()
    # The staff console's reason form, with the graduate named as its reader: the same messages and limit.
    assert text_of(empty.content, "field-reason").startswith("原因 * （必填） 求职者将看到此原因。 请填写原因。")
    assert text_of(long.content, "field-reason").startswith(
        "原因 * （必填） 求职者将看到此原因。 确保该变量包含不超过 1000 字符 (目前字符数 1001)。"
    )
    assert (application.status, application.status_reason) == ("rejected", "岗位已招满")
    assert Notification.objects.get().payload["reason"] == "岗位已招满"


def test_application_illegal_move_is_refused_with_message(client, employer, application):
    response = client.post(f"/employer/applications/{application.pk}/hire/", follow=True)

    assert texts(response.content, class_="message--error") == ["当前状态为“已投递”，不能变为“已录用”。"]
    assert Application.objects.get().status == "viewed"  # opening the page after the redirect viewed it


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/employer/applications/{pk}/", {}),
        ("post", "/employer/applications/{pk}/offer/", {}),
        ("post", "/employer/applications/{pk}/hire/", {}),
        ("post", "/employer/applications/{pk}/reject/", {"reject-reason": "不合适"}),
        (
            "post",
            "/employer/applications/{pk}/interview/",
            {"interview-at": "2031-01-01T10:00", "interview-mode": "phone", "interview-location": "1"},
        ),
    ],
)
def test_application_of_another_employer_is_404_and_unchanged(client, employer, method, path, data):
    other = ApplicationFactory(status="interview")
    before = Application.objects.values().get(pk=other.pk)

    response = getattr(client, method)(path.format(pk=other.pk), data)

    assert response.status_code == 404
    assert Application.objects.values().get(pk=other.pk) == before
    assert (AuditEntry.objects.count(), Notification.objects.count()) == (0, 0)


@pytest.mark.parametrize("count", [1, 3])
def test_application_list_query_count_is_constant(client, employer, django_assert_num_queries, count):
    posting = PostingFactory(employer=employer, published=True)
    for _ in range(count):
        ApplicationFactory(posting=posting)

    # session, user, inbox count, the posting (+ disciplines), applications with graduates
    with django_assert_num_queries(6):
        response = client.get(f"/employer/postings/{posting.pk}/applications/")

    assert len(texts(response.content, class_="badge")) == count


def test_application_list_pages_newest_first_and_keeps_the_page_size(client, employer):
    posting = PostingFactory(employer=employer, published=True)
    names = [f"申请人{i}" for i in range(5)]
    for name in names:
        ApplicationFactory(posting=posting, graduate=GraduateFactory(approved=True, name=name))
    url = f"/employer/postings/{posting.pk}/applications/"

    pages = [client.get(url, {"page_size": 2})]
    while pages[-1].context["page"].next_url:
        pages.append(client.get(pages[-1].context["page"].next_url))

    assert [texts(page.content, scope="row") for page in pages] == [
        ["申请人4", "申请人3"],
        ["申请人2", "申请人1"],
        ["申请人0"],
    ]
    assert "page_size=2" in pages[1].context["page"].next_url
