"""IDOR (issue 7): every route that names an object by id, slug or token, tried with the object of
another user of the same role.

How it is proved:
- ``object_routes()`` walks the resolver (every include, the /api/v1/ paths, pages, downloads,
  feeds) for patterns that capture something; the admin is left out because
  tests/staff/test_permission_matrix.py covers it role by role.
- Each such route is either in ``CASES`` (an owner, attackers of the owner's role, what every HTTP
  method answers them) or in ``PUBLIC`` with the reason it is meant to be seen by anyone;
  ``test_every_object_route_is_tested_or_public`` fails for a new route in neither.
- For every case and attacker, each of GET, HEAD, OPTIONS, POST, PUT, PATCH and DELETE is sent with a
  valid body (so a 400 cannot hide a missing 404): the status is exact, no distinctive string of the
  object (names, phone numbers, e-mails, USCC, notes, the files' text) is in the response, and every
  row of every table the portal writes, and the private files, are the same afterwards.
- The owner's request on the same URL is the positive control: it succeeds and shows the data, so a
  404 to the attacker is the permission check and not a wrong id.

Error bodies are not asserted (their format is another piece of issue 7): only statuses and the
absence of the object's data.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.core.files.storage import default_storage
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from conversations.models import Attachment, Block, Conversation, Message, MessageRead, Report
from employers.models import Employer, JobPosting
from events.models import FairRegistration
from fairs.models import Booking, Session, SpecialFairParticipation
from graduates.models import Application, Graduate, SavedPosting, SavedSearch
from invitations.models import Invitation
from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.factories import PostingFactory, discipline
from tests.factories.idor import LICENCE_A, RESUME_A, IdorWorld, idor_world
from universities.models import CareerCentreMember, NoticeAcknowledgement

pytestmark = pytest.mark.django_db

METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")


def page(status: int = 404) -> dict[str, int]:
    """A page without a method restriction: every method reaches the object lookup."""
    return dict.fromkeys(METHODS, status)


def post_only(status: int = 404) -> dict[str, int]:
    """A ``require_POST`` page: other methods are 405 before any lookup."""
    return {"POST": status}


def api(**statuses: int) -> dict[str, int]:
    """A DRF route: OPTIONS describes the endpoint's fields (never an object's data) to anyone who
    passes the view's role check; the methods it does not implement are 405."""
    return {"OPTIONS": 200, **statuses}


API_READ = api(GET=404, HEAD=404)
API_POST = api(POST=404)
API_DELETE = api(DELETE=404)

INTERVIEW_PAGE = {
    "interview-at": "2030-05-01T10:00",
    "interview-mode": "online",
    "interview-location": "https://meet.example.cn/idor",
}
INTERVIEW_API = {"at": "2030-05-01T10:00:00+08:00", "mode": "online", "location": "https://meet.example.cn/idor"}
REASON = {"reason": "IDOR测试理由"}
CONFIRM = {"student_number": "IDOR2030001", "degree": "bachelor", "major": "篡改专业", "graduation_year": "2030"}


GRADUATE_B_ID = "<graduate B's id>"


@dataclass(frozen=True)
class Case:
    route: str
    obj: str  # the IdorWorld attribute named in the URL
    owner: str  # who may use it (the positive control)
    attackers: tuple[str, ...]  # users of the owner's role who may not
    attacker_gets: dict[str, int]  # method → status; every other method → 405
    owner_gets: tuple[str, int]
    body: dict = field(default_factory=dict)
    kwarg: str = "pk"
    id_attr: str = "pk"
    # Further URL arguments: name → (IdorWorld attribute, its attribute), e.g. an attachment's conversation.
    more: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def is_api(self) -> bool:
        return ":" not in self.route  # pages are namespaced; the /api/v1/ routes are not

    def url(self, world: IdorWorld) -> str:
        kwargs = {self.kwarg: getattr(getattr(world, self.obj), self.id_attr)}
        kwargs.update({name: getattr(getattr(world, obj), attr) for name, (obj, attr) in self.more.items()})
        return reverse(self.route, kwargs=kwargs)

    def body_for(self, world: IdorWorld) -> dict:
        """The body, with GRADUATE_B_ID replaced by graduate B's id (made with the world)."""
        graduate_b = world.users["graduate_b"].graduate.pk
        return {name: graduate_b if value == GRADUATE_B_ID else value for name, value in self.body.items()}

    def expected(self) -> dict[str, int]:
        return {method: self.attacker_gets.get(method, 405) for method in METHODS}


