"""The workspace's front page, the profile page and the licence download, per role."""

import pytest

from recruitment_weeks.audit.models import AuditEntry
from tests.factories import EmployerFactory, GraduateFactory, MembershipFactory, UserFactory
from tests.factories.files import licence_pdf, pdf_bytes
from tests.pages import text_of
from venues.models import Province, Venue

pytestmark = pytest.mark.django_db


def test_dashboard_anonymous_is_redirected_to_login(client):
    response = client.get("/employer/")

    assert (response.status_code, response.headers["Location"]) == (302, "/accounts/login/?next=/employer/")


@pytest.mark.parametrize("make_user", [lambda: GraduateFactory().user, lambda: UserFactory(is_staff=True)])
def test_dashboard_non_employer_is_forbidden(client, make_user):
    client.force_login(make_user())

    response = client.get("/employer/")

    assert response.status_code == 403
    assert text_of(response.content, "forbidden-message") == "此页面仅限用人单位账户使用。"


def test_dashboard_rejected_employer_sees_reason_and_link_to_correct(client):
    employer = EmployerFactory(status="rejected", status_reason="营业执照与单位名称不一致")
    client.force_login(employer.user)

    response = client.get("/employer/")

    assert text_of(response.content, "review-status") == (
        "审核状态 未通过 您的注册信息未通过审核。审核意见： 营业执照与单位名称不一致 "
        "请根据审核意见修改单位信息后重新提交。 修改并重新提交"
    )
    assert '<a href="/employer/profile/">修改并重新提交</a>' in response.content.decode()


def test_dashboard_approved_employer_sees_counts_and_fair_link(client):
    employer = EmployerFactory(approved=True)
    client.force_login(employer.user)

    response = client.get("/employer/")

    assert text_of(response.content, "summary") == "已发布职位 0 草稿 0 已关闭 0 待查看的求职申请 0"
    assert '<a class="button" href="/employer/fairs/apply/">申请加入招聘会</a>' in response.content.decode()


def test_dashboard_pending_employer_has_no_fair_link(client):
    client.force_login(EmployerFactory().user)

    response = client.get("/employer/")

    assert "/employer/fairs/apply/" not in response.content.decode()
    assert "单位注册信息审核通过后才能申请加入招聘会。" in response.content.decode()


def test_profile_rejected_employer_corrects_and_resubmits(client):
    employer = EmployerFactory(status="rejected", status_reason="地址不完整")
    client.force_login(employer.user)
    form = client.get("/employer/profile/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "reviewing_venue"}
    data.update(province=employer.province_id, reviewing_venue=employer.reviewing_venue_id, size="lt50")
    data.update(description="简介", address="测试路1号院2号楼")

    response = client.post("/employer/profile/", data)

    employer.refresh_from_db()
    assert (response.status_code, response.headers["Location"]) == (302, "/employer/")
    assert (employer.status, employer.address) == ("pending", "测试路1号院2号楼")
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "employers.employer.updated",
        "employers.employer.resubmitted",
    ]


def test_profile_approved_employer_cannot_change_name_even_by_posting_it(client):
    employer = EmployerFactory(approved=True, description="简介", size="lt50")
    original_name = employer.name
    client.force_login(employer.user)
    page = client.get("/employer/profile/")
    data = {name: value for name, value in page.context["form"].initial.items() if value is not None}
    data.update(province=employer.province_id, reviewing_venue=employer.reviewing_venue_id)
    data.update(name="偷偷改名有限公司", contact_name="新联系人")

    response = client.post("/employer/profile/", data)

    employer.refresh_from_db()
    assert page.context["form"]["name"].field.disabled is True
    assert "审核通过后不能修改；如需变更，请联系审核会场。" in text_of(page.content, "field-name")
    assert response.status_code == 302
    assert (employer.name, employer.contact_name, employer.status) == (original_name, "新联系人", "approved")
    assert AuditEntry.objects.get().data == {"fields": ["contact_name"]}


def test_profile_approved_employer_cannot_move_province_even_by_posting_it(client):
    """The province decides the reviewing venue and which staff see the employer: fixed once approved."""
    employer = EmployerFactory(approved=True, description="简介", size="lt50")
    original = (employer.province_id, employer.reviewing_venue_id)
    client.force_login(employer.user)
    page = client.get("/employer/profile/")
    data = {name: value for name, value in page.context["form"].initial.items() if value is not None}
    other = Province.objects.exclude(pk=employer.province_id).first()
    data.update(province=other.pk, reviewing_venue="", contact_name="新联系人")

    response = client.post("/employer/profile/", data)

    employer.refresh_from_db()
    assert page.context["form"]["province"].field.disabled is True
    assert "审核通过后不能修改；如需变更，请联系审核会场。" in text_of(page.content, "field-province")
    assert response.status_code == 302
    assert (employer.province_id, employer.reviewing_venue_id, employer.status) == (*original, "approved")
    assert AuditEntry.objects.get().data == {"fields": ["contact_name"]}


# --- the licence file ------------------------------------------------------------------------------


@pytest.fixture
def employer_with_licence():
    employer = EmployerFactory()
    employer.licence.save("licence.pdf", licence_pdf(), save=True)
    return employer


def _download(client, user, employer):
    if user is not None:
        client.force_login(user)
    return client.get(f"/employer/{employer.pk}/licence/")


@pytest.mark.parametrize(
    "who",
    ["itself", "venue-staff", "main-venue-staff", "superuser"],
)
def test_licence_download_allowed_roles(client, employer_with_licence, who):
    employer = employer_with_licence
    user = {
        "itself": lambda: employer.user,
        "venue-staff": lambda: MembershipFactory(venue=employer.reviewing_venue).user,
        "main-venue-staff": lambda: MembershipFactory(venue=Venue.objects.get(slug="main-hr")).user,
        "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
    }[who]()

    response = _download(client, user, employer)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="licence-{employer.uscc}.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "who",
    ["other-employer", "graduate", "other-venue-staff", "education-main-venue-staff", "staff-flag-only"],
)
def test_licence_download_forbidden_roles_get_404(client, employer_with_licence, who):
    user = {
        "other-employer": lambda: EmployerFactory().user,
        "graduate": lambda: GraduateFactory().user,
        "other-venue-staff": lambda: MembershipFactory(venue=Venue.objects.get(slug="31-hr")).user,
        "education-main-venue-staff": lambda: MembershipFactory(venue=Venue.objects.get(slug="main-education")).user,
        "staff-flag-only": lambda: UserFactory(is_staff=True),
    }[who]()

    response = _download(client, user, employer_with_licence)

    assert response.status_code == 404


def test_licence_download_anonymous_is_redirected_to_login(client, employer_with_licence):
    response = _download(client, None, employer_with_licence)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")
