"""The staff API of sessions and 专场 applications (/api/v1/staff/sessions/,
/api/v1/staff/special-fair-participations/): the admin's services, scoped to the reviewer's venues
and, for a jointly organised 专场, to its partner venues too."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from events.enums import FairRegistrationStatus
from fairs.enums import SessionStatus, SpecialFairScope
from fairs.models import Session, SpecialFairParticipation
from recruitment_weeks.notifications.models import Notification
from tests.api.errors import invalid
from tests.factories import BranchVenueFactory, EmployerFactory, ProvinceFactory, WeekFactory
from tests.factories.fairs import ParticipationFactory, SessionFactory, SpecialFairFactory
from tests.factories.staff import staff_user
from venues.enums import System
from venues.models import Venue

pytestmark = pytest.mark.django_db

SESSIONS = "/api/v1/staff/sessions/"
PARTICIPATIONS = "/api/v1/staff/special-fair-participations/"


@pytest.fixture
def week():
    return WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23))


def venue(code: str, system=System.HR):
    """The branch venue of that province and system (the factories' own sequences may have made it)."""
    found = Venue.objects.filter(province__code=code, system=system).first()
    return found or BranchVenueFactory(province=ProvinceFactory(code=code), system=system)


def pending_session(venue, week, **kw) -> Session:
    employer = EmployerFactory(province=venue.province, reviewing_venue=venue, approved=True)
    return SessionFactory(employer=employer, week=week, venue=venue, status=SessionStatus.PENDING, **kw)


def pending_participation(special_fair, **kw) -> SpecialFairParticipation:
    """An application by an employer of the organiser's province (no venue made by the factories)."""
    venue = special_fair.venue
    employer = EmployerFactory(province=venue.province, reviewing_venue=venue, approved=True)
    return ParticipationFactory(
        special_fair=special_fair, employer=employer, status=FairRegistrationStatus.PENDING, **kw
    )


@pytest.mark.parametrize("n", [1, 3])
def test_staff_session_list_query_count_is_constant(client, django_assert_num_queries, week, n):
    mine = [venue(str(81 + i)) for i in range(n)]
    rows = [pending_session(v, week) for v in mine]
    client.force_login(staff_user("s", *mine))

    # session, user, scope, rows (with their places booked)
    with django_assert_num_queries(4):
        response = client.get(SESSIONS)

    assert [row["id"] for row in response.json()["results"]] == [r.pk for r in rows]


@pytest.mark.parametrize("n", [1, 3])
def test_staff_participation_list_query_count_is_constant(client, django_assert_num_queries, week, n):
    mine = [venue(str(81 + i)) for i in range(n)]
    rows = [pending_participation(SpecialFairFactory(week=week, venue=v)) for v in mine]
    client.force_login(staff_user("s", *mine))

    with django_assert_num_queries(4):
        response = client.get(PARTICIPATIONS)

    assert [row["id"] for row in response.json()["results"]] == [r.pk for r in rows]


def test_staff_session_list_shows_pending_by_default_and_filters_by_status(client, week):
    mine = venue("81")
    pending = pending_session(mine, week, title="待审宣讲会")
    approved = SessionFactory(week=week, venue=mine, employer__reviewing_venue=mine)
    client.force_login(staff_user("s", mine))

    default = client.get(SESSIONS).json()["results"]
    decided = client.get(SESSIONS, {"status": "approved"}).json()["results"]

    assert [(row["id"], row["title"], row["status_label"], row["venue"]) for row in default] == [
        (pending.pk, "待审宣讲会", "待审核", mine.slug)
    ]
    assert [row["id"] for row in decided] == [approved.pk]


def test_staff_list_refuses_an_unknown_status_in_chinese(client, week):
    client.force_login(staff_user("s", venue("81")))

    response = client.get(SESSIONS, {"status": "nonsense"})

    assert (response.status_code, response.json()) == (
        400,
        invalid({"status": ["状态只能是：pending / approved / rejected / cancelled。"]}),
    )


def test_staff_approves_a_session_and_the_employer_is_told(client, week, django_capture_on_commit_callbacks):
    mine = venue("81")
    session = pending_session(mine, week)
    client.force_login(staff_user("s", mine))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{SESSIONS}{session.pk}/approve/", {"note": "欢迎"}, content_type="application/json")

    session.refresh_from_db()
    assert (response.status_code, response.json()["status"], session.status) == (200, "approved", "approved")
    assert list(Notification.objects.filter(recipient=session.employer.user).values_list("kind", flat=True)) == [
        "session_approved"
    ]


def test_staff_rejects_a_session_only_with_a_reason(client, week):
    mine = venue("81")
    session = pending_session(mine, week)
    client.force_login(staff_user("s", mine))

    empty = client.post(f"{SESSIONS}{session.pk}/reject/", {"reason": " "}, content_type="application/json")
    given = client.post(f"{SESSIONS}{session.pk}/reject/", {"reason": "时间冲突"}, content_type="application/json")

    assert empty.status_code == 400
    assert (given.status_code, given.json()["status"], given.json()["status_reason"]) == (200, "rejected", "时间冲突")


def test_staff_deciding_twice_is_a_400_not_a_500(client, week):
    mine = venue("81")
    session = pending_session(mine, week)
    client.force_login(staff_user("s", mine))
    client.post(f"{SESSIONS}{session.pk}/approve/", {}, content_type="application/json")

    again = client.post(f"{SESSIONS}{session.pk}/approve/", {}, content_type="application/json")

    assert again.status_code == 400


def test_staff_approves_and_rejects_participations(client, week):
    mine = venue("81")
    special_fair = SpecialFairFactory(week=week, venue=mine)
    one, two = pending_participation(special_fair), pending_participation(special_fair)
    client.force_login(staff_user("s", mine))

    approved = client.post(f"{PARTICIPATIONS}{one.pk}/approve/", {}, content_type="application/json")
    rejected = client.post(
        f"{PARTICIPATIONS}{two.pk}/reject/", {"reason": "不符合行业要求"}, content_type="application/json"
    )

    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    assert (rejected.status_code, rejected.json()["status_reason"]) == (200, "不符合行业要求")
    assert set(SpecialFairParticipation.objects.values_list("status", flat=True)) == {"approved", "rejected"}


def test_staff_of_another_province_see_and_decide_nothing(client, week):
    mine, theirs = venue("81"), venue("82")
    session = pending_session(mine, week)
    participation = pending_participation(SpecialFairFactory(week=week, venue=mine))
    client.force_login(staff_user("other", theirs))

    lists = [client.get(SESSIONS).json()["results"], client.get(PARTICIPATIONS).json()["results"]]
    statuses = [
        client.get(f"{SESSIONS}{session.pk}/").status_code,
        client.post(f"{SESSIONS}{session.pk}/approve/", {}, content_type="application/json").status_code,
        client.post(f"{PARTICIPATIONS}{participation.pk}/approve/", {}, content_type="application/json").status_code,
    ]

    assert (lists, statuses) == ([[], []], [404, 404, 404])
    session.refresh_from_db()
    participation.refresh_from_db()
    assert (session.status, participation.status) == ("pending", "pending")


def test_staff_api_refuses_non_staff(client, week):
    client.force_login(EmployerFactory(approved=True).user)

    assert [client.get(SESSIONS).status_code, client.get(PARTICIPATIONS).status_code] == [403, 403]


# --- Jointly organised 专场 -------------------------------------------------------------------------


@pytest.fixture
def joint(week):
    """A province's two branch venues organise a 专场 together (HR organiser, education partner),
    with a pending application and a pending session in it; a third venue elsewhere."""
    province = ProvinceFactory(code="81")
    hr = BranchVenueFactory(province=province, system=System.HR)
    edu = BranchVenueFactory(province=province, system=System.EDUCATION)
    special_fair = SpecialFairFactory(week=week, venue=hr, scope=SpecialFairScope.PROVINCE)
    special_fair.partner_venues.set([edu])
    participation = pending_participation(special_fair)
    session = SessionFactory(
        employer=participation.employer, week=week, venue=hr, special_fair=special_fair, status=SessionStatus.PENDING
    )
    return {"hr": hr, "edu": edu, "special_fair": special_fair, "participation": participation, "session": session}


def test_partner_venue_staff_review_the_joint_special_fair(client, joint):
    client.force_login(staff_user("partner", joint["edu"]))

    sessions = [row["id"] for row in client.get(SESSIONS).json()["results"]]
    participations = [row["id"] for row in client.get(PARTICIPATIONS).json()["results"]]
    approved = client.post(f"{SESSIONS}{joint['session'].pk}/approve/", {}, content_type="application/json")

    assert (sessions, participations) == ([joint["session"].pk], [joint["participation"].pk])
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")


def test_partner_venue_staff_see_a_joint_row_once(client, joint, week):
    """Staff of both organiser venues: the row is not repeated by the partners' join."""
    other_partner = venue("93", System.EDUCATION)
    joint["special_fair"].partner_venues.add(other_partner)
    client.force_login(staff_user("both", joint["hr"], joint["edu"], other_partner))

    assert [row["id"] for row in client.get(SESSIONS).json()["results"]] == [joint["session"].pk]


def test_partner_venue_staff_do_not_see_the_organisers_other_sessions(client, joint, week):
    outside = pending_session(joint["hr"], week)  # at the organiser venue, but in no 专场
    client.force_login(staff_user("partner", joint["edu"]))

    assert [row["id"] for row in client.get(SESSIONS).json()["results"]] == [joint["session"].pk]
    assert client.get(f"{SESSIONS}{outside.pk}/").status_code == 404


def test_partner_venue_staff_review_in_the_admin(client, joint):
    client.force_login(staff_user("partner", joint["edu"]))

    changelist = client.get(reverse("admin:fairs_session_changelist"))
    detail = client.get(reverse("admin:fairs_specialfairparticipation_change", args=[joint["participation"].pk]))

    assert [s.pk for s in changelist.context["cl"].result_list] == [joint["session"].pk]
    assert detail.status_code == 200


def test_staff_list_refuses_an_unknown_status_in_english_too(client):
    from tests.api.errors import INVALID_EN

    client.force_login(staff_user("s", venue("81")))

    response = client.get(PARTICIPATIONS, {"status": "nonsense"}, HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response.json()) == (
        400,
        invalid({"status": ["The status can only be: pending / approved / rejected / withdrawn."]}, INVALID_EN),
    )


def panel_count(html: bytes, link_id: str) -> str:
    """The number beside a queue link of the admin index's staff panel."""
    return re.search(rf'id="{link_id}"[^>]*>[^<]*</a> <span class="staff-count">(\d+)<', html.decode()).group(1)


def test_admin_panel_counts_the_joint_special_fairs_waiting_rows_for_its_partner(client, joint):
    client.force_login(staff_user("partner", joint["edu"]))
    partner = client.get(reverse("admin:index")).content
    client.force_login(staff_user("elsewhere", venue("91")))
    elsewhere = client.get(reverse("admin:index")).content

    assert [panel_count(partner, "queue-sessions"), panel_count(partner, "queue-participations")] == ["1", "1"]
    assert [panel_count(elsewhere, "queue-sessions"), panel_count(elsewhere, "queue-participations")] == ["0", "0"]


def admin_action(client, changelist: str, action: str, pk: int, **extra):
    data = {"action": action, "_selected_action": [pk], **extra}
    if "reason" not in extra:
        data["index"] = "0"
    return client.post(reverse(f"admin:{changelist}_changelist"), data)


def test_partner_venue_staff_decide_in_the_admin_and_others_change_nothing(client, joint):
    client.force_login(staff_user("elsewhere", venue("91")))
    refused = admin_action(client, "fairs_specialfairparticipation", "approve", joint["participation"].pk)
    joint["participation"].refresh_from_db()
    status_after_refusal = joint["participation"].status

    client.force_login(staff_user("partner", joint["edu"]))
    admin_action(client, "fairs_specialfairparticipation", "approve", joint["participation"].pk)
    admin_action(client, "fairs_session", "reject", joint["session"].pk, apply="1", reason="会议链接无法打开，请更换。")

    joint["participation"].refresh_from_db()
    joint["session"].refresh_from_db()
    assert (refused.status_code, status_after_refusal) == (302, "pending")
    assert (joint["participation"].status, joint["session"].status, joint["session"].status_reason) == (
        "approved",
        "rejected",
        "会议链接无法打开，请更换。",
    )


def test_partner_venue_staff_cannot_publish_or_cancel_the_joint_special_fair(client, joint):
    client.force_login(staff_user("partner", joint["edu"]))

    response = admin_action(client, "fairs_specialfair", "cancel", joint["special_fair"].pk)

    joint["special_fair"].refresh_from_db()
    assert (response.status_code, joint["special_fair"].status) == (302, "published")