EMPLOYER_B = ("employer_b",)
GRADUATE_B = ("graduate_b",)
# Another province's branch venues; the other system's branch venue of the same province; the other
# system's main venue.
OTHER_STAFF = ("staff_b", "staff_a_edu", "staff_main_edu")

CASES = [
    # --- Private files --------------------------------------------------------------------------------
    Case("employers:licence", "employer_a", "employer_a", EMPLOYER_B, page(), ("GET", 200)),
    Case("employers:licence", "employer_a", "staff_a", OTHER_STAFF, page(), ("GET", 200)),
    Case("graduates:resume_download", "graduate_a", "graduate_a", GRADUATE_B, page(), ("GET", 200)),
    # An employer sees the résumé of a graduate who applied to it; another employer does not.
    Case("graduates:resume_download", "graduate_a", "employer_a", EMPLOYER_B, page(), ("GET", 200)),
    # --- The employer's pages ------------------------------------------------------------------------------
    Case("employers:posting_edit", "draft_a", "employer_a", EMPLOYER_B, page(), ("GET", 200), {"title": "篡改"}),
    Case("employers:posting_publish", "draft_a", "employer_a", EMPLOYER_B, post_only(), ("POST", 302)),
    Case("employers:posting_close", "draft_a", "employer_a", EMPLOYER_B, post_only(), ("POST", 302)),
    Case("employers:application_list", "posting_a", "employer_a", EMPLOYER_B, page(), ("GET", 200)),
    Case("employers:application_detail", "application_a", "employer_a", EMPLOYER_B, page(), ("GET", 200)),
    Case(
        "employers:application_interview",
        "application_a",
        "employer_a",
        EMPLOYER_B,
        post_only(),
        ("POST", 302),
        INTERVIEW_PAGE,
    ),
    Case("employers:application_offer", "application_a", "employer_a", EMPLOYER_B, post_only(), ("POST", 302)),
    Case("employers:application_hire", "application_a", "employer_a", EMPLOYER_B, post_only(), ("POST", 302)),
    Case(
        "employers:application_reject",
        "application_a",
        "employer_a",
        EMPLOYER_B,
        post_only(),
        ("POST", 302),
        {"reject-reason": "IDOR测试理由"},
    ),
    Case("employers:fair_withdraw", "fair_a", "employer_a", EMPLOYER_B, post_only(), ("POST", 302)),
    Case(
        "employers:member_role",
        "member_a",
        "employer_a",
        EMPLOYER_B,
        post_only(),
        ("POST", 302),
        {"role": "administrator"},
    ),
    Case("employers:member_remove", "member_a", "employer_a", EMPLOYER_B, post_only(), ("POST", 302)),
    Case(
        "employer-team-role", "member_a", "employer_a", EMPLOYER_B, API_POST, ("POST", 200), {"role": "administrator"}
    ),
    Case("employer-team-remove", "member_a", "employer_a", EMPLOYER_B, API_POST, ("POST", 204)),
    Case("jobs:matches", "posting_a", "employer_a", EMPLOYER_B, page(), ("GET", 200)),
    # --- The employer's API -----------------------------------------------------------------------------------
    Case(
        "employer-posting-detail",
        "draft_a",
        "employer_a",
        EMPLOYER_B,
        api(GET=404, HEAD=404, PATCH=404),
        ("GET", 200),
        {"title": "篡改"},
    ),
    Case("employer-posting-publish", "draft_a", "employer_a", EMPLOYER_B, API_POST, ("POST", 200)),
    Case("employer-posting-close", "draft_a", "employer_a", EMPLOYER_B, API_POST, ("POST", 200)),
    Case("employer-fair-registration-detail", "fair_a", "employer_a", EMPLOYER_B, API_READ, ("GET", 200)),
    Case("employer-fair-registration-withdraw", "fair_a", "employer_a", EMPLOYER_B, API_POST, ("POST", 200)),
    Case("employer-application-detail", "application_a", "employer_a", EMPLOYER_B, API_READ, ("GET", 200)),
    Case("employer-application-view", "application_a", "employer_a", EMPLOYER_B, API_POST, ("POST", 200)),
    Case(
        "employer-application-invite",
        "application_a",
        "employer_a",
        EMPLOYER_B,
        API_POST,
        ("POST", 200),
        INTERVIEW_API,
    ),
    Case("employer-application-offer", "application_a", "employer_a", EMPLOYER_B, API_POST, ("POST", 400)),
    Case("employer-application-hire", "application_a", "employer_a", EMPLOYER_B, API_POST, ("POST", 400)),
    Case("employer-application-reject", "application_a", "employer_a", EMPLOYER_B, API_POST, ("POST", 200), REASON),
    Case("api-job-matches", "posting_a", "employer_a", EMPLOYER_B, API_READ, ("GET", 200)),
    # --- Reviewers' API (venue staff) --------------------------------------------------------------------------
    Case("employer-review-detail", "employer_pending", "staff_a", OTHER_STAFF, API_READ, ("GET", 200)),
    Case("employer-review-approve", "employer_pending", "staff_a", OTHER_STAFF, API_POST, ("POST", 200)),
    Case("employer-review-reject", "employer_pending", "staff_a", OTHER_STAFF, API_POST, ("POST", 200), REASON),
    Case("employer-review-suspend", "employer_pending", "staff_a", OTHER_STAFF, API_POST, ("POST", 400), REASON),
    Case("employer-review-reinstate", "employer_pending", "staff_a", OTHER_STAFF, API_POST, ("POST", 400)),
    Case("fair-registration-review-detail", "fair_a", "staff_a", OTHER_STAFF, API_READ, ("GET", 200)),
    Case("fair-registration-review-approve", "fair_a", "staff_a", OTHER_STAFF, API_POST, ("POST", 200)),
    Case("fair-registration-review-reject", "fair_a", "staff_a", OTHER_STAFF, API_POST, ("POST", 200), REASON),
    Case("staff-session-detail", "session_pending_a", "staff_a", OTHER_STAFF, API_READ, ("GET", 200)),
    Case("staff-session-approve", "session_pending_a", "staff_a", OTHER_STAFF, API_POST, ("POST", 200)),
    Case("staff-session-reject", "session_pending_a", "staff_a", OTHER_STAFF, API_POST, ("POST", 200), REASON),
    Case("staff-participation-detail", "participation_pending_a", "staff_a", OTHER_STAFF, API_READ, ("GET", 200)),
    Case("staff-participation-approve", "participation_pending_a", "staff_a", OTHER_STAFF, API_POST, ("POST", 200)),
    Case(
        "staff-participation-reject",
        "participation_pending_a",
        "staff_a",
        OTHER_STAFF,
        API_POST,
        ("POST", 200),
        REASON,
    ),
    # --- The graduate's pages and API ---------------------------------------------------------------------------
    Case("graduates:application_detail", "application_a", "graduate_a", GRADUATE_B, page(), ("GET", 200)),
    Case("graduates:application_withdraw", "application_a", "graduate_a", GRADUATE_B, post_only(), ("POST", 302)),
    # Answering an offer: A's application is not an offer, so the owner's answer is refused (a
    # message on the page, 400 on the API); another graduate gets the same 404 as for a missing one.
    Case("graduates:application_accept", "application_a", "graduate_a", GRADUATE_B, post_only(), ("POST", 302)),
    Case(
        "graduates:application_decline",
        "application_a",
        "graduate_a",
        GRADUATE_B,
        post_only(),
        ("POST", 302),
        {"decline-reason": "IDOR测试理由"},
    ),
    # The page answers as if it were removed (nothing of A's is touched or shown; see the row check).
    Case(
        "graduates:saved_posting_remove",
        "saved_posting_a",
        "graduate_a",
        GRADUATE_B,
        post_only(302),
        ("POST", 302),
        kwarg="posting_id",
        id_attr="posting_id",
    ),
    Case("graduates:saved_search_delete", "saved_search_a", "graduate_a", GRADUATE_B, post_only(), ("POST", 302)),
    Case("api-application-detail", "application_a", "graduate_a", GRADUATE_B, API_READ, ("GET", 200)),
    Case("api-application-withdraw", "application_a", "graduate_a", GRADUATE_B, API_POST, ("POST", 200)),
    Case("api-application-accept", "application_a", "graduate_a", GRADUATE_B, API_POST, ("POST", 400)),
    Case("api-application-decline", "application_a", "graduate_a", GRADUATE_B, API_POST, ("POST", 400), REASON),
    Case(
        "api-saved-posting-detail",
        "saved_posting_a",
        "graduate_a",
        GRADUATE_B,
        API_DELETE,
        ("DELETE", 204),
        kwarg="posting_id",
        id_attr="posting_id",
    ),
    Case("api-saved-search-detail", "saved_search_a", "graduate_a", GRADUATE_B, API_DELETE, ("DELETE", 204)),
    # --- A career centre's pages: its own university's graduates only ------------------------------------------
    Case(
        "career_centre:graduate_confirm",
        "graduate_a",
        "career_centre_a",
        ("career_centre_b",),
        page(),
        ("GET", 200),
        CONFIRM,
    ),
    # A notice reaches the universities of its venue's province only.
    Case("career_centre:notice_detail", "notice_b", "career_centre_c", ("career_centre_a",), page(), ("GET", 200)),
    Case(
        "api-career-centre-graduate-confirm",
        "graduate_a",
        "career_centre_a",
        ("career_centre_b",),
        API_POST,
        ("POST", 200),
        {**CONFIRM, "graduation_year": 2030},
    ),
    Case(
        "api-career-centre-notice-acknowledge",
        "notice_b",
        "career_centre_c",
        ("career_centre_a",),
        API_POST,
        ("POST", 200),
    ),
    # --- The graduate's bookings ----------------------------------------------------------------------------------
    Case("graduates:booking_cancel", "booking_a", "graduate_a", GRADUATE_B, post_only(), ("POST", 302)),
    # The owner is sent on (to the meeting, or back to the list before it opens): a redirect, no body.
    Case("graduates:booking_join", "booking_a", "graduate_a", GRADUATE_B, page(), ("HEAD", 302)),
    Case("graduates:booking_ics", "booking_a", "graduate_a", GRADUATE_B, page(), ("GET", 200)),
    Case("booking-detail", "booking_a", "graduate_a", GRADUATE_B, API_READ, ("GET", 200)),
    Case("booking-cancel", "booking_a", "graduate_a", GRADUATE_B, API_POST, ("POST", 200)),
    # --- The employer's sessions -----------------------------------------------------------------------------------
    Case("employers:session_detail", "session_a", "employer_a", EMPLOYER_B, page(), ("GET", 200)),
    Case("employers:session_cancel", "session_a", "employer_a", EMPLOYER_B, post_only(), ("POST", 302)),
    Case("employer-session-detail", "session_pending_a", "employer_a", EMPLOYER_B, API_READ, ("GET", 200)),
    Case("employer-session-cancel", "session_pending_a", "employer_a", EMPLOYER_B, API_POST, ("POST", 200)),
    Case("employers:booking_mark_attended", "booking_a", "employer_a", EMPLOYER_B, post_only(), ("POST", 302)),
    # --- Conversations: its two parties only (staff read a reported one from the report) -----------------
    *[
        case
        for owner, attackers in (("graduate_a", GRADUATE_B), ("employer_a", EMPLOYER_B))
        for case in (
            Case("conversations:detail", "conversation_a", owner, attackers, page(), ("GET", 200)),
            Case(
                "conversations:send", "conversation_a", owner, attackers, post_only(), ("POST", 302), {"body": "篡改"}
            ),
            Case("conversations:block", "conversation_a", owner, attackers, post_only(), ("POST", 302)),
            Case(
                "conversations:report", "conversation_a", owner, attackers, post_only(), ("POST", 302), {"details": "x"}
            ),
            Case(
                "conversations:attachment",
                "attachment_a",
                owner,
                attackers,
                page(),
                ("GET", 200),
                kwarg="attachment_id",
                more={"pk": ("conversation_a", "pk")},
            ),
            Case(
                "conversations:open",
                "application_a",
                owner,
                attackers,
                post_only(),
                ("POST", 302),
                kwarg="application_id",
            ),
            Case("api-conversation-detail", "conversation_a", owner, attackers, API_READ, ("GET", 200)),
            Case(
                "api-conversation-messages",
                "conversation_a",
                owner,
                attackers,
                api(GET=404, HEAD=404, POST=404),
                ("GET", 200),
                {"body": "篡改"},
            ),
            Case("api-conversation-read", "conversation_a", owner, attackers, API_POST, ("POST", 200)),
            # Opening the conversation about an invitation: its graduate or its employer only.
            Case(
                "conversations:open_invitation",
                "invitation_a",
                owner,
                attackers,
                post_only(),
                ("POST", 302),
                kwarg="invitation_id",
            ),
            Case("api-invitation-conversation", "invitation_a", owner, attackers, API_POST, ("POST", 200)),
        )
    ],
    Case("conversations:report_detail", "report_a", "staff_a", OTHER_STAFF, page(), ("GET", 200)),
    # --- Invitations (邀约) ---------------------------------------------------------------------------------------
    # Inviting from another employer's posting's matches: 404 whatever the graduate named (B is a match of A's
    # posting, so the owner's invitation to B is sent).
    Case(
        "employers:invitation_new",
        "posting_a",
        "employer_a",
        EMPLOYER_B,
        page(),
        ("POST", 302),
        {"graduate": GRADUATE_B_ID},
    ),
    Case("employers:invitation_withdraw", "invitation_a", "employer_a", EMPLOYER_B, post_only(), ("POST", 302)),
    Case("graduates:invitation_accept", "invitation_a", "graduate_a", GRADUATE_B, post_only(), ("POST", 302)),
    Case("graduates:invitation_decline", "invitation_a", "graduate_a", GRADUATE_B, post_only(), ("POST", 302)),
    Case("api-invitation-sent-detail", "invitation_a", "employer_a", EMPLOYER_B, API_READ, ("GET", 200)),
    Case("api-invitation-withdraw", "invitation_a", "employer_a", EMPLOYER_B, API_POST, ("POST", 200)),
    Case("api-invitation-received-detail", "invitation_a", "graduate_a", GRADUATE_B, API_READ, ("GET", 200)),
    Case("api-invitation-accept", "invitation_a", "graduate_a", GRADUATE_B, API_POST, ("POST", 200)),
    Case("api-invitation-decline", "invitation_a", "graduate_a", GRADUATE_B, API_POST, ("POST", 200)),
]

