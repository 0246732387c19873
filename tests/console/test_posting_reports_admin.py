"""Reports (举报) in the admin: each role sees exactly the reports of its venues' postings; staff of
the reviewing venue close the posting or dismiss the report (audited); no one else can, by list,
URL or a forged action."""

import pytest
from django.urls import reverse

from employers import services
from employers.models import JobPosting, PostingReport
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import UserFactory
from tests.factories.staff import ROLES

pytestmark = pytest.mark.django_db

NOT_STAFF = {"anonymous", "graduate", "employer"}
A_HR = {"staff_a", "main_hr", "superuser"}  # the venue reviewing posting_a's employer, its main venue, root
B_HR = {"staff_b", "main_hr", "superuser"}
CHANGELIST = reverse("admin:employers_postingreport_changelist")


@pytest.fixture
def reports(world):
    reporter = UserFactory(username="reporter")
    return (
        services.posting_report(posting=world.posting_a, reporter=reporter, reason="discrimination", details="限未婚"),
        services.posting_report(posting=world.posting_b, reporter=reporter, reason="fraud"),
    )


def login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("role", ROLES)
def test_report_list_shows_exactly_the_roles_reports(as_role, reports, role):
    report_a, report_b = reports

    response = as_role(role).get(CHANGELIST)

    if role in NOT_STAFF:
        assert login_redirect(response)
        return
    assert response.status_code == 200
    shown = {r.pk for r in response.context["cl"].result_list}
    assert shown == {r.pk for r, allowed in ((report_a, A_HR), (report_b, B_HR)) if role in allowed}


@pytest.mark.parametrize("role", ROLES)
def test_report_detail_of_province_a_per_role(as_role, reports, role):
    report_a = reports[0]

    response = as_role(role).get(reverse("admin:employers_postingreport_change", args=[report_a.pk]))

    if role in NOT_STAFF:
        assert login_redirect(response)
    elif role in A_HR:
        assert (response.status_code, response.context["original"].pk) == (200, report_a.pk)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_close_posting_action_per_role(world, as_role, reports, role):
    report_a = reports[0]
    before = AuditEntry.objects.count()

    response = as_role(role).post(
        CHANGELIST,
        {"action": "close_posting", "_selected_action": [report_a.pk], "apply": "1", "reason": "要求未婚，属实。"},
    )

    report_a.refresh_from_db()
    posting = JobPosting.objects.get(pk=world.posting_a.pk)
    if role in A_HR:
        assert response.status_code == 302
        assert (report_a.state, report_a.handling_note, posting.status) == ("closed", "要求未婚，属实。", "closed")
        assert list(AuditEntry.objects.order_by("pk")[before:].values_list("action", "venue")) == [
            ("employers.report.resolved", world.a_hr.pk),
            ("employers.posting.closed", world.a_hr.pk),
        ]
    else:
        assert (report_a.state, posting.status) == ("open", "published")
        assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_dismiss_action_per_role(world, as_role, reports, role):
    report_a = reports[0]

    as_role(role).post(
        CHANGELIST,
        {"action": "dismiss", "_selected_action": [report_a.pk], "apply": "1", "reason": "岗位说明无歧视内容。"},
    )

    report_a.refresh_from_db()
    assert JobPosting.objects.get(pk=world.posting_a.pk).status == "published"
    if role in A_HR:
        assert (report_a.state, report_a.handled_by) == ("dismissed", world.users[role])
        assert AuditEntry.objects.filter(action="employers.report.dismissed", venue=world.a_hr).count() == 1
    else:
        assert report_a.state == "open"
        assert not AuditEntry.objects.filter(action="employers.report.dismissed").exists()


def test_a_handled_report_is_not_handled_twice(world, as_role, reports):
    report_a = reports[0]
    services.report_dismiss(report=report_a, actor=world.users["staff_a"], note="无问题。")

    as_role("staff_a").post(
        CHANGELIST, {"action": "close_posting", "_selected_action": [report_a.pk], "apply": "1", "reason": "再看"}
    )

    report_a.refresh_from_db()
    assert (report_a.state, report_a.handling_note) == ("dismissed", "无问题。")
    assert JobPosting.objects.get(pk=world.posting_a.pk).status == "published"


@pytest.mark.parametrize("role", ROLES)
def test_no_one_adds_edits_or_deletes_reports_by_hand(as_role, reports, role):
    report_a = reports[0]
    client = as_role(role)

    add = client.get(reverse("admin:employers_postingreport_add"))
    delete = client.post(reverse("admin:employers_postingreport_delete", args=[report_a.pk]), {"post": "yes"})

    if role in NOT_STAFF:
        assert login_redirect(add) and login_redirect(delete)
    else:
        assert (add.status_code, delete.status_code) == (403, 403 if role in A_HR else 404)
    assert PostingReport.objects.filter(pk=report_a.pk).exists()


def test_close_posting_asks_for_a_note_and_says_who_reads_it(as_role, reports):
    response = as_role("staff_a").post(CHANGELIST, {"action": "close_posting", "_selected_action": [reports[0].pk]})

    assert response.status_code == 200
    assert response.context["form"]["reason"].help_text == "记入举报的处理说明和审计日志，供会场工作人员查看。"
    assert PostingReport.objects.get(pk=reports[0].pk).state == "open"
