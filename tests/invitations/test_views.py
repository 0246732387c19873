"""The invitation pages and API: per role, the contact rule before and after acceptance (with the
data that could leak created first), where accepting leads, and the lists' query counts."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from graduates import services as graduate_services
from invitations import services
from invitations.enums import InvitationStatus
from invitations.models import Invitation
from recruitment_weeks.notifications.models import Notification
from tests.factories import EmployerFactory, GraduateFactory, UserFactory, discipline
from tests.factories.fairs import SessionFactory, SpecialFairFactory
from tests.factories.files import pdf_upload
from tests.factories.graduates import beijing_graduate, public_posting
from tests.factories.invitations import InvitationFactory
from tests.pages import texts

pytestmark = pytest.mark.django_db

MOBILE, EMAIL = "13811119999", "yao@example.cn"


@pytest.fixture
def setting():
    """An employer's posting and a visible graduate among its matches, with a PDF résumé on file."""
    employer = EmployerFactory(approved=True, industry="J")
    posting = public_posting(employer=employer, title="邀约审计", degree_requirement="bachelor")
    posting.disciplines.set([discipline("12")])
    graduate = beijing_graduate(approved=True, name="姚同学", mobile=MOBILE, email=EMAIL, discipline=discipline("12"))
    graduate_services.graduate_update_profile(graduate=graduate, actor=None, profile={}, resume_pdf=pdf_upload())
    graduate.refresh_from_db()
    yield employer, posting, graduate
    default_storage.delete(graduate.resume_pdf.name)


def invite_url(posting, graduate) -> str:
    return f"{reverse('employers:invitation_new', args=[posting.pk])}?graduate={graduate.pk}"


# --- Sending from the matches page ---------------------------------------------------------------------------


def test_matches_page_offers_an_invite_link_per_match(client, setting):
    employer, posting, graduate = setting
    client.force_login(employer.user)

    response = client.get(reverse("jobs:matches", args=[posting.pk]))

    assert f'href="{invite_url(posting, graduate)}"'.replace("&", "&amp;") in response.content.decode()
    assert texts(response.content, class_="match-invite") == ["邀请投递 姚同学"]


def test_invite_form_sends_the_invitation_with_a_session(client, setting):
    employer, posting, graduate = setting
    session = SessionFactory(employer=employer, title="秋季宣讲会", starts_at=timezone.now() + dt.timedelta(days=2))
    client.force_login(employer.user)

    form = client.get(invite_url(posting, graduate))
    response = client.post(
        reverse("employers:invitation_new", args=[posting.pk]),
        {"graduate": graduate.pk, "message": "欢迎投递", "session": session.pk},
    )

    assert form.status_code == 200
    assert "秋季宣讲会" in form.content.decode()
    assert (response.status_code, response["Location"]) == (302, reverse("jobs:matches", args=[posting.pk]))
    invitation = Invitation.objects.get()
    assert (invitation.graduate, invitation.session, invitation.message) == (graduate, session, "欢迎投递")


def test_invite_form_shows_the_services_error_in_chinese(client, setting):
    employer, posting, graduate = setting
    InvitationFactory(posting=posting, graduate=graduate)
    client.force_login(employer.user)

    response = client.post(reverse("employers:invitation_new", args=[posting.pk]), {"graduate": graduate.pk})

    assert response.status_code == 400
    assert "已向该毕业生发出此职位的邀约，请等待答复。" in response.content.decode()
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("value", ["", "abc", "99999999999", "0"])
def test_invite_form_with_a_bad_graduate_is_404(client, setting, value):
    employer, posting, _graduate = setting
    client.force_login(employer.user)

    response = client.get(f"{reverse('employers:invitation_new', args=[posting.pk])}?graduate={value}")

    assert response.status_code == 404


def test_a_pending_employer_cannot_invite(client, setting):
    _employer, posting, graduate = setting
    pending = EmployerFactory()
    client.force_login(pending.user)

    page = client.get(invite_url(posting, graduate))
    body = {"posting": posting.pk, "graduate": graduate.pk}
    api = client.post(reverse("api-invitations-sent"), body, content_type="application/json")

    assert (page.status_code, api.status_code) == (403, 403)
    assert Invitation.objects.count() == 0


# --- Per role ---------------------------------------------------------------------------------------------------

EMPLOYER_PAGES = ["employers:invitation_list"]
GRADUATE_PAGES = ["graduates:invitation_list"]


@pytest.mark.parametrize("route", EMPLOYER_PAGES + GRADUATE_PAGES)
def test_lists_send_anonymous_to_login(client, route):
    response = client.get(reverse(route))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={reverse(route)}"


