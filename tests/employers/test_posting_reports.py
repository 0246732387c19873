"""Reporting (举报) a public posting: the service and the page's form."""

import pytest
from django.core.exceptions import ValidationError

from employers import services
from employers.models import PostingReport
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import GraduateFactory, PostingFactory, UserFactory
from tests.factories.graduates import public_posting

pytestmark = pytest.mark.django_db


def test_report_lands_in_the_reviewing_venues_queue_and_is_audited():
    posting = public_posting()
    reporter = UserFactory()

    report = services.posting_report(posting=posting, reporter=reporter, reason="discrimination", details="要求未育")

    assert (report.state, report.reason, report.details, report.reporter) == (
        "open",
        "discrimination",
        "要求未育",
        reporter,
    )
    assert list(AuditEntry.objects.values_list("action", "venue", "actor", "data")) == [
        (
            "employers.posting.reported",
            posting.employer.reviewing_venue_id,
            reporter.pk,
            {"posting": posting.pk, "reason": "discrimination"},
        )
    ]


def test_report_twice_by_the_same_person_keeps_one_open_report():
    posting, reporter = public_posting(), UserFactory()

    first = services.posting_report(posting=posting, reporter=reporter, reason="fraud")
    second = services.posting_report(posting=posting, reporter=reporter, reason="fees")

    assert first.pk == second.pk
    assert PostingReport.objects.count() == 1


def test_report_of_a_posting_not_public_is_refused():
    with pytest.raises(ValidationError) as exc:
        services.posting_report(posting=PostingFactory(), reporter=UserFactory(), reason="fraud")  # a draft

    assert exc.value.messages == ["该职位已关闭或不存在。"]
    assert PostingReport.objects.count() == 0


@pytest.mark.parametrize(
    ("reason", "details", "errors"),
    [
        ("nonsense", "", {"reason": ["请选择举报原因。"]}),
        ("other", "  ", {"details": ["选择“其他”时请写明举报原因。"]}),
        ("fraud", "长" * 1001, {"details": ["具体说明不能超过1000字。"]}),
    ],
)
def test_report_bad_input_is_refused_by_field(reason, details, errors):
    with pytest.raises(ValidationError) as exc:
        services.posting_report(posting=public_posting(), reporter=UserFactory(), reason=reason, details=details)

    assert exc.value.message_dict == errors
    assert PostingReport.objects.count() == 0


def test_report_page_form_signed_in_user_reports(client):
    posting = public_posting()
    graduate = GraduateFactory()
    client.force_login(graduate.user)

    page = client.get(f"/jobs/{posting.pk}/")
    response = client.post(
        f"/jobs/{posting.pk}/report/", {"report-reason": "discrimination", "report-details": "已婚已育优先"}
    )

    assert f'action="/jobs/{posting.pk}/report/"' in page.content.decode()
    assert (response.status_code, response["Location"]) == (302, f"/jobs/{posting.pk}/")
    report = PostingReport.objects.get()
    assert (report.posting, report.reporter, report.reason, report.details) == (
        posting,
        graduate.user,
        "discrimination",
        "已婚已育优先",
    )


def test_report_page_form_error_is_shown_beside_the_field(client):
    posting = public_posting()
    client.force_login(UserFactory())

    response = client.post(f"/jobs/{posting.pk}/report/", {"report-reason": "other", "report-details": ""})

    assert response.status_code == 400
    assert response.context["report_form"].errors == {"details": ["选择“其他”时请写明举报原因。"]}
    assert PostingReport.objects.count() == 0


def test_report_anonymous_is_sent_to_sign_in_and_nothing_is_saved(client):
    posting = public_posting()

    page = client.get(f"/jobs/{posting.pk}/")
    response = client.post(f"/jobs/{posting.pk}/report/", {"report-reason": "fraud"})

    assert "登录后即可举报此职位。" in page.content.decode()
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert PostingReport.objects.count() == 0


def test_report_of_a_closed_posting_by_url_is_404(client):
    client.force_login(UserFactory())

    response = client.post(f"/jobs/{PostingFactory().pk}/report/", {"report-reason": "fraud"})

    assert response.status_code == 404
    assert PostingReport.objects.count() == 0