WEEKS = "recruitment weeks are the notice's public calendar"
VENUES = "the 2 main and 64 branch venues are public (the notice lists them)"
FEEDS = "read-only public feeds for provincial sites: only postings that are public anyway"
POSTINGS = "approved, published, unexpired postings are public; any other posting is 404 to everyone"
GRADUATE_ACTS = "acts on a public posting as the signed-in graduate, on the graduate's own rows only"
PUBLIC = {
    "week-detail": WEEKS,
    "events:week_detail": WEEKS,
    "venue-detail": VENUES,
    "venues:venue_detail": VENUES,
    "venues:venue_week_fair": VENUES,
    "feeds:week_rss": FEEDS,
    "feeds:week_atom": FEEDS,
    "feeds:week_json": FEEDS,
    "feeds:venue_rss": FEEDS,
    "feeds:venue_atom": FEEDS,
    "feeds:venue_json": FEEDS,
    "jobs:detail": POSTINGS,
    "api-job-detail": POSTINGS,
    "jobs:apply": GRADUATE_ACTS,
    "jobs:save": GRADUATE_ACTS,
    "jobs:report": "any signed-in user reports a public posting; it creates a report and reveals nothing",
    "accounts:password_reset_confirm": "a reset link: the signed token is the key (another account's id "
    "with it is an invalid link, tests/accounts/test_password_reset.py)",
    "accounts:email_verify": "an email verification link: the signed token names the account and the address "
    "(a forged one is an invalid link, tests/accounts/test_verified_email.py)",
    "fairs:special_fair_detail": "published 专场 are public pages (any other is 404 to everyone)",
    "graduates:session_book": "books an approved session as the signed-in graduate, on the graduate's own rows only",
    "employers:special_fair_join": "an approved employer applies to join a published 专场, on its own rows only",
    "special-fair-detail": "published 专场 are public (any other is 404 to everyone)",
    "session-detail": "approved sessions are public (their places taken, never who took them)",
    "fairs:booth": "an approved participant's booth in a published 专场 is public (its public postings and sessions)",
    "venues:venue_week_booth": "an approved employer's booth in a week's fair is public (its public postings, "
    "approved sessions and on-duty person)",
}