@pytest.mark.parametrize(
    ("route", "api", "make_user"),
    [
        ("employers:invitation_list", "api-invitations-sent", lambda: GraduateFactory(approved=True).user),
        ("employers:invitation_list", "api-invitations-sent", lambda: UserFactory()),
        ("graduates:invitation_list", "api-invitations-received", lambda: EmployerFactory(approved=True).user),
        ("graduates:invitation_list", "api-invitations-received", lambda: UserFactory()),
    ],
    ids=["graduate-on-employer", "plain-on-employer", "employer-on-graduate", "plain-on-graduate"],
)
def test_lists_refuse_the_wrong_role(client, route, api, make_user):
    InvitationFactory(message="别人的邀约附言")
    client.force_login(make_user())

    responses = [client.get(reverse(route)), client.get(reverse(api))]

    assert [r.status_code for r in responses] == [403, 403]
    assert all("别人的邀约附言" not in r.content.decode() for r in responses)


def test_lists_show_each_side_its_own_only(client, setting):
    employer, posting, graduate = setting
    mine = InvitationFactory(posting=posting, graduate=graduate, message="我的邀约")
    InvitationFactory(message="别家的邀约")
    client.force_login(employer.user)
    sent = client.get(reverse("employers:invitation_list"))
    sent_api = client.get(reverse("api-invitations-sent")).json()
    client.force_login(graduate.user)
    received = client.get(reverse("graduates:invitation_list"))
    received_api = client.get(reverse("api-invitations-received")).json()

    assert texts(sent.content, class_="job-card__title") == ["姚同学 · 邀约审计"]
    assert [r["id"] for r in sent_api["results"]] == [mine.pk]
    assert texts(received.content, class_="job-card__title") == ["邀约审计"]
    assert [r["id"] for r in received_api["results"]] == [mine.pk]
    assert "别家的邀约" not in (sent.content + received.content).decode()


# --- Answering ---------------------------------------------------------------------------------------------------


def test_accepting_an_invitation_to_apply_leads_to_the_application_form(client, setting):
    _employer, posting, graduate = setting
    invitation = InvitationFactory(posting=posting, graduate=graduate)
    client.force_login(graduate.user)

    response = client.post(reverse("graduates:invitation_accept", args=[invitation.pk]))

    assert response["Location"] == reverse("jobs:detail", args=[posting.pk]) + "#apply-box"
    assert Invitation.objects.get().status == InvitationStatus.ACCEPTED


def test_accepting_an_invitation_to_a_session_leads_to_its_booking(client, setting):
    employer, posting, graduate = setting
    special_fair = SpecialFairFactory()
    in_fair = SessionFactory(employer=employer, special_fair=special_fair, starts_at=timezone.now() + dt.timedelta(1))
    alone = SessionFactory(employer=employer, starts_at=timezone.now() + dt.timedelta(days=1))
    first = InvitationFactory(posting=posting, graduate=graduate, session=in_fair)
    second = InvitationFactory(posting=public_posting(employer=employer), graduate=graduate, session=alone)
    client.force_login(graduate.user)

    to_fair = client.post(reverse("graduates:invitation_accept", args=[first.pk]))
    to_list = client.post(reverse("graduates:invitation_accept", args=[second.pk]))
    listing = client.get(reverse("graduates:invitation_list")).content.decode()

    fair_page = reverse("fairs:special_fair_detail", args=[special_fair.pk])
    assert to_fair["Location"] == f"{fair_page}#session-{in_fair.pk}"
    assert to_list["Location"] == reverse("graduates:invitation_list") + f"#invitation-{second.pk}"
    assert f'action="{reverse("graduates:session_book", args=[alone.pk])}"' in listing


def test_declining_and_withdrawing_through_the_pages(client, setting):
    employer, posting, graduate = setting
    declined = InvitationFactory(posting=posting, graduate=graduate)
    client.force_login(graduate.user)
    client.post(reverse("graduates:invitation_decline", args=[declined.pk]))
    withdrawn = InvitationFactory(posting=posting, graduate=graduate)
    client.force_login(employer.user)
    client.post(reverse("employers:invitation_withdraw", args=[withdrawn.pk]))
    again = client.post(reverse("employers:invitation_withdraw", args=[withdrawn.pk]), follow=True)

    assert list(Invitation.objects.order_by("pk").values_list("status", flat=True)) == ["declined", "withdrawn"]
    assert "当前状态为“已撤回”，不能变为“已撤回”。" in again.content.decode()


