"""Applying, withdrawing and following applications: the pages and the API, per role."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from graduates.enums import ApplicationStatus, GraduateStatus
from graduates.models import Application
from marketplace import services
from recruitment_weeks.notifications.models import Notification
from tests.api.errors import forbidden, invalid, non_field
from tests.factories import ApplicationFactory, EmployerFactory, GraduateFactory, UserFactory
from tests.factories.graduates import public_posting
from tests.pages import text_of, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(client):
    graduate = GraduateFactory(approved=True)
    client.force_login(graduate.user)
    return graduate


# --- Refused roles -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status_kwargs",
    [{"status": GraduateStatus.PENDING}, {"status": GraduateStatus.REJECTED, "status_reason": "信息不实"}],
    ids=["pending", "rejected"],
)
def test_apply_page_refuses_unapproved_graduate(client, status_kwargs):
    graduate = GraduateFactory(**status_kwargs)
    posting = public_posting()
    client.force_login(graduate.user)

    page = client.get(reverse("jobs:detail", args=[posting.pk]))
    response = client.post(reverse("jobs:apply", args=[posting.pk]), {"note": "你好"})

    assert "审核通过后即可投递" in text_of(page.content, "apply-box")
    assert f'action="/jobs/{posting.pk}/apply/"' not in page.content.decode()
    assert response.status_code == 400
    assert "您的注册信息尚未审核通过，暂不能投递简历。" in text_of(response.content, "apply-box")
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "status_kwargs",
    [{"status": GraduateStatus.PENDING}, {"status": GraduateStatus.REJECTED, "status_reason": "信息不实"}],
    ids=["pending", "rejected"],
)
def test_apply_api_refuses_unapproved_graduate(client, status_kwargs):
    graduate = GraduateFactory(**status_kwargs)
    posting = public_posting()
    client.force_login(graduate.user)

    response = client.post(reverse("api-applications"), {"posting": posting.pk}, content_type="application/json")

    assert (response.status_code, response.json()) == (403, forbidden("您的注册信息尚未审核通过，暂不能投递简历。"))
    assert Application.objects.count() == 0


def test_apply_page_anonymous_goes_to_login(client):
    posting = public_posting()

    response = client.post(reverse("jobs:apply", args=[posting.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Application.objects.count() == 0


def test_apply_page_employer_is_forbidden(client):
    posting = public_posting()
    client.force_login(EmployerFactory(approved=True).user)

    response = client.post(reverse("jobs:apply", args=[posting.pk]))

    assert response.status_code == 403
    assert Application.objects.count() == 0


def test_apply_page_to_hidden_posting_is_404(client, approved):
    posting = public_posting()
    posting.status = "closed"
    posting.save()

    response = client.post(reverse("jobs:apply", args=[posting.pk]))

    assert response.status_code == 404
    assert Application.objects.count() == 0


# --- Applying once ----------------------------------------------------------------------------------------------


def test_apply_page_twice_creates_one_application(client, approved):
    posting = public_posting()

    first = client.post(reverse("jobs:apply", args=[posting.pk]), {"note": "期待加入"})
    second = client.post(reverse("jobs:apply", args=[posting.pk]), {"note": "期待加入"})

    application = Application.objects.get()
    assert first["Location"] == second["Location"] == reverse("graduates:application_detail", args=[application.pk])
    assert (application.graduate, application.note) == (approved, "期待加入")
    assert Notification.objects.filter(kind="application_received").count() == 1


def test_apply_page_note_too_long_keeps_it_and_shows_the_error(client, approved):
    posting = public_posting()

    response = client.post(reverse("jobs:apply", args=[posting.pk]), {"note": "很" * 501})

    assert response.status_code == 400
    assert texts(response.content, id="id_note_error") == ["确保该变量包含不超过 500 字符 (目前字符数 501)。"]
    assert "很" * 501 in response.content.decode()
    assert Application.objects.count() == 0


def test_apply_api_twice_returns_the_same_application(client, approved):
    posting = public_posting()
    url = reverse("api-applications")

    first = client.post(url, {"posting": posting.pk, "note": "你好"}, content_type="application/json")
    second = client.post(url, {"posting": posting.pk, "note": "你好"}, content_type="application/json")

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"] == Application.objects.get().pk


def test_apply_api_to_hidden_posting_is_a_field_error(client, approved):
    posting = public_posting()
    posting.employer.status = "suspended"
    posting.employer.status_reason = "违规"
    posting.employer.save()

    response = client.post(reverse("api-applications"), {"posting": posting.pk}, content_type="application/json")

    assert (response.status_code, response.json()) == (400, invalid({"posting": ["该职位已关闭或不存在。"]}))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_apply_page_concurrent_requests_create_one():
    if connection.vendor != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL; SQLite serialises writers")
    from django.test import Client

    graduate = GraduateFactory(approved=True)
    posting = public_posting()
    barrier = threading.Barrier(4)
    statuses = []

    def apply():
        client = Client()
        client.force_login(graduate.user)
        try:
            barrier.wait()
            statuses.append(client.post(reverse("jobs:apply", args=[posting.pk]), {"note": "同时"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert statuses == [302, 302, 302, 302]
    assert Application.objects.count() == 1
    assert Notification.objects.filter(kind="application_received").count() == 1


# --- Following, withdrawing ------------------------------------------------------------------------------------


def test_application_list_shows_status_interview_and_history(client, approved):
    application = services.application_submit(graduate=approved, posting=public_posting(title="出纳"))
    employer_user = application.posting.employer.user
    services.application_mark_viewed(application=application, actor=employer_user)
    at = timezone.now() + dt.timedelta(days=3)
    services.application_invite(
        application=application, actor=employer_user, at=at, mode="online", location="https://meet.example.cn/9"
    )

    html = client.get(reverse("graduates:application_list")).content

    card = text_of(html, f"application-{application.pk}")
    assert "状态： 邀请面试" in card
    assert "面试方式 视频面试" in card and "https://meet.example.cn/9" in card
    assert texts(html, class_="history__list") == [
        " ".join(
            [
                timezone.localtime(application.created_at).strftime("%Y-%m-%d %H:%M"),
                "投递申请",
                timezone.localtime(application.created_at).strftime("%Y-%m-%d %H:%M"),
                "单位已查看",
                timezone.localtime(application.created_at).strftime("%Y-%m-%d %H:%M"),
                "单位邀请面试",
            ]
        )
    ]


def test_application_withdraw_page_then_cannot_withdraw_again(client, approved):
    application = ApplicationFactory(graduate=approved)

    response = client.post(reverse("graduates:application_withdraw", args=[application.pk]))
    again = client.post(reverse("graduates:application_withdraw", args=[application.pk]), follow=True)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert "当前状态为“已撤回”，不能变为“已撤回”。" in again.content.decode()
    assert Notification.objects.filter(kind="application_withdrawn").count() == 1


def test_application_withdraw_api(client, approved):
    application = ApplicationFactory(graduate=approved)

    response = client.post(reverse("api-application-withdraw", args=[application.pk]))

    assert response.status_code == 200
    assert (response.json()["status"], [h["action"] for h in response.json()["history"]]) == (
        "withdrawn",
        ["graduates.application.withdrawn"],
    )


def test_application_withdraw_after_decision_is_refused(client, approved):
    application = ApplicationFactory(graduate=approved, status=ApplicationStatus.HIRED)

    response = client.post(reverse("api-application-withdraw", args=[application.pk]))

    assert (response.status_code, response.json()) == (
        400,
        non_field("当前状态为“已录用”，不能变为“已撤回”。"),
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED


def test_another_graduates_application_is_invisible_and_unchanged(client, approved):
    theirs = ApplicationFactory()

    responses = [
        client.get(reverse("graduates:application_detail", args=[theirs.pk])),
        client.post(reverse("graduates:application_withdraw", args=[theirs.pk])),
        client.get(reverse("api-application-detail", args=[theirs.pk])),
        client.post(reverse("api-application-withdraw", args=[theirs.pk])),
    ]
    listing = client.get(reverse("api-applications")).json()

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert listing["results"] == []
    theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.SUBMITTED
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("make_user", [lambda: UserFactory(), lambda: EmployerFactory(approved=True).user])
def test_application_pages_refuse_other_roles(client, make_user):
    client.force_login(make_user())

    responses = [client.get(reverse("graduates:application_list")), client.get(reverse("api-applications"))]

    assert [r.status_code for r in responses] == [403, 403]


def test_application_pages_send_anonymous_to_login(client):
    response = client.get(reverse("graduates:application_list"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={reverse('graduates:application_list')}"


# --- Query counts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_application_list_page_query_count(client, approved, django_assert_num_queries, count):
    for _ in range(count):
        services.application_submit(graduate=approved, posting=public_posting())

    # session, user+graduate, count, page, histories, unread messages (header)
    with django_assert_num_queries(6):
        response = client.get(reverse("graduates:application_list"))

    assert len(texts(response.content, class_="application")) == count


@pytest.mark.parametrize("count", [1, 3])
def test_application_list_api_query_count(client, approved, django_assert_num_queries, count):
    for _ in range(count):
        ApplicationFactory(graduate=approved)

    # session, user+graduate, page
    with django_assert_num_queries(3):
        response = client.get(reverse("api-applications"))

    assert len(response.json()["results"]) == count
