"""Contact details only after applying; the data export; account deletion that keeps anonymised
applications. Per role, with the data that could leak created first."""

import datetime as dt
import json

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from graduates import services
from graduates.enums import ApplicationStatus
from graduates.models import Application, Graduate, SavedPosting, SavedSearch
from marketplace import services as marketplace_services
from marketplace.selectors import employer_may_see_contact, graduate_ids_with_contact_for
from recruitment_weeks.accounts.models import User
from recruitment_weeks.accounts.services import token_issue
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.api.errors import invalid
from tests.factories import ApplicationFactory, EmployerFactory, GraduateFactory, discipline
from tests.factories.files import PDF_BYTES, pdf_upload
from tests.factories.graduates import SavedSearchFactory, beijing_graduate, public_posting
from tests.pages import texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    """An employer's posting and a visible graduate who fits it (with a PDF résumé on file)."""
    employer = EmployerFactory(approved=True, industry="J")
    posting = public_posting(employer=employer, title="审计", degree_requirement="bachelor")
    posting.disciplines.set([discipline("12")])
    graduate = beijing_graduate(
        approved=True, name="周同学", mobile="13811112222", email="zhou@example.cn", discipline=discipline("12")
    )
    services.graduate_update_profile(graduate=graduate, actor=None, profile={}, resume_pdf=pdf_upload())
    graduate.refresh_from_db()
    yield employer, posting, graduate
    default_storage.delete(graduate.resume_pdf.name)


# --- The predicate --------------------------------------------------------------------------------------------


def test_employer_may_see_contact_only_after_an_application_to_it(setting):
    employer, posting, graduate = setting
    other_employer = EmployerFactory(approved=True)
    ApplicationFactory(graduate=graduate, posting=public_posting(employer=other_employer))
    assert employer_may_see_contact(employer=employer, graduate=graduate) is False

    application = marketplace_services.application_submit(graduate=graduate, posting=posting)

    assert employer_may_see_contact(employer=employer, graduate=graduate) is True
    assert graduate_ids_with_contact_for(employer=employer, graduate_ids=[graduate.pk, 999]) == {graduate.pk}
    marketplace_services.application_withdraw(application=application, actor=graduate.user)
    assert employer_may_see_contact(employer=employer, graduate=graduate) is False


# --- Matches page and API ---------------------------------------------------------------------------------------


def test_matches_page_hides_contact_until_the_graduate_applies(client, setting):
    employer, posting, graduate = setting
    client.force_login(employer.user)

    before = client.get(reverse("jobs:matches", args=[posting.pk])).content.decode()
    marketplace_services.application_submit(graduate=graduate, posting=posting)
    after = client.get(reverse("jobs:matches", args=[posting.pk])).content.decode()

    assert "周同学" in before
    assert "13811112222" not in before and "zhou@example.cn" not in before and "resume.pdf" not in before
    assert texts(before, class_="contact-hidden") == ["该毕业生投递贵单位职位或接受贵单位邀约后可查看联系方式。"]
    assert texts(after, class_="contact") == ["手机号码 13811112222 邮箱 zhou@example.cn PDF简历 下载"]


def test_matches_api_hides_contact_until_the_graduate_applies(client, setting):
    employer, posting, graduate = setting
    client.force_login(employer.user)
    url = reverse("api-job-matches", args=[posting.pk])

    before = client.get(url).json()["results"][0]["graduate"]
    marketplace_services.application_submit(graduate=graduate, posting=posting)
    after = client.get(url).json()["results"][0]["graduate"]

    assert (before["name"], before["contact_visible"], before["mobile"], before["email"], before["resume_pdf_url"]) == (
        "周同学",
        False,
        None,
        None,
        None,
    )
    assert (after["contact_visible"], after["mobile"], after["email"], after["resume_pdf_url"]) == (
        True,
        "13811112222",
        "zhou@example.cn",
        reverse("graduates:resume_download", args=[graduate.pk]),
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("graduate", 404),
        ("other-employer", 404),
        ("suspended-owner", 404),
        ("owner", 200),
    ],
)
def test_matches_page_and_api_only_for_the_posting_owner(client, setting, who, expected):
    employer, posting, graduate = setting
    if who == "graduate":
        client.force_login(graduate.user)
    elif who == "other-employer":
        client.force_login(EmployerFactory(approved=True).user)
    elif who == "suspended-owner":
        employer.status, employer.status_reason = "suspended", "违规"
        employer.save()
        client.force_login(employer.user)
    elif who == "owner":
        client.force_login(employer.user)

    page = client.get(reverse("jobs:matches", args=[posting.pk]))
    api = client.get(reverse("api-job-matches", args=[posting.pk]))

    assert page.status_code == expected
    assert api.status_code == {302: 403, 404: 404, 200: 200}[expected]
    if expected != 200:
        assert "周同学" not in page.content.decode() + api.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_matches_page_query_count(client, django_assert_num_queries, count):
    employer = EmployerFactory(approved=True, industry="J")
    posting = public_posting(employer=employer, degree_requirement="bachelor")
    posting.disciplines.set([discipline("12")])
    for _ in range(count):
        beijing_graduate(approved=True, discipline=discipline("12"))
    client.force_login(employer.user)

    # session, user, posting, its disciplines, the ranking, the ranked graduates scored, contact ids,
    # unread messages; on PostgreSQL first the bounded candidates, with their planner settings read, set
    # and put back in a savepoint: six more. Seen again: the remembered ranking, one query less.
    with django_assert_num_queries(8 if connection.vendor != "postgresql" else 14):
        response = client.get(reverse("jobs:matches", args=[posting.pk]))
    with django_assert_num_queries(7):
        again = client.get(reverse("jobs:matches", args=[posting.pk]))

    assert len(texts(response.content, class_="job-card")) == len(texts(again.content, class_="job-card")) == count


