"""The graduate answers an offer: accept (the employer then confirms the hire) or decline with an
optional reason. Services, pages, API, notifications and who may do it."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from graduates.enums import ApplicationStatus
from graduates.models import Application
from marketplace import services
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import notification_deliver
from recruitment_weeks.workflow import InvalidTransition
from tests.factories import ApplicationFactory, GraduateFactory, UserFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    """Services label statuses in the active language; an earlier test's request may leave another."""
    with translation.override("zh-hans"):
        yield


def offered(**kwargs) -> Application:
    """An application the employer invited to an interview, then made an offer on."""
    application = ApplicationFactory(**kwargs)
    employer_user = application.posting.employer.user
    services.application_invite(
        application=application,
        actor=employer_user,
        at=timezone.now() + dt.timedelta(days=2),
        mode="online",
        location="https://meet.example.cn/offer",
        note="请提前十分钟进入会议",
    )
    services.application_offer(application=application, actor=employer_user)
    Notification.objects.all().delete()
    application.refresh_from_db()
    return application


def test_the_moves_are_declared_next_to_the_status():
    moves = ApplicationStatus.moves
    assert moves["accepted"].sources == ("offer",) and moves["accepted"].target == "accepted"
    assert moves["declined"].sources == ("offer",) and moves["declined"].target == "declined"
    assert moves["hired"].sources == ("offer", "accepted")
    assert "accepted" not in moves["withdrawn"].sources and "accepted" not in moves["rejected"].sources
    assert "declined" in ApplicationStatus.final


def test_accept_moves_to_accepted_audits_and_tells_the_employer():
    application = offered()

    services.application_accept(application=application, actor=application.graduate.user)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    entry = AuditEntry.objects.filter(action="graduates.application.accepted").get()
    assert (entry.actor, entry.data) == (application.graduate.user, {"from": "offer", "to": "accepted"})
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (application.posting.employer.user, "offer_answered")
    assert notification.payload["status_label"] == "已接受录用"


def test_decline_with_a_reason_keeps_it_and_the_employer_reads_it():
    application = offered()

    services.application_decline(application=application, actor=application.graduate.user, reason="  已签约其他单位 ")

    application.refresh_from_db()
    assert (application.status, application.status_reason) == ("declined", "已签约其他单位")
    entry = AuditEntry.objects.filter(action="graduates.application.declined").get()
    assert entry.data == {"from": "offer", "to": "declined", "reason": "已签约其他单位"}
    notification = Notification.objects.get()
    assert notification.payload["graduate_reason"] == "已签约其他单位"
    assert "reason" not in notification.payload  # not shown as a reviewer's 审核意见


def test_the_employers_email_names_the_answer_and_the_reason():
    application = offered()
    services.application_decline(application=application, actor=application.graduate.user, reason="继续深造")

    notification_deliver(notification_id=Notification.objects.get().pk)

    message = mail.outbox[-1]
    assert message.to == [application.posting.employer.user.email]
    assert message.subject == f"【招聘周】{application.graduate.name}已婉拒录用"
    assert "当前状态：已婉拒录用" in message.body
    assert "毕业生说明：继续深造" in message.body
    assert "审核意见" not in message.body


def test_decline_without_a_reason_is_fine():
    application = offered()

    services.application_decline(application=application, actor=application.graduate.user)

    application.refresh_from_db()
    assert (application.status, application.status_reason) == ("declined", "")


def test_a_too_long_reason_is_refused_and_nothing_changes():
    application = offered()

    with pytest.raises(ValidationError) as exc:
        services.application_decline(application=application, actor=application.graduate.user, reason="长" * 501)

    assert exc.value.message_dict == {"reason": ["原因不能超过500字。"]}
    application.refresh_from_db()
    assert application.status == "offer"
    assert (Notification.objects.count(), AuditEntry.objects.filter(action__endswith="declined").count()) == (0, 0)


