"""Invitations in real Chromium on a 375-px phone: the employer invites a graduate from a posting's
matches, the graduate accepts and lands on the posting's application form. Every page fits the
screen and has no serious or critical axe-core violations."""

import pytest

from invitations.models import Invitation
from tests.browser.conftest import PHONE, assert_fits_width, serious_axe_violations
from tests.factories import EmployerFactory, UserFactory, discipline
from tests.factories.graduates import beijing_graduate, public_posting
from tests.factories.invitations import InvitationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Zhaopin-2020-secure"


def check(page) -> None:
    assert_fits_width(page)
    assert serious_axe_violations(page) == []


def sign_in(page, username: str, next_path: str, *, password_label="密码", button="登录") -> None:
    page.goto(f"/accounts/login/?next={next_path}")
    page.get_by_label("用户名" if password_label == "密码" else "Username").fill(username)
    page.get_by_label(password_label).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(f"**{next_path}")


def test_employer_invites_from_the_matches_and_the_graduate_accepts(new_page):
    employer = EmployerFactory(user=UserFactory(username="yq-employer", password=PASSWORD), approved=True)
    posting = public_posting(employer=employer, title="数据分析师", degree_requirement="bachelor")
    posting.disciplines.set([discipline("08")])
    beijing_graduate(
        user=UserFactory(username="yq-graduate", password=PASSWORD), name="陈同学", approved=True,
        discipline=discipline("08"),
    )  # fmt: skip

    page = new_page(viewport=PHONE)
    sign_in(page, "yq-employer", f"/jobs/{posting.pk}/matches/")
    check(page)
    page.get_by_role("link", name="邀请投递 陈同学").click()
    page.wait_for_url("**/invite/?graduate=*")
    check(page)
    page.get_by_label("邀约附言（可选）").fill("欢迎投递数据分析师")
    page.get_by_role("button", name="发出邀约").click()
    page.wait_for_url(f"**/jobs/{posting.pk}/matches/")
    assert Invitation.objects.get().message == "欢迎投递数据分析师"
    page.goto("/employer/invitations/")
    check(page)

    graduate_page = new_page(viewport=PHONE)
    sign_in(graduate_page, "yq-graduate", "/graduate/invitations/")
    check(graduate_page)
    graduate_page.get_by_role("button", name="接受 数据分析师").click()
    graduate_page.wait_for_url(f"**/jobs/{posting.pk}/#apply-box")
    assert Invitation.objects.get().status == "accepted"
    check(graduate_page)
    # Either side talks about the invitation from its list: the same conversation, its subject shown.
    graduate_page.goto("/graduate/invitations/")
    graduate_page.get_by_role("button", name="发消息 数据分析师").click()
    graduate_page.wait_for_url("**/conversations/*/")
    assert graduate_page.get_by_text("关于邀约：数据分析师").is_visible()
    check(graduate_page)
    page.goto("/employer/invitations/")
    page.get_by_role("button", name="发消息 陈同学").click()
    page.wait_for_url(graduate_page.url)


def test_invitation_pages_in_english_fit_a_phone_and_pass_axe(new_page):
    employer = EmployerFactory(user=UserFactory(username="en-employer", password=PASSWORD), approved=True)
    posting = public_posting(employer=employer, title="Data analyst", degree_requirement="bachelor")
    posting.disciplines.set([discipline("08")])
    graduate = beijing_graduate(
        user=UserFactory(username="en-graduate", password=PASSWORD), name="Chen", approved=True,
        discipline=discipline("08"),
    )  # fmt: skip
    InvitationFactory(posting=posting, graduate=graduate, message="Welcome")

    page = new_page(viewport=PHONE, locale="en-US")
    sign_in(page, "en-employer", "/employer/invitations/", password_label="Password", button="Log in")
    assert page.get_by_role("heading", name="Sent invitations").is_visible()
    check(page)
    page.get_by_role("button", name="Message Chen").click()
    page.wait_for_url("**/conversations/*/")
    assert page.get_by_text("About the invitation: Data analyst").is_visible()
    check(page)
    page.goto(f"/employer/postings/{posting.pk}/invite/?graduate={graduate.pk}")
    assert page.get_by_role("button", name="Send invitation").is_visible()
    check(page)

    graduate_page = new_page(viewport=PHONE, locale="en-US")
    sign_in(graduate_page, "en-graduate", "/graduate/invitations/", password_label="Password", button="Log in")
    assert graduate_page.get_by_role("button", name="Accept Data analyst").is_visible()
    check(graduate_page)
