"""Every file and download link each role is shown opens: 200 and the file's own Content-Type.

The links are server-rendered, so a test client reads them as a browser would: each role's pages
(public, the employer's and graduate's workspaces, the admin of venue staff, of the main venues' staff
and of a superuser) are fetched, every link on them that leads to a file is followed, and the answer
must be the file. What counts as a file link, the Content-Type each must answer with, the pages and
the file views each role must find are shared with the real-browser crawl (tests.support.file_links).
Every view in FILE_VIEWS must be linked for at least one role, so a new download view needs a link
(and comes under this test).
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.files import pdf_bytes
from tests.factories.staff import staff_user
from tests.support.file_links import FILE_VIEWS, ROLE_FILE_VIEWS, attach_files, expected_type, role_pages, view_name

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, bool]] = []  # (href, has a download attribute)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            attributes = dict(attrs)
            if attributes.get("href"):
                self.links.append((attributes["href"], "download" in attributes))


def links_of(html: str) -> list[tuple[str, bool]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def follow_file_links(client: Client, pages: list[str]) -> dict[str, set[str]]:
    """Fetch each page, follow its file links; returns view name → the links that reached it, and
    fails with every broken one listed."""
    reached: dict[str, set[str]] = {}
    broken = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
        assert response["Content-Type"].startswith("text/html"), page
        for href, download in links_of(response.content.decode()):
            url = urljoin(f"http://testserver{page}", href)
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
                continue  # mailto:, tel:, other sites
            expected = expected_type(url, download)
            if expected is None:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            answer = client.get(target)
            content_type = answer.get("Content-Type", "")
            if answer.status_code != 200 or not expected.accepts(content_type):
                broken.append(
                    f"{page} → {href}: {answer.status_code} {content_type!r} (expected {expected.content_type})"
                )
                continue
            name = view_name(parts.path)
            reached.setdefault(name or parts.path, set()).add(page)
    assert broken == []
    return reached


@pytest.fixture
def files(world):
    return attach_files(world)


def signed_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_file_link_each_role_is_shown_opens_with_its_content_type(world, files):
    employer, graduate = files
    reached: dict[str, set[str]] = {}
    per_role: dict[str, set[str]] = {}
    for role, (user, pages) in role_pages(world, employer, graduate).items():
        per_role[role] = set()
        for name, pages_linking in follow_file_links(signed_in(user), pages).items():
            reached.setdefault(name, set()).update(f"{role}: {page}" for page in pages_linking)
            per_role[role].add(name)

    assert per_role == ROLE_FILE_VIEWS
    assert sorted(name for name in FILE_VIEWS if name not in reached) == []


def test_the_admin_employer_page_links_the_licence_to_its_checked_download(world, files):
    employer, _ = files
    client = signed_in(staff_user("files-staff-a", world.a_hr, world.a_edu))

    page = client.get(reverse("admin:employers_employer_change", args=[employer.pk])).content.decode()

    licence_links = [href for href, _ in links_of(page) if "licence" in href]
    assert licence_links == [reverse("employers:licence", args=[employer.pk])]
    answer = client.get(licence_links[0])
    assert (answer.status_code, answer["Content-Type"]) == (200, "application/pdf")
    assert b"".join(answer.streaming_content) == pdf_bytes("Licence")


def test_a_file_link_that_does_not_open_fails_the_crawl(world, files):
    """The crawl itself: a relative link to a stored file's name (what the admin's file widget made
    of private storage) is followed and reported."""
    employer, _ = files
    client = signed_in(employer.user)
    page = reverse("employers:profile")

    with pytest.raises(AssertionError, match=r"licences/x\.pdf: 404"):
        # Same crawl, on a page whose HTML carries the broken link.
        original = client.get

        def get(path, *args, **kwargs):
            response = original(path, *args, **kwargs)
            if path == page:
                response.content = response.content.replace(b"</main>", b'<a href="licences/x.pdf">x</a></main>')
            return response

        client.get = get
        follow_file_links(client, [page])