@pytest.mark.parametrize("status", ["submitted", "viewed", "interview", "accepted", "declined", "hired", "rejected"])
@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_only_an_offer_can_be_answered(status, answer):
    application = ApplicationFactory(status=status, status_reason="x" if status == "rejected" else "")
    call = services.application_accept if answer == "accept" else services.application_decline

    with pytest.raises(InvalidTransition):
        call(application=application, actor=application.graduate.user)

    assert Application.objects.get(pk=application.pk).status == status


def test_the_employer_confirms_the_hire_after_an_acceptance():
    application = offered()
    services.application_accept(application=application, actor=application.graduate.user)

    services.application_hire(application=application, actor=application.posting.employer.user)

    assert Application.objects.get(pk=application.pk).status == "hired"


def test_an_accepted_offer_cannot_be_withdrawn_or_rejected():
    application = offered()
    services.application_accept(application=application, actor=application.graduate.user)

    with pytest.raises(InvalidTransition):
        services.application_withdraw(application=application, actor=application.graduate.user)
    with pytest.raises(InvalidTransition):
        services.application_reject(application=application, actor=application.posting.employer.user, reason="x")


# --- Pages ------------------------------------------------------------------------------------------------


def test_the_offer_page_offers_both_answers_and_keeps_the_interview(client):
    application = offered()
    client.force_login(application.graduate.user)

    html = client.get(reverse("graduates:application_detail", args=[application.pk])).text

    assert text_of(html, "offer-answer").startswith("答复录用通知 单位向您发放了录用通知。")
    assert f'action="/graduate/applications/{application.pk}/accept/"' in html
    assert f'action="/graduate/applications/{application.pk}/decline/"' in html
    assert '<textarea name="decline-reason" id="id_decline-reason" rows="3" maxlength="500"' in html
    assert "https://meet.example.cn/offer" in html and "请提前十分钟进入会议" in html


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_after_the_answer_the_interview_details_stay_and_the_buttons_go(client, answer):
    application = offered()
    client.force_login(application.graduate.user)

    response = client.post(
        reverse(f"graduates:application_{answer}", args=[application.pk]), {"decline-reason": "已签约其他单位"}
    )

    assert (response.status_code, response["Location"]) == (302, f"/graduate/applications/{application.pk}/")
    html = client.get(response["Location"]).text
    assert "面试邀请" in html and "https://meet.example.cn/offer" in html
    assert 'id="offer-answer"' not in html
    expected = {"accept": ("accepted", ""), "decline": ("declined", "已签约其他单位")}[answer]
    assert Application.objects.values_list("status", "status_reason").get(pk=application.pk) == expected
    if answer == "decline":
        assert "婉拒原因" in html


def test_the_employer_sees_the_answer_and_confirms_the_hire(client):
    application = offered()
    services.application_decline(application=application, actor=application.graduate.user, reason="继续深造")
    other = offered()
    services.application_accept(application=other, actor=other.graduate.user)
    client.force_login(application.posting.employer.user)

    declined = client.get(reverse("employers:application_detail", args=[application.pk])).text
    client.force_login(other.posting.employer.user)
    accepted = client.get(reverse("employers:application_detail", args=[other.pk])).text

    assert text_of(declined, "offer-answer") == "毕业生的答复 毕业生已婉拒录用通知。 婉拒原因 继续深造"
    assert text_of(accepted, "offer-answer") == "毕业生的答复 毕业生已接受录用通知，请确认录用。 确认录用"
    assert f'action="/employer/applications/{other.pk}/hire/"' in accepted


def test_a_refused_answer_on_the_page_is_a_message_not_a_change(client):
    application = ApplicationFactory(status="interview")
    client.force_login(application.graduate.user)

    response = client.post(reverse("graduates:application_accept", args=[application.pk]), follow=True)

    assert "当前状态为“邀请面试”，不能变为“已接受录用”。" in response.text
    assert Application.objects.get(pk=application.pk).status == "interview"


# --- API ------------------------------------------------------------------------------------------------