SNAPSHOT_MODELS = [
    User,
    Employer,
    JobPosting,
    JobPosting.disciplines.through,
    FairRegistration,
    FairRegistration.postings.through,
    Graduate,
    Graduate.preferred_provinces.through,
    Application,
    SavedPosting,
    SavedSearch,
    Notification,
    AuditEntry,
    CareerCentreMember,
    NoticeAcknowledgement,
    Booking,
    Session,
    SpecialFairParticipation,
    Conversation,
    Message,
    MessageRead,
    Attachment,
    Block,
    Report,
    Invitation,
]


def snapshot(world: IdorWorld) -> dict:
    """Every row of every table a route here could write, and the private files' bytes."""
    rows = {model._meta.label: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS}
    files = {}
    for stored in (world.employer_a.licence, world.graduate_a.resume_pdf, world.attachment_a.file):
        with default_storage.open(stored.name, "rb") as handle:
            files[stored.name] = handle.read()
    return {"rows": rows, "files": files}


def send(client, method: str, url: str, body: dict, *, is_api: bool):
    if method in ("GET", "HEAD", "OPTIONS"):
        return client.generic(method, url)
    if is_api:
        return client.generic(method, url, json.dumps(body), content_type="application/json")
    return client.generic(method, url, urlencode(body), content_type="application/x-www-form-urlencoded")


