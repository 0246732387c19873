"""Every file and download link each role is shown, followed in real Chromium: 200 and the exact
Content-Type.

Each role (the public, an employer, a graduate, provincial venue staff, main venue staff, a superuser)
signs in through the real login page in its own browser context, opens its pages, collects every
``a[href]`` the browser rendered that is a file link (the rule and the pages are shared with the
test-client crawl, tests.support.file_links), and fetches each through that context's own session
cookies. Each role must find exactly the file views it is meant to see, so the test cannot pass by
finding nothing.
"""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import DESKTOP
from tests.factories.staff import two_provinces
from tests.support.file_links import (
    ADMIN_ROLES,
    FILE_VIEWS,
    ROLE_FILE_VIEWS,
    attach_files,
    expected_type,
    role_pages,
    view_name,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "correct-horse-battery-9"  # UserFactory's

ANCHORS = "els => els.map(a => [a.href, a.hasAttribute('download')])"


def sign_in(page, role: str, user, first_page: str) -> None:
    """Through the real login form: the admin's for staff, the site's for employers and graduates."""
    if user is None:
        return
    if role in ADMIN_ROLES:
        page.goto(f"/admin/login/?next={first_page}")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
    else:
        page.goto(f"/accounts/login/?next={first_page}")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{first_page}")


def follow_file_links(page, origin: str, pages: list[str]) -> tuple[set[str], list[str]]:
    """Open each page in the browser, fetch every file link on it with the page's session; returns
    the file views reached and every link that failed (or a page that did not open)."""
    reached: set[str] = set()
    broken: list[str] = []
    for path in pages:
        response = page.goto(path)
        opened = urlsplit(page.url).path
        if response is None or response.status != 200 or opened != path:
            broken.append(f"{path}: opened {opened} with {response and response.status}")
            continue
        for url, download in page.eval_on_selector_all("a[href]", ANCHORS):
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}" != origin:
                continue  # mailto:, tel:, other sites
            expected = expected_type(url, download)
            if expected is None:
                continue
            answer = page.request.get(url, max_redirects=0)
            content_type = answer.headers.get("content-type", "")
            if answer.status != 200 or not expected.accepts(content_type):
                broken.append(f"{path} → {url}: {answer.status} {content_type!r} (expected {expected.content_type})")
                continue
            reached.add(view_name(parts.path) or parts.path)
    return reached, broken


def test_every_file_link_each_role_is_shown_opens_in_the_browser_with_its_content_type(new_page, live_server):
    world = two_provinces()
    employer, graduate = attach_files(world)
    origin = live_server.url.rstrip("/")

    per_role: dict[str, set[str]] = {}
    broken: list[str] = []
    for role, (user, pages) in role_pages(world, employer, graduate).items():
        page = new_page(viewport=DESKTOP)
        sign_in(page, role, user, pages[0])
        per_role[role], role_broken = follow_file_links(page, origin, pages)
        broken += [f"{role}: {line}" for line in role_broken]

    assert broken == []
    assert per_role == ROLE_FILE_VIEWS
    assert set().union(*per_role.values()) == set(FILE_VIEWS)