def test_api_accept_and_decline(client):
    first, second = offered(), offered()
    client.force_login(first.graduate.user)

    accepted = client.post(f"/api/v1/applications/{first.pk}/accept/")
    client.force_login(second.graduate.user)
    declined = client.post(
        f"/api/v1/applications/{second.pk}/decline/", {"reason": "继续深造"}, content_type="application/json"
    )

    assert (accepted.status_code, accepted.json()["status"], accepted.json()["interview_location"]) == (
        200,
        "accepted",
        "https://meet.example.cn/offer",
    )
    assert (declined.status_code, declined.json()["status"], declined.json()["status_reason"]) == (
        200,
        "declined",
        "继续深造",
    )
    assert declined.json()["history"][-1]["action"] == "graduates.application.declined"


def test_api_refuses_a_long_reason_and_a_wrong_state_with_400(client):
    application = offered()
    client.force_login(application.graduate.user)

    long_reason = client.post(
        f"/api/v1/applications/{application.pk}/decline/", {"reason": "长" * 501}, content_type="application/json"
    )
    client.post(f"/api/v1/applications/{application.pk}/accept/")
    again = client.post(f"/api/v1/applications/{application.pk}/accept/")

    assert long_reason.status_code == 400 and "reason" in long_reason.content.decode()
    assert again.status_code == 400
    assert Application.objects.get(pk=application.pk).status == "accepted"


# --- Who may answer (the permission matrix) ----------------------------------------------------------------


@pytest.mark.parametrize("answer", ["accept", "decline"])
@pytest.mark.parametrize(
    ("who", "page_status", "api_status"),
    [
        ("anonymous", 302, 403),
        ("another graduate", 404, 404),
        ("the employer", 403, 403),
        ("venue staff", 403, 403),
    ],
)
def test_only_the_graduate_who_applied_may_answer(client, answer, who, page_status, api_status):
    application = offered()
    if who == "another graduate":
        client.force_login(GraduateFactory(approved=True).user)
    elif who == "the employer":
        client.force_login(application.posting.employer.user)
    elif who == "venue staff":
        client.force_login(UserFactory(username="staff", is_staff=True, is_superuser=True))

    page = client.post(reverse(f"graduates:application_{answer}", args=[application.pk]))
    api = client.post(f"/api/v1/applications/{application.pk}/{answer}/")

    assert (page.status_code, api.status_code) == (page_status, api_status)
    assert Application.objects.get(pk=application.pk).status == "offer"
    assert Notification.objects.count() == 0


def test_answers_are_post_only(client):
    application = offered()
    client.force_login(application.graduate.user)

    assert client.get(reverse("graduates:application_accept", args=[application.pk])).status_code == 405
    assert client.get(f"/api/v1/applications/{application.pk}/decline/").status_code == 405
    assert Application.objects.get(pk=application.pk).status == "offer"


@pytest.mark.parametrize("before", ["", "looking"])
def test_a_hire_records_the_graduates_outcome_as_signed_at_the_employer(before):
    application = offered()
    graduate = application.graduate
    graduate.outcome = before
    graduate.save(update_fields=["outcome"])

    services.application_hire(application=application, actor=application.posting.employer.user)

    graduate.refresh_from_db()
    assert (graduate.outcome, graduate.outcome_organisation) == ("signed", application.posting.employer.name)
    assert graduate.outcome_recorded_at is not None
    entry = AuditEntry.objects.get(action="graduates.graduate.outcome_recorded")
    assert (entry.actor, entry.data) == (application.posting.employer.user, {"from": before, "to": "signed"})


def test_a_hire_leaves_an_outcome_the_graduate_recorded_alone():
    application = offered()
    graduate = application.graduate
    graduate.outcome, graduate.outcome_organisation = "further_study", "北京大学"
    graduate.save(update_fields=["outcome", "outcome_organisation"])

    services.application_hire(application=application, actor=application.posting.employer.user)

    graduate.refresh_from_db()
    assert (graduate.outcome, graduate.outcome_organisation) == ("further_study", "北京大学")
    assert not AuditEntry.objects.filter(action="graduates.graduate.outcome_recorded").exists()
