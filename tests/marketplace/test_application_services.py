import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from employers.enums import EmployerStatus, PostingStatus
from graduates.enums import ApplicationStatus, GraduateStatus
from graduates.models import Application
from marketplace import services
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.workflow import InvalidTransition
from tests.factories import ApplicationFactory, GraduateFactory, PostingFactory

pytestmark = pytest.mark.django_db


def test_application_submit_creates_one_and_notifies_employer():
    graduate = GraduateFactory(approved=True)
    posting = PostingFactory(published=True)
    application = services.application_submit(graduate=graduate, posting=posting, note="期待加入")
    assert (application.status, application.note) == ("submitted", "期待加入")
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (posting.employer.user, "application_received")
    assert notification.payload["posting_title"] == posting.title


def test_application_submit_twice_returns_the_same_application():
    graduate = GraduateFactory(approved=True)
    posting = PostingFactory(published=True)
    first = services.application_submit(graduate=graduate, posting=posting)
    second = services.application_submit(graduate=graduate, posting=posting)
    assert second.pk == first.pk
    assert (Application.objects.count(), Notification.objects.count()) == (1, 1)


@pytest.mark.parametrize("status", [GraduateStatus.PENDING, GraduateStatus.REJECTED])
def test_application_submit_by_unapproved_graduate_is_refused(status):
    graduate = GraduateFactory(status=status, status_reason="x" if status == "rejected" else "")
    with pytest.raises(ValidationError) as exc:
        services.application_submit(graduate=graduate, posting=PostingFactory(published=True))
    assert exc.value.code == "graduate_not_approved"
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "posting_kwargs",
    [
        {"status": PostingStatus.DRAFT},
        {"status": PostingStatus.CLOSED, "published_at": timezone.now()},
        {"published": True, "valid_until": dt.date(2020, 1, 1)},
        {"published": True, "employer__status": EmployerStatus.SUSPENDED, "employer__status_reason": "违规"},
        {"published": True, "employer__status": EmployerStatus.PENDING},
    ],
    ids=["draft", "closed", "expired", "suspended-employer", "unapproved-employer"],
)
def test_application_submit_to_hidden_posting_is_refused(posting_kwargs):
    posting = PostingFactory(**posting_kwargs)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(graduate=GraduateFactory(approved=True), posting=posting)
    assert exc.value.code == "posting_not_public"


def test_application_withdraw_then_resubmit_reuses_the_row():
    application = ApplicationFactory()
    services.application_withdraw(application=application, actor=application.graduate.user)
    again = services.application_submit(graduate=application.graduate, posting=application.posting, note="再次投递")
    assert (again.pk, again.status, again.note) == (application.pk, "submitted", "再次投递")
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "graduates.application.withdrawn",
        "graduates.application.resubmitted",
    ]


def test_application_full_employer_path_notifies_graduate_each_step():
    application = ApplicationFactory()
    employer_user = application.posting.employer.user
    services.application_mark_viewed(application=application, actor=employer_user)
    services.application_mark_viewed(application=application, actor=employer_user)  # no second change
    at = timezone.now() + dt.timedelta(days=2)
    services.application_invite(
        application=application,
        actor=employer_user,
        at=at,
        mode="online",
        location="https://meeting.example.cn/123",
        note="请提前10分钟进入",
    )
    services.application_offer(application=application, actor=employer_user)
    services.application_hire(application=application, actor=employer_user)
    application.refresh_from_db()
    assert (application.status, application.interview_mode, application.interview_at) == ("hired", "online", at)
    changes = Notification.objects.filter(recipient=application.graduate.user).order_by("id")
    assert [n.payload["status_label"] for n in changes] == ["已查看", "邀请面试", "发放录用通知", "已录用"]
    assert changes[1].payload["interview_location"] == "https://meeting.example.cn/123"


def test_application_invite_validates_every_field():
    application = ApplicationFactory()
    with pytest.raises(ValidationError) as exc:
        services.application_invite(
            application=application,
            actor=None,
            at=timezone.now() - dt.timedelta(hours=1),
            mode="carrier-pigeon",
            location=" ",
        )
    assert sorted(exc.value.message_dict) == ["at", "location", "mode"]
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.parametrize(
    ("status", "call"),
    [
        (ApplicationStatus.SUBMITTED, lambda a: services.application_offer(application=a, actor=None)),
        (ApplicationStatus.VIEWED, lambda a: services.application_hire(application=a, actor=None)),
        (ApplicationStatus.HIRED, lambda a: services.application_reject(application=a, actor=None, reason="x")),
        (ApplicationStatus.HIRED, lambda a: services.application_withdraw(application=a, actor=None)),
        (ApplicationStatus.WITHDRAWN, lambda a: services.application_offer(application=a, actor=None)),
    ],
)
def test_application_illegal_transition_is_refused(status, call):
    application = ApplicationFactory(status=status)
    with pytest.raises(InvalidTransition):
        call(application)
    application.refresh_from_db()
    assert application.status == status
    assert Notification.objects.count() == 0


def test_application_reject_requires_reason():
    application = ApplicationFactory()
    with pytest.raises(ValidationError):
        services.application_reject(application=application, actor=None, reason="")
    services.application_reject(application=application, actor=None, reason="岗位已招满")
    application.refresh_from_db()
    assert (application.status, application.status_reason) == ("rejected", "岗位已招满")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_application_submit_concurrently_creates_one():
    if connection.vendor != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL; SQLite serialises writers")
    graduate = GraduateFactory(approved=True)
    posting = PostingFactory(published=True)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def apply():
        try:
            barrier.wait()
            results.append(services.application_submit(graduate=graduate, posting=posting).pk)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1
    assert Application.objects.count() == 1
    assert Notification.objects.filter(kind="application_received").count() == 1