def content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def leaked(world: IdorWorld, obj: str, body: bytes) -> list[str]:
    return [secret for secret in world.secrets[obj] if secret.encode() in body]


@pytest.fixture
def world(private_storage) -> IdorWorld:
    return idor_world()


def case_id(case: Case) -> str:
    return f"{case.route}[{case.owner}]"


# --- Another user of the same role ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "attacker"),
    [(case, attacker) for case in CASES for attacker in case.attackers],
    ids=[f"{case.route}-{attacker}" for case in CASES for attacker in case.attackers],
)
def test_object_route_refuses_another_user_of_the_same_role(client, world, case, attacker):
    client.force_login(world.users[attacker])
    url = case.url(world)
    statuses, leaks, changed = {}, {}, []

    for method in METHODS:
        before = snapshot(world)
        response = send(client, method, url, case.body_for(world), is_api=case.is_api)
        statuses[method] = response.status_code
        if found := leaked(world, case.obj, content(response)):
            leaks[method] = found
        if snapshot(world) != before:
            changed.append(method)

    assert statuses == case.expected()
    assert leaks == {}
    assert changed == []


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_object_route_serves_its_owner(client, world, case):
    """The positive control: the same URL works for the owner (so the attacker's 404 is the check)."""
    client.force_login(world.users[case.owner])
    method, status = case.owner_gets

    response = send(client, method, case.url(world), case.body_for(world), is_api=case.is_api)

    assert response.status_code == status
    if method == "GET":
        assert leaked(world, case.obj, content(response)) != []


