"""Every admin page, action and API endpoint of the venue staff issue × every role, with the data of
both provinces present. A forbidden write leaves every table as it was.

Roles: anonymous, graduate, employer, staff of province A (members of A's HR and education venues),
staff of province B, main-venue staff of each system, superuser.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from employers.models import Employer
from events.models import FairRegistration
from fairs.models import Booking, Session, SpecialFair, SpecialFairParticipation
from graduates.models import Graduate
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.factories import WeekFactory
from tests.factories.fairs import add_fairs
from tests.factories.staff import ROLES
from tests.support.second_factor import enrol
from venues.enums import System
from venues.models import Announcement, ContactForm, SiteLinkReport

pytestmark = pytest.mark.django_db

STAFF = {"staff_a", "staff_b", "main_edu", "main_hr", "superuser"}
NOT_STAFF = {"anonymous", "graduate", "employer"}
A_HR = {"staff_a", "main_hr", "superuser"}  # who may act on A's HR venue's rows
A_EDU = {"staff_a", "main_edu", "superuser"}  # … and on A's education venue's rows


@pytest.fixture(autouse=True)
def _fairs(world):
    """Every test here also has the fairs' rows of both provinces (专场, applications, sessions, bookings)."""
    add_fairs(world)


def sees(role: str, venue) -> bool:
    """The rule, restated independently of the code under test."""
    return {
        "staff_a": venue.province_id is not None and venue.province.code == "81",
        "staff_b": venue.province_id is not None and venue.province.code == "82",
        "main_edu": venue.system == System.EDUCATION,
        "main_hr": venue.system == System.HR,
        "superuser": True,
    }.get(role, False)


def snapshot() -> dict[str, list[dict]]:
    models = [Employer, Graduate, FairRegistration, SiteLinkReport, ContactForm, Announcement, AuditEntry, Notification]
    models += [SpecialFair, SpecialFairParticipation, Session, Booking]
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in models}


def login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


# --- Lists: each role sees exactly the rows of its venues -----------------------------------------

