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