def test_private_files_are_served_whole_to_their_owners(client, world):
    client.force_login(world.users["employer_a"])
    licence = client.get(reverse("employers:licence", kwargs={"pk": world.employer_a.pk}))
    client.force_login(world.users["graduate_a"])
    resume = client.get(reverse("graduates:resume_download", kwargs={"pk": world.graduate_a.pk}))

    assert (content(licence), content(resume)) == (LICENCE_A, RESUME_A)


# --- Object ids in bodies and query strings -----------------------------------------------------------------


def test_marking_another_users_notification_read_changes_nothing(client, world):
    client.force_login(world.users["graduate_b"])
    before = snapshot(world)

    response = client.post(reverse("notifications:mark_read"), {"id": [world.notification_a.pk]})

    assert response.status_code == 302
    assert snapshot(world) == before


def test_bulk_confirming_another_universitys_graduate_changes_nothing(client, world):
    client.force_login(world.users["career_centre_b"])
    before = snapshot(world)

    response = client.post(reverse("career_centre:graduate_confirm_bulk"), {"graduate": [world.graduate_a.pk]})

    assert (response.status_code, response["Location"]) == (302, reverse("career_centre:graduate_list"))
    assert snapshot(world) == before


def test_filtering_applications_by_another_employers_posting_shows_none(client, world):
    client.force_login(world.users["employer_b"])

    response = client.get(reverse("employer-application-list"), {"posting": world.posting_a.pk})

    assert response.status_code == 200
    assert response.json()["results"] == []
    assert leaked(world, "application_a", response.content) == []


def test_joining_a_fair_with_another_employers_posting_is_refused(client, world):
    client.force_login(world.users["employer_b"])
    before = snapshot(world)
    body = {"week": world.week.pk, "venue": world.a_hr.pk, "postings": [world.posting_a.pk]}

    page = client.post(reverse("employers:fair_apply"), body)
    api = client.post(reverse("employer-fair-registration-list"), body, content_type="application/json")

    assert (page.status_code, api.status_code) == (200, 400)
    assert leaked(world, "fair_a", page.content + api.content) == []
    assert snapshot(world) == before


@pytest.mark.parametrize("route", ["api-applications", "api-saved-postings"])
def test_graduate_cannot_name_a_non_public_posting_in_a_body(client, world, route):
    client.force_login(world.users["graduate_b"])
    before = snapshot(world)

    response = client.post(reverse(route), {"posting": world.draft_a.pk}, content_type="application/json")

    assert response.status_code == 400
    assert leaked(world, "draft_a", response.content) == []
    assert snapshot(world) == before