@pytest.mark.parametrize("count", [1, 3])
def test_matches_api_query_count(client, django_assert_num_queries, count):
    employer = EmployerFactory(approved=True, industry="J")
    posting = public_posting(employer=employer, degree_requirement="bachelor")
    posting.disciplines.set([discipline("12")])
    for _ in range(count):
        beijing_graduate(approved=True, discipline=discipline("12"))
    client.force_login(employer.user)

    # session, user, posting, its disciplines, the ranking, the ranked graduates scored, contact ids; on
    # PostgreSQL six more, as above; seen again, the remembered ranking
    with django_assert_num_queries(7 if connection.vendor != "postgresql" else 13):
        response = client.get(reverse("api-job-matches", args=[posting.pk]))
    with django_assert_num_queries(6):
        assert client.get(reverse("api-job-matches", args=[posting.pk])).json() == response.json()

    assert len(response.json()["results"]) == count


# --- PDF résumé ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("self", 200),
        ("employer-applied-to", 200),
        ("employer-not-applied-to", 404),
        ("other-graduate", 404),
        ("anonymous", 302),
    ],
)
def test_resume_download_only_for_the_graduate_and_employers_applied_to(client, setting, who, expected):
    employer, posting, graduate = setting
    marketplace_services.application_submit(graduate=graduate, posting=posting)
    user = {
        "self": graduate.user,
        "employer-applied-to": employer.user,
        "employer-not-applied-to": EmployerFactory(approved=True).user,
        "other-graduate": GraduateFactory(approved=True).user,
        "anonymous": None,
    }[who]
    if user:
        client.force_login(user)

    response = client.get(reverse("graduates:resume_download", args=[graduate.pk]))

    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="resume-{graduate.pk}.pdf"'
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_resume_download_withdrawn_application_takes_access_back(client, setting):
    employer, posting, graduate = setting
    application = marketplace_services.application_submit(graduate=graduate, posting=posting)
    marketplace_services.application_withdraw(application=application, actor=graduate.user)
    client.force_login(employer.user)

    response = client.get(reverse("graduates:resume_download", args=[graduate.pk]))

    assert response.status_code == 404


# --- Export -------------------------------------------------------------------------------------------------------


def test_export_contains_the_graduates_data_and_nobody_elses(client, setting):
    employer, posting, graduate = setting
    application = marketplace_services.application_submit(graduate=graduate, posting=posting, note="我想加入")
    marketplace_services.application_mark_viewed(application=application, actor=employer.user)
    SavedPosting.objects.create(graduate=graduate, posting=posting)
    SavedSearchFactory(graduate=graduate, name="会计", params={"q": "会计"})
    other = GraduateFactory(approved=True, name="别人")
    ApplicationFactory(graduate=other, posting=posting, note="别人的附言")
    client.force_login(graduate.user)

    response = client.get(reverse("graduates:export"))

    assert response["Content-Disposition"] == f'attachment; filename="graduate-{graduate.pk}-data.json"'
    data = json.loads(response.content)
    assert (data["account"]["username"], data["profile"]["name"], data["profile"]["mobile"]) == (
        graduate.user.username,
        "周同学",
        "13811112222",
    )
    assert data["profile"]["resume_pdf_on_file"] is True
    assert [(a["posting_title"], a["status"], a["note"]) for a in data["applications"]] == [
        ("审计", "viewed", "我想加入")
    ]
    assert [h["action"] for h in data["applications"][0]["history"]] == [
        "graduates.application.submitted",
        "graduates.application.viewed",
    ]
    assert [s["posting_id"] for s in data["saved_postings"]] == [posting.pk]
    assert [(s["name"], s["params"]) for s in data["saved_searches"]] == [("会计", {"q": "会计"})]
    assert [n["kind"] for n in data["notifications"]] == ["application_changed"]
    assert "别人" not in response.content.decode()


