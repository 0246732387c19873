"""Staff pass a second factor (TOTP, recovery codes) before the admin and the staff API; enrolment,
recovery and a superuser's reset are audited. These tests go through it for real (no test hook)."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from recruitment_weeks.accounts.enums import AccountAction
from recruitment_weeks.accounts.second_factor import SESSION_KEY, second_factor_reset
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import BranchVenueFactory, GraduateFactory, UserFactory
from tests.factories.staff import staff_user
from tests.support.second_factor import enrol, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]
PASSWORD = "correct-horse-battery-9"
STAFF_API = "/api/v1/staff/review-queue/employers/"


def verified_client(user) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = enrol(user).pk
    session.save()
    return client


def enrolled_with_codes(client, user) -> list[str]:
    """Enrol through the page; returns the recovery codes it shows."""
    client.get(reverse("accounts:second_factor_enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:second_factor_enrol"), {"code": totp_code(device), "next": "/admin/"})
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


def actions(user=None) -> list[str]:
    qs = AuditEntry.objects.filter(action__startswith="accounts.second_factor").order_by("pk")
    return list(qs.values_list("action", flat=True))


@pytest.mark.parametrize("superuser", [False, True])
def test_staff_without_second_factor_sent_to_enrolment_from_the_admin(client, superuser):
    user = staff_user("staff-a", BranchVenueFactory(), is_superuser=superuser)
    client.force_login(user)

    response = client.get("/admin/employers/employer/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/enrol/?next=%2Fadmin%2Femployers%2Femployer%2F"


def test_enrolled_staff_not_yet_verified_sent_to_verification(client):
    user = staff_user("staff-a", BranchVenueFactory())
    enrol(user)
    client.force_login(user)

    response = client.get("/admin/")

    assert response["Location"] == "/accounts/two-factor/verify/?next=%2Fadmin%2F"


def test_staff_api_refuses_staff_without_second_factor_in_the_error_format(client):
    user = staff_user("staff-a", BranchVenueFactory())
    client.force_login(user)

    response = client.get(STAFF_API)

    assert response.status_code == 403
    assert response.json() == {
        "status": 403,
        "code": "second_factor_required",
        "message": "工作人员账户须先启用并通过两步验证，才能使用此接口。",
        "fields": {},
    }


def test_staff_api_and_admin_open_after_verification():
    user = staff_user("staff-a", BranchVenueFactory())
    client = verified_client(user)

    assert client.get(STAFF_API).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_enrolment_shows_qr_and_secret_then_recovery_codes_and_opens_the_admin(client):
    user = staff_user("staff-a", BranchVenueFactory())
    client.force_login(user)

    page = client.get(reverse("accounts:second_factor_enrol") + "?next=/admin/")
    device = TOTPDevice.objects.get(user=user)
    codes = enrolled_with_codes(client, user)

    text = page.content.decode()
    assert "<svg" in text
    assert device.config_url.replace("&", "&amp;") in text
    assert device.confirmed is False
    assert len(codes) == 10
    assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(codes)
    assert TOTPDevice.objects.get(user=user).confirmed is True
    assert client.get("/admin/").status_code == 200
    assert actions() == ["accounts.second_factor.enrolled"]


def test_enrolment_wrong_code_keeps_it_pending(client):
    user = staff_user("staff-a", BranchVenueFactory())
    client.force_login(user)
    client.get(reverse("accounts:second_factor_enrol"))
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:second_factor_enrol"), {"code": wrong})

    assert response.context["form"].errors == {"code": ["验证码不正确或已过期，请输入验证器应用中当前显示的验证码。"]}
    assert response.context["form"]["code"].value() == wrong
    assert list(TOTPDevice.objects.filter(user=user).values_list("confirmed", flat=True)) == [False]
    assert StaticDevice.objects.filter(user=user).exists() is False
    assert client.get("/admin/").status_code == 302


def test_sign_in_with_totp_code_opens_the_admin_and_the_code_cannot_be_replayed():
    user = staff_user("staff-a", BranchVenueFactory())
    device = enrol(user)
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    code = totp_code(device)

    response = first.post(reverse("accounts:second_factor_verify"), {"code": code, "next": "/admin/"})
    replay = second.post(reverse("accounts:second_factor_verify"), {"code": code, "next": "/admin/"})

    assert response["Location"] == "/admin/"
    assert first.get("/admin/").status_code == 200
    assert replay.status_code == 200
    assert list(replay.context["form"].errors) == ["code"]
    assert second.get("/admin/").status_code == 302


def test_recovery_code_works_once(client):
    user = staff_user("staff-a", BranchVenueFactory())
    client.force_login(user)
    codes = enrolled_with_codes(client, user)
    later, again = Client(), Client()
    later.force_login(user)
    again.force_login(user)

    response = later.post(reverse("accounts:second_factor_verify"), {"code": codes[3].upper(), "next": "/admin/"})
    reused = again.post(reverse("accounts:second_factor_verify"), {"code": codes[3], "next": "/admin/"})

    assert response["Location"] == "/admin/"
    assert [str(m) for m in later.get("/admin/").context["messages"]] == [
        "已使用一个恢复码，还剩 9 个。恢复码用完前，请联系超级管理员重置两步验证。"
    ]
    assert reused.context["form"].errors == {"code": ["验证码不正确或已过期，请输入验证器应用中当前显示的验证码。"]}
    assert again.get("/admin/").status_code == 302
    assert actions() == ["accounts.second_factor.enrolled", "accounts.second_factor.recovery_code_used"]
    assert AuditEntry.objects.get(action=AccountAction.RECOVERY_CODE_USED).data == {"codes_left": 9}


def test_superuser_resets_a_second_factor_from_the_admin_and_old_sessions_need_enrolment():
    staff = staff_user("staff-a", BranchVenueFactory())
    staff_session = verified_client(staff)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    admin = verified_client(root)

    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [staff.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "已重置 1 个账户的两步验证，下次进入管理后台时须重新启用。"
    ]
    assert TOTPDevice.objects.filter(user=staff).exists() is False
    assert staff_session.get("/admin/")["Location"] == "/accounts/two-factor/enrol/?next=%2Fadmin%2F"
    entry = AuditEntry.objects.get(action=AccountAction.SECOND_FACTOR_RESET)
    assert (entry.actor_id, entry.target_id, entry.data) == (root.pk, str(staff.pk), {"devices": 1})


def test_reset_action_not_offered_to_staff_and_refused_by_the_service():
    staff = staff_user("staff-a", BranchVenueFactory(), is_superuser=False)
    other = staff_user("staff-b", BranchVenueFactory())
    enrol(other)

    with pytest.raises(PermissionDenied):
        second_factor_reset(user=other, actor=staff)

    assert TOTPDevice.objects.filter(user=other).count() == 1
    assert AuditEntry.objects.filter(action=AccountAction.SECOND_FACTOR_RESET).exists() is False


def test_token_endpoint_asks_staff_for_a_code(client):
    user = staff_user("staff-a", BranchVenueFactory())
    device = enrol(user)

    def post(**extra):
        body = {"username": "staff-a", "password": PASSWORD, **extra}
        return client.post(reverse("api-token"), body, content_type="application/json", REMOTE_ADDR="10.9.9.9")

    refused = post()
    issued = post(otp_code=totp_code(device))
    wrong = post(otp_code=f"{(int(totp_code(device, steps_ahead=1)) + 1) % 1_000_000:06d}")

    assert (refused.status_code, refused.json()["code"]) == (403, "second_factor_required")
    assert issued.status_code == 200
    assert (wrong.status_code, wrong.json()["code"]) == (403, "second_factor_required")
    token = issued.json()["token"]
    assert client.get(STAFF_API, HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_token_of_staff_without_second_factor_refused_by_the_staff_api(client):
    from rest_framework.authtoken.models import Token

    user = staff_user("staff-a", BranchVenueFactory())
    token = Token.objects.create(user=user)

    response = client.get(STAFF_API, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert (response.status_code, response.json()["code"]) == (403, "second_factor_required")


@pytest.mark.parametrize("role", ["anonymous", "graduate"])
@pytest.mark.parametrize("url_name", ["accounts:second_factor_enrol", "accounts:second_factor_verify"])
def test_second_factor_pages_for_other_roles(client, role, url_name):
    if role == "graduate":
        client.force_login(GraduateFactory().user)

    response = client.get(reverse(url_name))

    if role == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={reverse(url_name)}"
    else:
        assert response.status_code == 403
    assert TOTPDevice.objects.exists() is False


def test_verification_next_never_leaves_the_site():
    user = staff_user("staff-a", BranchVenueFactory())
    device = enrol(user)
    client = Client()
    client.force_login(user)

    response = client.post(
        reverse("accounts:second_factor_verify"), {"code": totp_code(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == "/admin/"