# --- Public objects ----------------------------------------------------------------------------------------------


def public_urls(world: IdorWorld) -> dict[str, str]:
    week = {"year": world.week.year, "season": world.week.season}
    venue = {"slug": world.a_hr.slug}
    return {
        "week-detail": reverse("week-detail", kwargs={"pk": world.week.pk}),
        "events:week_detail": reverse("events:week_detail", kwargs=week),
        "venue-detail": reverse("venue-detail", kwargs=venue),
        "venues:venue_detail": reverse("venues:venue_detail", kwargs=venue),
        "venues:venue_week_fair": reverse("venues:venue_week_fair", kwargs={**venue, "week_id": world.week.pk}),
        **{f"feeds:week_{kind}": reverse(f"feeds:week_{kind}", kwargs=week) for kind in ("rss", "atom", "json")},
        **{f"feeds:venue_{kind}": reverse(f"feeds:venue_{kind}", kwargs=venue) for kind in ("rss", "atom", "json")},
        "jobs:detail": reverse("jobs:detail", kwargs={"pk": world.posting_a.pk}),
        "api-job-detail": reverse("api-job-detail", kwargs={"pk": world.posting_a.pk}),
        # A's account id with a token that is not A's: the "invalid link" page.
        "accounts:password_reset_confirm": reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": urlsafe_base64_encode(force_bytes(world.graduate_a.user.pk)), "token": "cz0abc-0123"},
        ),
        "accounts:email_verify": reverse("accounts:email_verify", kwargs={"token": "forged.token.value"}),
        "fairs:special_fair_detail": reverse("fairs:special_fair_detail", kwargs={"pk": world.special_fair_a.pk}),
        "special-fair-detail": reverse("special-fair-detail", kwargs={"pk": world.special_fair_a.pk}),
        "session-detail": reverse("session-detail", kwargs={"pk": world.session_a.pk}),
        "fairs:booth": reverse(
            "fairs:booth", kwargs={"pk": world.special_fair_a.pk, "employer_id": world.employer_a.pk}
        ),
        "venues:venue_week_booth": reverse(
            "venues:venue_week_booth",
            kwargs={"slug": "main-hr", "week_id": world.week.pk, "employer_id": world.employer_a.pk},
        ),
    }


@pytest.mark.parametrize("user", ["graduate_b", "employer_b", "staff_b"])
@pytest.mark.parametrize(
    "route",
    sorted(
        set(PUBLIC)
        - {"jobs:apply", "jobs:save", "jobs:report", "graduates:session_book", "employers:special_fair_join"}
    ),
)
def test_public_object_route_shows_no_private_data(client, world, route, user):
    """Signed in as another graduate, employer or province's staff: the public object is there; A's
    application, contact details, drafts, pending review and saved searches are not."""
    client.force_login(world.users[user])

    response = client.get(public_urls(world)[route])

    assert response.status_code == 200
    body = content(response)
    private = ["graduate_a", "draft_a", "employer_pending", "saved_search_a"]
    assert {obj: leaked(world, obj, body) for obj in private} == {obj: [] for obj in private}


def test_matches_of_another_employers_posting_show_graduate_a_without_contact(client, world):
    """Graduate A shows job-seeking information, so A is among the matches of employer B's own fitting
    posting; A's phone, e-mail and note are for the employer A applied to only."""
    employer_b = Employer.objects.get(user=world.users["employer_b"])
    posting_b = PostingFactory(employer=employer_b, title="乙的职位", published=True)
    posting_b.disciplines.set([discipline("08")])
    client.force_login(employer_b.user)

    page = client.get(reverse("jobs:matches", kwargs={"pk": posting_b.pk}))
    api = client.get(reverse("api-job-matches", kwargs={"pk": posting_b.pk}))

    assert (page.status_code, api.status_code) == (200, 200)
    graduate_a = world.graduate_a
    private = [graduate_a.mobile, graduate_a.email, world.application_a.note]
    assert [graduate_a.name.encode() in body for body in (page.content, api.content)] == [True, True]
    assert [secret for secret in private if secret.encode() in page.content + api.content] == []