def test_export_api_matches_the_page(client, setting):
    _, _, graduate = setting
    client.force_login(graduate.user)

    api = client.get(reverse("api-graduate-export")).json()
    page = json.loads(client.get(reverse("graduates:export")).content)

    assert {k: v for k, v in api.items() if k != "exported_at"} == {k: v for k, v in page.items() if k != "exported_at"}


# --- Deletion -------------------------------------------------------------------------------------------------------


def test_delete_account_removes_personal_data_and_keeps_anonymised_applications(
    client, setting, django_capture_on_commit_callbacks
):
    employer, posting, graduate = setting
    application = marketplace_services.application_submit(graduate=graduate, posting=posting, note="电话13811112222")
    marketplace_services.application_invite(
        application=application,
        actor=employer.user,
        at=timezone.now() + dt.timedelta(days=2),
        mode="phone",
        location="请接听 13811112222",
    )
    SavedPosting.objects.create(graduate=graduate, posting=posting)
    SavedSearchFactory(graduate=graduate)
    token_issue(user=graduate.user)
    pdf_name, user_id, username = graduate.resume_pdf.name, graduate.user_id, graduate.user.username
    client.force_login(graduate.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("graduates:account_delete"), {"password": "correct-horse-battery-9"})

    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    assert (User.objects.filter(pk=user_id).exists(), Graduate.objects.filter(pk=graduate.pk).exists()) == (
        False,
        False,
    )
    assert (SavedPosting.objects.count(), SavedSearch.objects.count()) == (0, 0)
    assert default_storage.exists(pdf_name) is False
    application.refresh_from_db()
    assert (application.graduate, application.note, application.status, application.posting) == (
        None,
        "",
        ApplicationStatus.INTERVIEW,
        posting,
    )
    assert application.interview_location == ""  # it held the graduate's own number
    received = Notification.objects.get(recipient=employer.user, kind="application_received")
    assert received.payload["graduate_name"] == ""
    assert received.payload["posting_title"] == "审计"
    entry = AuditEntry.objects.get(action="graduates.graduate.deleted")
    assert (entry.target_repr, entry.data) == ("已注销的毕业生", {"applications": 1, "notifications_scrubbed": 1})
    # The earlier entries stay, without the name, username or number: the profile update, the
    # application, the invitation, the API token
    trail = AuditEntry.objects.exclude(pk=entry.pk).order_by("id")
    assert [(e.action, e.target_repr) for e in trail] == [
        ("graduates.graduate.updated", "已注销的毕业生"),
        ("graduates.application.submitted", f"已注销的毕业生 → {posting.pk}"),
        ("graduates.application.interview", f"已注销的毕业生 → {posting.pk}"),
        ("accounts.token.issued", "已注销的毕业生"),
    ]
    assert trail[2].data["interview_location"] == ""
    assert (trail[2].data["interview_mode"], trail[2].actor) == ("phone", employer.user)
    everything = json.dumps(list(AuditEntry.objects.values_list("target_repr", "data")), ensure_ascii=False)
    assert ("周同学" in everything, "13811112222" in everything, username in everything) == (False, False, False)
    assert "周同学" not in json.dumps(list(Notification.objects.values_list("payload", flat=True)), ensure_ascii=False)
    assert "_auth_user_id" not in client.session


def test_delete_account_wrong_password_deletes_nothing(client, setting):
    _, _, graduate = setting
    client.force_login(graduate.user)

    response = client.post(reverse("graduates:account_delete"), {"password": "wrong"})

    assert response.status_code == 400
    assert texts(response.content, id="id_password_error") == ["密码不正确。"]
    assert Graduate.objects.filter(pk=graduate.pk).exists()


def test_delete_account_api(client, setting):
    _, posting, graduate = setting
    application = ApplicationFactory(graduate=graduate, posting=posting)
    client.force_login(graduate.user)

    wrong = client.post(reverse("api-graduate-delete"), {"password": "nope"}, content_type="application/json")
    right = client.post(
        reverse("api-graduate-delete"), {"password": "correct-horse-battery-9"}, content_type="application/json"
    )

    assert (wrong.status_code, wrong.json()) == (400, invalid({"password": ["密码不正确。"]}))
    assert right.status_code == 204
    assert Graduate.objects.filter(pk=graduate.pk).exists() is False
    assert Application.objects.get(pk=application.pk).graduate is None
