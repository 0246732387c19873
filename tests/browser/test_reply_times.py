"""The reply time where people read it, in real Chromium at phone width: the graduate's job page
and the staff list of their venue's employers, both free of serious accessibility violations."""

import pytest

from employers.models import Employer
from tests.browser.conftest import PHONE, serious_axe_violations
from tests.factories import BranchVenueFactory, EmployerFactory, ProvinceFactory
from tests.factories.graduates import public_posting
from tests.factories.staff import staff_user
from venues.enums import System

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "correct-horse-battery-9"  # UserFactory's


def test_job_page_and_staff_list_show_the_reply_time_at_phone_width(new_page):
    venue = BranchVenueFactory(province=ProvinceFactory(code="81", name="甲省"), system=System.HR)
    employer = EmployerFactory(name="甲省快回单位", province=venue.province, reviewing_venue=venue, approved=True)
    Employer.objects.filter(pk=employer.pk).update(reply_median_hours=30, reply_counted=7)
    posting = public_posting(employer=employer, title="会计助理")
    staff_user("jia-staff", venue)

    page = new_page(viewport=PHONE)
    page.goto(f"/jobs/{posting.pk}/")
    assert page.locator("#employer-reply").inner_text() == "通常 2 天内回复"
    assert serious_axe_violations(page) == []

    page.goto("/admin/login/")
    page.fill("#id_username", "jia-staff")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()
    page.goto("/admin/employers/employer/reply-times/")
    assert page.locator("#reply-times tbody th").all_inner_texts() == ["甲省快回单位"]
    assert serious_axe_violations(page) == []