LISTS = {
    # changelist name: (objects in the world, the venue each belongs to)
    "employers_employer": lambda w: [(e, e.reviewing_venue) for e in Employer.objects.all()],
    "graduates_graduate": lambda w: [(g, g.reviewing_venue) for g in Graduate.objects.all()],
    "events_fairregistration": lambda w: [(w.fair_a, w.a_hr), (w.fair_b, w.b_hr)],
    "employers_jobposting": lambda w: [(w.posting_a, w.a_hr), (w.posting_b, w.b_hr)],
    "graduates_application": lambda w: [(w.application_a, w.a_hr), (w.application_b, w.b_hr)],
    "venues_sitelinkreport": lambda w: [(w.report_a, w.a_hr), (w.report_b, w.b_hr)],
    "venues_contactform": lambda w: [(w.contact_a, w.a_hr), (w.contact_b, w.b_hr)],
    "venues_announcement": lambda w: [(w.announcement_a, w.a_hr), (w.announcement_b, w.b_hr)],
    "venues_venue": lambda w: [(v, v) for v in (w.a_hr, w.a_edu, w.b_hr, w.b_edu)],
    "venues_venuemembership": lambda w: [
        (m, m.venue) for v in (w.a_hr, w.a_edu, w.b_hr, w.b_edu) for m in v.memberships.all()
    ],
    "fairs_specialfair": lambda w: [(w.special_fair_a, w.a_hr), (w.special_fair_b, w.b_hr)],
    "fairs_specialfairparticipation": lambda w: [(w.participation_a, w.a_hr), (w.participation_b, w.b_hr)],
    "fairs_session": lambda w: [(w.session_a, w.a_hr), (w.session_b, w.b_hr)],
    "fairs_booking": lambda w: [(w.booking_a, w.a_hr), (w.booking_b, w.b_hr)],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("changelist", list(LISTS))
def test_admin_list_shows_exactly_the_roles_rows(world, as_role, role, changelist):
    candidates = LISTS[changelist](world)

    response = as_role(role).get(reverse(f"admin:{changelist}_changelist"))

    if role in NOT_STAFF:
        assert login_redirect(response)
        return
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    expected = {obj.pk for obj, venue in candidates if sees(role, venue)}
    assert shown & {obj.pk for obj, _venue in candidates} == expected
    if role != "superuser":
        # Nothing of a venue outside the scope either (e.g. seeded venues of the other system).
        assert all(sees(role, venue) for obj, venue in LISTS[changelist](world) if obj.pk in shown)


# --- Detail pages: another province's row is a 404 -------------------------------------------------

DETAILS = {
    "employers_employer": (lambda w: w.employer_a, A_HR),
    "graduates_graduate": (lambda w: w.graduate_a, A_EDU),
    "events_fairregistration": (lambda w: w.fair_a, A_HR),
    "employers_jobposting": (lambda w: w.posting_a, A_HR),
    "graduates_application": (lambda w: w.application_a, A_HR),
    "venues_sitelinkreport": (lambda w: w.report_a, A_HR),
    "venues_contactform": (lambda w: w.contact_a, A_HR),
    "venues_announcement": (lambda w: w.announcement_a, A_HR),
    "venues_venue": (lambda w: w.a_edu, A_EDU),
    "fairs_specialfair": (lambda w: w.special_fair_a, A_HR),
    "fairs_specialfairparticipation": (lambda w: w.participation_a, A_HR),
    "fairs_session": (lambda w: w.session_a, A_HR),
    "fairs_booking": (lambda w: w.booking_a, A_HR),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(DETAILS))
def test_admin_detail_of_province_a_row_per_role(world, as_role, role, name):
    obj, allowed = DETAILS[name][0](world), DETAILS[name][1]
    client = as_role(role)

    change = client.get(reverse(f"admin:{name}_change", args=[obj.pk]))
    history = client.get(reverse(f"admin:{name}_history", args=[obj.pk]))

    if role in NOT_STAFF:
        assert login_redirect(change) and login_redirect(history)
    elif role in allowed:
        assert (change.status_code, change.context["original"].pk, history.status_code) == (200, obj.pk, 200)
    else:
        assert (change.status_code, history.status_code) == (404, 404)


# --- Staff pages and downloads ---------------------------------------------------------------------

PAGES = [
    "admin:index",
    "admin:venues_sitelinkreport_board",
    "admin:venues_sitelinkreport_add",
    "admin:venues_contactform_add",
    "admin:venues_contactform_download",
    "admin:venues_announcement_add",
    "admin:venues_statistics",
    "admin:venues_statistics_csv",
    "admin:venues_statistics_xlsx",
    "admin:employers_reply_times",
    "admin:employers_reply_times_csv",
    "admin:universities_university_changelist",
    "admin:universities_university_export",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_staff_pages_per_role(world, as_role, role, name):
    response = as_role(role).get(reverse(name))

    if role in NOT_STAFF:
        assert login_redirect(response)
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("name", PAGES[1:])
def test_staff_pages_refuse_staff_without_a_venue(as_role, world, name, client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="plain-staff", is_staff=True))

    response = client.get(reverse(name))

    assert response.status_code == 403


# --- The list of universities: every venue's staff read it, the ministry imports it -----------------


@pytest.mark.parametrize("role", ROLES)
def test_university_import_per_role(world, as_role, role):
    from io import BytesIO

    from universities.models import University

    before = list(University.objects.order_by("pk").values())
    upload = BytesIO("学校名称,所在省份\n新学院,甲省\n".encode())
    upload.name = "list.csv"
    client = as_role(role)

    page = client.get(reverse("admin:universities_university_import"))
    post = client.post(reverse("admin:universities_university_import"), {"file": upload})

    if role in NOT_STAFF:
        assert login_redirect(page) and login_redirect(post)
    elif role in {"main_edu", "superuser"}:
        assert (page.status_code, post.status_code) == (200, 200)
        assert University.objects.filter(name="新学院", province=world.a_hr.province).count() == 1
        return
    else:
        assert (page.status_code, post.status_code) == (403, 403)
    assert list(University.objects.order_by("pk").values()) == before


def _career_centres(world):
    """A pending career-centre member in each province, reviewed by that province's education venue."""
    from tests.factories.universities import CareerCentreMemberFactory, UniversityFactory

    return {
        venue: CareerCentreMemberFactory(
            university=UniversityFactory(province=venue.province), reviewing_venue=venue, status="pending"
        )
        for venue in (world.a_edu, world.b_edu)
    }


@pytest.mark.parametrize("role", ROLES)
def test_career_centre_members_list_and_detail_per_role(world, as_role, role):
    members = _career_centres(world)
    client = as_role(role)

    listing = client.get(reverse("admin:universities_careercentremember_changelist"))
    detail = client.get(reverse("admin:universities_careercentremember_change", args=[members[world.a_edu].pk]))

    if role in NOT_STAFF:
        assert login_redirect(listing) and login_redirect(detail)
        return
    shown = {m.pk for m in listing.context["cl"].result_list}
    assert shown == {m.pk for venue, m in members.items() if sees(role, venue)}
    assert detail.status_code == (200 if role in A_EDU else 404)


@pytest.mark.parametrize("role", ROLES)
def test_university_notices_list_and_board_per_role(world, as_role, role):
    from universities.models import UniversityNotice

    notices = {
        v: UniversityNotice.objects.create(venue=v, title=f"{v.name}通知", body="正文")
        for v in (world.a_edu, world.b_edu)
    }
    client = as_role(role)

    listing = client.get(reverse("admin:universities_universitynotice_changelist"))
    board = client.get(reverse("admin:universities_universitynotice_board", args=[notices[world.a_edu].pk]))

    if role in NOT_STAFF:
        assert login_redirect(listing) and login_redirect(board)
        return
    shown = {n.pk for n in listing.context["cl"].result_list}
    assert shown == {n.pk for venue, n in notices.items() if sees(role, venue)}
    assert board.status_code == (200 if role in A_EDU else 404)


@pytest.mark.parametrize("role", ROLES)
def test_career_centre_approval_per_role(world, as_role, role):
    from universities.models import CareerCentreMember

    member = _career_centres(world)[world.a_edu]
    before = list(CareerCentreMember.objects.order_by("pk").values())

    _action(as_role(role), "universities_careercentremember", "approve", member.pk)

    member.refresh_from_db()
    if role in A_EDU:
        assert (member.status, member.reviewed_by) == ("approved", world.users[role])
    else:
        assert list(CareerCentreMember.objects.order_by("pk").values()) == before


# --- API ---------------------------------------------------------------------------------------------


def _queues(w) -> dict[str, dict[str, list[int]]]:
    """Each queue's expected ids per staff role, oldest first."""
    role_employer, role_graduate = w.users["employer"].employer.pk, w.users["graduate"].graduate.pk
    employers_hr = [w.employer_b.pk, w.employer_a.pk, role_employer]  # submitted 3 days, 2 days, now
    graduates_edu = [w.graduate_a.pk, w.graduate_b.pk, role_graduate]  # in the order they registered
    fairs_hr = [w.fair_a.pk, w.fair_b.pk]
    return {
        "employers": {"staff_a": [w.employer_a.pk, role_employer], "staff_b": [w.employer_b.pk],
                      "main_hr": employers_hr, "main_edu": [], "superuser": employers_hr},
        "graduates": {"staff_a": [w.graduate_a.pk, role_graduate], "staff_b": [w.graduate_b.pk],
                      "main_hr": [], "main_edu": graduates_edu, "superuser": graduates_edu},
        "fair-registrations": {"staff_a": [w.fair_a.pk], "staff_b": [w.fair_b.pk],
                               "main_hr": fairs_hr, "main_edu": [], "superuser": fairs_hr},
    }  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("queue", ["employers", "graduates", "fair-registrations"])
def test_api_review_queue_per_role(world, as_role, role, queue):
    response = as_role(role).get(f"/api/v1/staff/review-queue/{queue}/")

    if role in NOT_STAFF:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == _queues(world)[queue][role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ["/api/v1/staff/site-reports/", "/api/v1/staff/statistics/"])
def test_api_reports_and_statistics_per_role(world, as_role, role, url):
    response = as_role(role).get(url, {"week": world.week.pk} if "site-reports" in url else {})

    if role in NOT_STAFF:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    test_venues = {world.a_hr.slug: world.a_hr, world.a_edu.slug: world.a_edu,
                   world.b_hr.slug: world.b_hr, world.b_edu.slug: world.b_edu}  # fmt: skip
    if "site-reports" in url:
        slugs = {row["venue"] for row in response.json()["results"]}
    else:
        week = next(w for w in response.json()["weeks"] if w["week"] == world.week.pk)
        slugs = {row["key"] for row in week["rows"]}
    assert slugs & set(test_venues) == {slug for slug, venue in test_venues.items() if sees(role, venue)}


# --- Writes: allowed ones happen, forbidden ones change nothing --------------------------------------


def _action(client, changelist, action, pk, **extra):
    data = {"action": action, "_selected_action": [pk], **extra}
    if "reason" not in extra:
        data["index"] = "0"
    return client.post(reverse(f"admin:{changelist}_changelist"), data)


def _reset_second_factor(client, target):
    enrol(target)
    return _action(client, "accounts_user", "reset_second_factor", target.pk)


def _reason(**extra):
    return {"apply": "1", "reason": "材料不全，请补充营业执照。", **extra}


WRITES = {
    "approve_employer": (
        A_HR,
        lambda c, w: _action(c, "employers_employer", "approve", w.employer_a.pk),
        lambda w: Employer.objects.get(pk=w.employer_a.pk).status == "approved",
    ),
    "reject_employer": (
        A_HR,
        lambda c, w: _action(c, "employers_employer", "reject", w.employer_a.pk, **_reason()),
        lambda w: Employer.objects.get(pk=w.employer_a.pk).status == "rejected",
    ),
    "suspend_employer": (
        A_HR,
        lambda c, w: _action(c, "employers_employer", "suspend", w.approved_a.pk, **_reason()),
        lambda w: Employer.objects.get(pk=w.approved_a.pk).status == "suspended",
    ),
    "approve_graduate": (
        A_EDU,
        lambda c, w: _action(c, "graduates_graduate", "approve", w.graduate_a.pk),
        lambda w: Graduate.objects.get(pk=w.graduate_a.pk).status == "approved",
    ),
    "reject_graduate": (
        A_EDU,
        lambda c, w: _action(c, "graduates_graduate", "reject", w.graduate_a.pk, **_reason()),
        lambda w: Graduate.objects.get(pk=w.graduate_a.pk).status == "rejected",
    ),
    "approve_fair_registration": (
        A_HR,
        lambda c, w: _action(c, "events_fairregistration", "approve", w.fair_a.pk),
        lambda w: FairRegistration.objects.get(pk=w.fair_a.pk).status == "approved",
    ),
    "reject_fair_registration": (
        A_HR,
        lambda c, w: _action(c, "events_fairregistration", "reject", w.fair_a.pk, **_reason()),
        lambda w: FairRegistration.objects.get(pk=w.fair_a.pk).status == "rejected",
    ),
    "report_site_link_admin": (
        A_HR,
        lambda c, w: c.post(
            reverse("admin:venues_sitelinkreport_add"),
            {"venue": w.a_hr.pk, "week": w.week2.pk, "site_name": "甲省新专区", "site_url": "https://a.example.cn/"},
        ),
        lambda w: SiteLinkReport.objects.filter(venue=w.a_hr, week=w.week2, site_name="甲省新专区").exists(),
    ),
    "correct_site_link_admin": (
        A_HR,
        lambda c, w: c.post(
            reverse("admin:venues_sitelinkreport_change", args=[w.report_a.pk]),
            {"site_name": "甲省更正专区", "site_url": "https://a.example.cn/new"},
        ),
        lambda w: SiteLinkReport.objects.get(pk=w.report_a.pk).site_name == "甲省更正专区",
    ),
    "report_site_link_api": (
        A_HR,
        lambda c, w: c.post(
            "/api/v1/staff/site-reports/",
            {
                "venue": w.a_hr.slug,
                "week": w.week2.pk,
                "site_name": "甲省接口专区",
                "site_url": "https://a.example.cn/",
            },
            content_type="application/json",
        ),
        lambda w: SiteLinkReport.objects.filter(venue=w.a_hr, week=w.week2, site_name="甲省接口专区").exists(),
    ),
    "edit_contact_form": (
        A_HR,
        lambda c, w: c.post(
            reverse("admin:venues_contactform_change", args=[w.contact_a.pk]),
            {
                "unit_name": "甲省人才中心（更正）",
                "site_name": "甲省人才网",
                "site_url": "https://a.example.cn/",
                "leader_name": "王主任",
                "leader_title": "主任",
                "leader_phone": "010-84202538",
                "leader_email": "wang@example.cn",
                "contact_name": "李老师",
                "contact_title": "科员",
                "contact_phone": "13912345678",
                "contact_email": "li@example.cn",
                "filled_by_unit": "甲省人社厅",
                "filled_on": "2020-04-28",
            },
        ),
        lambda w: ContactForm.objects.get(pk=w.contact_a.pk).unit_name == "甲省人才中心（更正）",
    ),
    "publish_announcement": (
        A_HR,
        lambda c, w: c.post(
            reverse("admin:venues_announcement_add"),
            {
                "venue": w.a_hr.pk,
                "kind": "policy",
                "title": "甲省新政策",
                "body": "正文",
                "is_published": "on",
                "published_at_0": "2030-01-01",
                "published_at_1": "08:00:00",
            },
        ),
        lambda w: Announcement.objects.filter(venue=w.a_hr, title="甲省新政策").exists(),
    ),
    "reset_second_factor": (  # a superuser's action on the users' list; the target enrolled first
        {"superuser"},
        lambda c, w: _reset_second_factor(c, w.users["staff_b"]),
        lambda w: not TOTPDevice.objects.filter(user=w.users["staff_b"]).exists(),
    ),
    "delete_announcement": (
        A_HR,
        lambda c, w: c.post(reverse("admin:venues_announcement_delete", args=[w.announcement_a.pk]), {"post": "yes"}),
        lambda w: not Announcement.objects.filter(pk=w.announcement_a.pk).exists(),
    ),
    "create_special_fair": (
        A_HR,
        lambda c, w: c.post(
            reverse("admin:fairs_specialfair_add"),
            {"week": w.week.pk, "venue": w.a_hr.pk, "scope": "venue", "title": "甲省新专场", "theme": "industry"},
        ),
        lambda w: SpecialFair.objects.filter(venue=w.a_hr, title="甲省新专场", status="draft").exists(),
    ),
    "publish_special_fair": (
        A_HR,
        lambda c, w: _action(c, "fairs_specialfair", "publish", w.special_fair_a.pk),
        lambda w: SpecialFair.objects.get(pk=w.special_fair_a.pk).status == "published",
    ),
    "approve_participation": (
        A_HR,
        lambda c, w: _action(c, "fairs_specialfairparticipation", "approve", w.participation_a.pk),
        lambda w: SpecialFairParticipation.objects.get(pk=w.participation_a.pk).status == "approved",
    ),
    "reject_participation": (
        A_HR,
        lambda c, w: _action(c, "fairs_specialfairparticipation", "reject", w.participation_a.pk, **_reason()),
        lambda w: SpecialFairParticipation.objects.get(pk=w.participation_a.pk).status == "rejected",
    ),
    "approve_session": (
        A_HR,
        lambda c, w: _action(c, "fairs_session", "approve", w.session_a.pk),
        lambda w: Session.objects.get(pk=w.session_a.pk).status == "approved",
    ),
    "reject_session": (
        A_HR,
        lambda c, w: _action(c, "fairs_session", "reject", w.session_a.pk, **_reason()),
        lambda w: Session.objects.get(pk=w.session_a.pk).status == "rejected",
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", list(WRITES))
def test_write_per_role_happens_or_changes_nothing(world, as_role, role, write):
    allowed, perform, done = WRITES[write]
    world.week2 = WeekFactory(year=2031, season="spring", starts_on=dt.date(2031, 4, 23))
    client = as_role(role)
    before = snapshot()

    response = perform(client, world)

    if role in allowed:
        assert response.status_code in (200, 302)
        assert done(world), response.content[:2000]
        return
    assert snapshot() == before
    if write.endswith("_api"):
        assert response.status_code == (403 if role in NOT_STAFF else 400)
    elif role in NOT_STAFF:
        assert login_redirect(response)
    elif write in ("correct_site_link_admin", "edit_contact_form", "delete_announcement"):
        assert response.status_code == 404  # another venue's row does not exist for this user
    elif write == "reset_second_factor":
        assert response.status_code == 403  # staff do not manage accounts
        assert done(world) is False
    elif write in ("report_site_link_admin", "publish_announcement", "create_special_fair"):
        # The form refuses a venue the user does not manage, next to the field.
        assert (response.status_code, list(response.context["adminform"].form.errors)) == (200, ["venue"])
    else:
        # An action finds nothing to act on among the rows the user may see: back to the list.
        assert (response.status_code, response["Location"]) == (302, response.request["PATH_INFO"])


# --- Conversation reports: the queue of the venue reviewing the employer, and nobody else's ----------


def _reported_conversations(world) -> dict[str, object]:
    from conversations.services import conversation_open, conversation_report, message_send

    reports = {}
    for side, application in (("a", world.application_a), ("b", world.application_b)):
        conversation = conversation_open(application=application, actor=application.graduate.user)
        message_send(conversation=conversation, sender=application.graduate.user, body=f"沟通内容{side}")
        reports[side] = conversation_report(
            conversation=conversation, reporter=application.graduate.user, details=f"举报说明{side}"
        )
    return reports


@pytest.mark.parametrize("role", ROLES)
def test_conversation_report_queue_per_role(world, as_role, role):
    reports = _reported_conversations(world)
    client = as_role(role)

    queue = client.get(reverse("conversations:report_list"))
    detail = client.get(reverse("conversations:report_detail", kwargs={"pk": reports["a"].pk}))

    if role == "anonymous":
        assert (queue.status_code, detail.status_code) == (302, 302)
        return
    if role in NOT_STAFF:
        assert (queue.status_code, detail.status_code) == (404, 404)
        return
    visible = {"a": role in A_HR, "b": role in {"staff_b", "main_hr", "superuser"}}
    assert queue.status_code == 200
    assert {side: f"/conversations/reports/{r.pk}/" in queue.content.decode() for side, r in reports.items()} == visible
    if visible["a"]:
        assert detail.status_code == 200
        assert "沟通内容a" in detail.content.decode()
    else:
        assert detail.status_code == 404
        assert "沟通内容a" not in detail.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_suspending_an_employer_from_a_conversation_report_per_role(world, as_role, role):
    reports = _reported_conversations(world)
    before = snapshot()

    response = as_role(role).post(
        reverse("conversations:report_detail", kwargs={"pk": reports["a"].pk}),
        {"outcome": "suspended", "note": "骚扰求职者"},
    )

    world.approved_a.refresh_from_db()
    if role in A_HR:
        assert response.status_code == 302
        assert world.approved_a.status == "suspended"
    else:
        assert response.status_code in (302, 404) if role == "anonymous" else response.status_code == 404
        assert snapshot() == before