def test_api_send_accept_and_the_answer_notice(client, setting):
    employer, posting, graduate = setting
    client.force_login(employer.user)
    sent = client.post(
        reverse("api-invitations-sent"),
        {"posting": posting.pk, "graduate": graduate.pk, "message": "欢迎"},
        content_type="application/json",
    )
    pk = sent.json()["id"]
    client.force_login(graduate.user)
    accepted = client.post(reverse("api-invitation-accept", args=[pk]))
    again = client.post(reverse("api-invitation-decline", args=[pk]))

    assert sent.status_code == 201
    assert sent.json()["graduate"] == {
        "id": graduate.pk,
        "name": "姚同学",
        "university": graduate.university,
        "degree": graduate.degree,
        "degree_label": graduate.get_degree_display(),
        "major": graduate.major,
        "graduation_year": graduate.graduation_year,
    }
    assert (accepted.status_code, accepted.json()["status"], accepted.json()["next_url"]) == (
        200,
        "accepted",
        reverse("jobs:detail", args=[posting.pk]) + "#apply-box",
    )
    assert again.status_code == 400
    assert sorted(Notification.objects.values_list("kind", flat=True)) == ["invitation_answered", "invitation_received"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"posting": 999999, "graduate": 1}, "posting"),
        ({"posting": None, "graduate": "x"}, "posting"),
        ({"graduate": 999999}, "graduate"),
        ({"graduate": None, "message": "长" * 501}, "message"),
        ({"session": 999999}, "session"),
    ],
)
def test_api_send_bad_input_is_a_400_with_the_field(client, setting, body, field):
    employer, posting, graduate = setting
    client.force_login(employer.user)
    payload = {"posting": posting.pk, "graduate": graduate.pk, **body}
    payload = {k: v for k, v in payload.items() if v is not None}

    response = client.post(reverse("api-invitations-sent"), payload, content_type="application/json")

    assert response.status_code == 400
    assert field in response.content.decode()
    assert Invitation.objects.count() == 0


# --- The contact rule: nothing before acceptance -------------------------------------------------------------


def contact_seen(client, employer, posting, graduate) -> dict[str, bool]:
    """Where the employer could read the graduate's mobile, e-mail or résumé."""
    client.force_login(employer.user)
    page = client.get(reverse("jobs:matches", args=[posting.pk])).content.decode()
    api = client.get(reverse("api-job-matches", args=[posting.pk])).content.decode()
    sent = client.get(reverse("employers:invitation_list")).content.decode()
    sent_api = client.get(reverse("api-invitations-sent")).content.decode()
    resume = client.get(reverse("graduates:resume_download", args=[graduate.pk]))
    return {
        "page": MOBILE in page or EMAIL in page,
        "api": MOBILE in api or EMAIL in api,
        "sent lists": any(value in text for value in (MOBILE, EMAIL) for text in (sent, sent_api)),
        "resume": resume.status_code == 200,
    }


@pytest.mark.parametrize("status", ["sent", "declined", "withdrawn", "expired"])
def test_nothing_of_the_contact_leaks_before_acceptance(client, setting, status):
    employer, posting, graduate = setting
    InvitationFactory(posting=posting, graduate=graduate, status=status)

    assert contact_seen(client, employer, posting, graduate) == {
        "page": False,
        "api": False,
        "sent lists": False,
        "resume": False,
    }


def test_contact_shows_on_the_matches_page_api_and_resume_after_acceptance(client, setting):
    employer, posting, graduate = setting
    invitation = services.invitation_send(employer=employer, posting=posting, graduate=graduate, actor=None)
    services.invitation_accept(invitation=invitation, actor=graduate.user)
    other = EmployerFactory(approved=True, industry="J")
    other_posting = public_posting(employer=other, degree_requirement="bachelor")
    other_posting.disciplines.set([discipline("12")])

    assert contact_seen(client, employer, posting, graduate) == {
        "page": True,
        "api": True,
        "sent lists": False,  # the lists never carry contact details
        "resume": True,
    }
    assert contact_seen(client, other, other_posting, graduate) == {
        "page": False,
        "api": False,
        "sent lists": False,
        "resume": False,
    }


# --- Query counts -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_sent_list_page_query_count(client, setting, django_assert_num_queries, count):
    employer, posting, _graduate = setting
    session = SessionFactory(employer=employer)
    for _ in range(count):
        InvitationFactory(posting=posting, session=session)
    client.force_login(employer.user)

    # session, user+employer, count, page (posting, graduate, session joined), unread messages
    with django_assert_num_queries(5):
        response = client.get(reverse("employers:invitation_list"))

    assert len(texts(response.content, class_="job-card")) == count


@pytest.mark.parametrize("count", [1, 3])
def test_received_list_page_query_count(client, setting, django_assert_num_queries, count):
    _employer, _posting, graduate = setting
    for _ in range(count):
        InvitationFactory(graduate=graduate)
    client.force_login(graduate.user)

    # session, user+graduate, count, page (employer, posting, session joined), unread messages
    with django_assert_num_queries(5):
        response = client.get(reverse("graduates:invitation_list"))

    assert len(texts(response.content, class_="job-card")) == count


@pytest.mark.parametrize("count", [1, 3])
def test_list_apis_query_count(client, setting, django_assert_num_queries, count):
    employer, posting, graduate = setting
    for _ in range(count):
        InvitationFactory(posting=posting, graduate=GraduateFactory(approved=True))
        InvitationFactory(graduate=graduate)
    client.force_login(employer.user)
    with django_assert_num_queries(3):  # session, user+employer, page
        sent = client.get(reverse("api-invitations-sent"))
    client.force_login(graduate.user)
    with django_assert_num_queries(3):  # session, user+graduate, page
        received = client.get(reverse("api-invitations-received"))

    assert (len(sent.json()["results"]), len(received.json()["results"])) == (count, count)
