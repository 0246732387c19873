"""Every invitation page and endpoint × every role, with an open invitation from employer A to
graduate A present. Anonymous: to the login page (403 on the API, as everywhere in it); the wrong role: 403; the same
role but not the owner: 404 for a named invitation; the owner: the page or the answer. A refused
write leaves the invitations, the audit log and the notifications as they were."""

import pytest
from django.urls import reverse

from invitations.models import Invitation
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.factories import EmployerFactory, GraduateFactory, UserFactory, discipline
from tests.factories.graduates import public_posting
from tests.factories.invitations import InvitationFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "plain", "graduate_a", "graduate_b", "employer_a", "employer_b", "employer_pending"]


@pytest.fixture
def world():
    posting = public_posting()
    posting.disciplines.set([discipline("08")])
    graduate_a = GraduateFactory(approved=True, name="矩阵甲同学")
    invitation = InvitationFactory(posting=posting, graduate=graduate_a, message="矩阵邀约附言")
    users = {
        "plain": UserFactory(),
        "graduate_a": graduate_a.user,
        "graduate_b": GraduateFactory(approved=True).user,
        "employer_a": posting.employer.user,
        "employer_b": EmployerFactory(approved=True).user,
        "employer_pending": EmployerFactory().user,
    }
    return posting, invitation, users


def snapshot() -> list:
    return [list(m.objects.order_by("pk").values()) for m in (Invitation, AuditEntry, Notification)]


LOGIN = "login"
# route, method, is the object the invitation (else the posting), expected per role
MATRIX = [
    ("employers:invitation_list", "get", None, {
        "anonymous": LOGIN, "plain": 403, "graduate_a": 403, "graduate_b": 403,
        "employer_a": 200, "employer_b": 200, "employer_pending": 200,
    }),
    ("employers:invitation_new", "get", "posting", {
        "anonymous": LOGIN, "plain": 403, "graduate_a": 403, "graduate_b": 403,
        "employer_a": 200, "employer_b": 404, "employer_pending": 403,
    }),
    ("employers:invitation_withdraw", "post", "invitation", {
        "anonymous": LOGIN, "plain": 403, "graduate_a": 403, "graduate_b": 403,
        "employer_a": 302, "employer_b": 404, "employer_pending": 404,
    }),
    ("graduates:invitation_list", "get", None, {
        "anonymous": LOGIN, "plain": 403, "graduate_a": 200, "graduate_b": 200,
        "employer_a": 403, "employer_b": 403, "employer_pending": 403,
    }),
    ("graduates:invitation_accept", "post", "invitation", {
        "anonymous": LOGIN, "plain": 403, "graduate_a": 302, "graduate_b": 404,
        "employer_a": 403, "employer_b": 403, "employer_pending": 403,
    }),
    ("graduates:invitation_decline", "post", "invitation", {
        "anonymous": LOGIN, "plain": 403, "graduate_a": 302, "graduate_b": 404,
        "employer_a": 403, "employer_b": 403, "employer_pending": 403,
    }),
    ("api-invitations-sent", "get", None, {
        "anonymous": 403, "plain": 403, "graduate_a": 403, "graduate_b": 403,
        "employer_a": 200, "employer_b": 200, "employer_pending": 200,
    }),
    ("api-invitation-sent-detail", "get", "invitation", {
        "anonymous": 403, "plain": 403, "graduate_a": 403, "graduate_b": 403,
        "employer_a": 200, "employer_b": 404, "employer_pending": 404,
    }),
    ("api-invitation-withdraw", "post", "invitation", {
        "anonymous": 403, "plain": 403, "graduate_a": 403, "graduate_b": 403,
        "employer_a": 200, "employer_b": 404, "employer_pending": 404,
    }),
    ("api-invitations-received", "get", None, {
        "anonymous": 403, "plain": 403, "graduate_a": 200, "graduate_b": 200,
        "employer_a": 403, "employer_b": 403, "employer_pending": 403,
    }),
    ("api-invitation-received-detail", "get", "invitation", {
        "anonymous": 403, "plain": 403, "graduate_a": 200, "graduate_b": 404,
        "employer_a": 403, "employer_b": 403, "employer_pending": 403,
    }),
    ("api-invitation-accept", "post", "invitation", {
        "anonymous": 403, "plain": 403, "graduate_a": 200, "graduate_b": 404,
        "employer_a": 403, "employer_b": 403, "employer_pending": 403,
    }),
    ("api-invitation-decline", "post", "invitation", {
        "anonymous": 403, "plain": 403, "graduate_a": 200, "graduate_b": 404,
        "employer_a": 403, "employer_b": 403, "employer_pending": 403,
    }),
]  # fmt: skip
OWNERS = {"employer_a", "graduate_a"}


@pytest.mark.parametrize(("route", "method", "obj", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_invitation_routes_by_role(client, world, route, method, obj, expected, role):
    posting, invitation, users = world
    if role != "anonymous":
        client.force_login(users[role])
    args = [] if obj is None else [posting.pk if obj == "posting" else invitation.pk]
    url = reverse(route, args=args)
    if route == "employers:invitation_new":
        url += f"?graduate={invitation.graduate_id}"
    before = snapshot()

    response = getattr(client, method)(url)

    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == want
    body = response.content.decode()
    if role not in OWNERS or want in (403, 404, LOGIN):
        assert "矩阵邀约附言" not in body
    if method == "post" and role not in OWNERS:
        assert snapshot() == before  # a refused write changes nothing