@pytest.mark.parametrize("user", ["graduate_b", "employer_a"])
def test_non_public_posting_is_404_on_the_public_routes_even_to_its_employer(client, world, user):
    client.force_login(world.users[user])
    pk = world.draft_a.pk
    before = snapshot(world)

    statuses = {
        "jobs:detail": client.get(reverse("jobs:detail", kwargs={"pk": pk})).status_code,
        "api-job-detail": client.get(reverse("api-job-detail", kwargs={"pk": pk})).status_code,
        "jobs:apply": client.post(reverse("jobs:apply", kwargs={"pk": pk}), {"note": "x"}).status_code,
        "jobs:save": client.post(reverse("jobs:save", kwargs={"pk": pk})).status_code,
        "jobs:report": client.post(reverse("jobs:report", kwargs={"pk": pk}), {"report-reason": "fraud"}).status_code,
    }

    expected = 404 if user == "graduate_b" else 403  # the graduate's actions are for graduates only
    assert statuses == {
        "jobs:detail": 404,
        "api-job-detail": 404,
        "jobs:apply": expected,
        "jobs:save": expected,
        "jobs:report": 404,  # anyone signed in may report, but only a public posting
    }
    assert snapshot(world) == before


def test_another_graduate_applying_and_saving_touches_only_their_own_rows(client, world):
    graduate_b = Graduate.objects.get(user=world.users["graduate_b"])
    client.force_login(graduate_b.user)
    pk = world.posting_a.pk
    theirs = {
        "application": Application.objects.filter(pk=world.application_a.pk).values().get(),
        "saved": SavedPosting.objects.filter(pk=world.saved_posting_a.pk).values().get(),
    }

    unsave = client.post(reverse("jobs:save", kwargs={"pk": pk}), {"remove": "1"})
    save = client.post(reverse("jobs:save", kwargs={"pk": pk}))
    apply = client.post(reverse("jobs:apply", kwargs={"pk": pk}), {"note": "乙的附言"})
    detail = client.get(reverse("jobs:detail", kwargs={"pk": pk}))

    assert (unsave.status_code, save.status_code, apply.status_code, detail.status_code) == (302, 302, 302, 200)
    assert leaked(world, "application_a", detail.content) == []
    assert {
        "application": Application.objects.filter(pk=world.application_a.pk).values().get(),
        "saved": SavedPosting.objects.filter(pk=world.saved_posting_a.pk).values().get(),
    } == theirs
    assert list(Application.objects.filter(posting_id=pk).values_list("graduate_id", "note").order_by("id")) == [
        (world.graduate_a.pk, "IDOR甲的求职附言"),
        (graduate_b.pk, "乙的附言"),
    ]
    assert list(SavedPosting.objects.filter(posting_id=pk).values_list("graduate_id", flat=True).order_by("id")) == [
        world.graduate_a.pk,
        graduate_b.pk,
    ]


# --- The tables cover every route -----------------------------------------------------------------------------


def object_routes() -> dict[str, str]:
    """name → full pattern of every non-admin route that captures a value from the path."""
    found: dict[str, str] = {}

    def walk(resolver: URLResolver, prefix: str, namespaces: list[str], captures: bool) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            takes_id = captures or bool(entry.pattern.regex.groupindex)
            if isinstance(entry, URLResolver):
                walk(entry, route, [*namespaces, entry.namespace] if entry.namespace else namespaces, takes_id)
            elif takes_id:
                found[":".join([*namespaces, entry.name or f"<unnamed {route}>"])] = route

    walk(get_resolver(), "", [], False)
    return {name: route for name, route in found.items() if not name.startswith("admin:")}


def test_every_object_route_is_tested_or_public():
    tested = {case.route for case in CASES}

    assert sorted(set(object_routes()) - tested - set(PUBLIC)) == []


def test_tables_name_only_existing_object_routes_once():
    routes = set(object_routes())
    tested = {case.route for case in CASES}

    assert (sorted(tested - routes), sorted(set(PUBLIC) - routes), sorted(tested & set(PUBLIC))) == ([], [], [])


def test_every_attacker_has_the_role_of_the_owner():
    def role(user: str) -> str:
        return user.split("_")[0]

    assert [(c.route, c.owner, a) for c in CASES for a in c.attackers if role(a) != role(c.owner)] == []
    assert [c.route for c in CASES if not c.attackers] == []


def test_object_route_count():
    """Counted when the tables were written; a new route changes it and needs a line in a table."""
    routes = object_routes()

    assert (len(routes), len({case.route for case in CASES}), len(PUBLIC)) == (115, 90, 25)
