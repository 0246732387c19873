import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_fits_width, serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("path", ["/", "/venues/", "/contact/", "/weeks/2020/winter/", "/accounts/login/"])
def test_public_page_on_phone_fits_and_has_no_serious_axe_violations(new_page, path):
    page = new_page(viewport=PHONE)
    response = page.goto(path)
    assert response.status == 200
    assert_fits_width(page)
    assert serious_axe_violations(page) == []


def test_home_page_switches_to_english_and_back(new_page):
    page = new_page(viewport=DESKTOP)
    page.goto("/")
    assert page.locator("h1").first.inner_text() == "全国高校毕业生就业网络联盟招聘周"
    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "2020 National Online Recruitment Week for College Graduates (Spring)" in page.content()


def test_week_fair_pages_from_the_venue_page_on_phone(new_page, monkeypatch):
    """A venue with more fair employers than its page shows: the link to all of them, their keyset pages
    (next, first), each on a phone's width with no serious axe violation."""
    import datetime as dt

    from events.enums import FairRegistrationStatus
    from fairs import selectors
    from tests.factories import (
        BranchVenueFactory,
        EmployerFactory,
        FairRegistrationFactory,
        PostingFactory,
        ProvinceFactory,
        WeekFactory,
    )

    monkeypatch.setattr(selectors, "VENUE_PAGE_EMPLOYERS", 3)
    monkeypatch.setattr(selectors, "FAIR_PAGE_EMPLOYERS", 4)
    venue = BranchVenueFactory(province=ProvinceFactory(code="81", name="甲省"))
    week = WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23))
    for i in range(6):
        employer = EmployerFactory(name=f"参会单位{i}", province=venue.province, reviewing_venue=venue, approved=True)
        registration = FairRegistrationFactory(
            employer=employer, week=week, venue=venue, status=FairRegistrationStatus.APPROVED
        )
        registration.postings.set([PostingFactory(employer=employer, title=f"职位{i}", published=True)])

    page = new_page(viewport=PHONE)
    page.goto(f"/venues/{venue.slug}/")
    assert page.locator(".fair-employer").count() == 3
    page.get_by_role("link", name="查看全部6家参会单位").click()
    page.wait_for_load_state()
    assert page.locator(".fair-employer .card__title").all_inner_texts() == [f"参会单位{i}" for i in range(4)]
    assert_fits_width(page)
    assert serious_axe_violations(page) == []
    page.get_by_role("link", name="下一页").click()
    page.wait_for_load_state()
    assert page.locator(".fair-employer .card__title").all_inner_texts() == ["参会单位4", "参会单位5"]
    assert page.get_by_role("link", name="下一页").count() == 0
    page.get_by_role("link", name="第一页").click()
    page.wait_for_load_state()
    assert page.locator(".fair-employer").count() == 4
    page.get_by_role("link", name="职位0").click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == "职位0"
