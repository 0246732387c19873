"""Every file and download link each role is shown opens: 200 and the file's own Content-Type.

The links are server-rendered, so a test client reads them as a browser would: each role's pages
(public, the employer's and graduate's workspaces, the admin of venue staff, of the main venues' staff
and of a superuser) are fetched, every link on them that leads to a file is followed, and the answer
must be the file. A link counts as a file link if it resolves to one of the views that serve files
(FILE_VIEWS), names a file by its extension, or carries ``download``. Every view in FILE_VIEWS must
be linked for at least one role, so a new download view needs a link (and comes under this test).
"""

from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.factories import UserFactory
from tests.factories.files import pdf_bytes
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Named views that serve a file → the Content-Type their file has (here: PDFs for licences and résumés).
FILE_VIEWS = {
    "employers:licence": "application/pdf",
    "graduates:resume_download": "application/pdf",
    "graduates:export": "application/json",
    "admin:venues_statistics_csv": "text/csv",
    "admin:venues_statistics_xlsx": XLSX,
    "admin:venues_contactform_download": XLSX,
}
BY_EXTENSION = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".xlsx": XLSX,
    ".csv": "text/csv",
    ".json": "application/json",
    ".ics": "text/calendar",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".zip": "application/zip",
}


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


def view_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def expected_type(url: str, download: bool) -> str | None:
    """The Content-Type a file link must answer with; None for a link that is not to a file."""
    path = urlsplit(url).path
    name = view_name(path)
    if name in FILE_VIEWS:
        return FILE_VIEWS[name]
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in BY_EXTENSION:
        return BY_EXTENSION[suffix]
    if download:
        return "*"
    return None


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
            if answer.status_code != 200 or not (expected == "*" or content_type.startswith(expected)):
                broken.append(f"{page} → {href}: {answer.status_code} {content_type!r} (expected {expected})")
                continue
            name = view_name(parts.path)
            reached.setdefault(name or parts.path, set()).add(page)
    assert broken == []
    return reached


@pytest.fixture
def files(world):
    """The approved employer of province A with a licence on file, and its applicant with a PDF résumé."""
    employer = world.approved_a
    employer.licence.save("licence.pdf", ContentFile(pdf_bytes("Licence")), save=True)
    graduate = world.application_a.graduate
    graduate.resume_pdf.save("resume.pdf", ContentFile(pdf_bytes("Resume")), save=True)
    return employer, graduate


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def role_pages(world, employer, graduate) -> dict[str, tuple[Client, list[str]]]:
    application = world.application_a
    employer_pages = [
        reverse("employers:dashboard"),
        reverse("employers:profile"),
        reverse("employers:posting_list"),
        reverse("employers:application_list", args=[world.posting_a.pk]),
        reverse("employers:application_detail", args=[application.pk]),
    ]
    graduate_pages = [
        reverse("graduates:dashboard"),
        reverse("graduates:profile"),
        reverse("graduates:application_list"),
        reverse("graduates:application_detail", args=[application.pk]),
        reverse("graduates:account_delete"),
    ]
    admin_pages = [
        reverse("admin:index"),
        reverse("admin:employers_employer_change", args=[employer.pk]),
        reverse("admin:employers_employer_changelist"),
        reverse("admin:graduates_graduate_change", args=[graduate.pk]),
        reverse("admin:venues_contactform_changelist"),
        reverse("admin:venues_statistics"),
    ]
    return {
        "public": (
            Client(),
            [reverse("home"), reverse("jobs:search"), reverse("jobs:detail", args=[world.posting_a.pk])],
        ),
        "employer": (signed_in(employer.user), employer_pages),
        "graduate": (signed_in(graduate.user), graduate_pages),
        "venue staff": (signed_in(staff_user("files-staff-a", world.a_hr, world.a_edu)), admin_pages),
        "main venue staff": (signed_in(world.users["main_hr"]), admin_pages[:3] + admin_pages[4:]),
        "superuser": (signed_in(UserFactory(username="files-root", is_staff=True, is_superuser=True)), admin_pages),
    }


def test_every_file_link_each_role_is_shown_opens_with_its_content_type(world, files):
    employer, graduate = files
    reached: dict[str, set[str]] = {}
    for role, (client, pages) in role_pages(world, employer, graduate).items():
        for name, pages_linking in follow_file_links(client, pages).items():
            reached.setdefault(name, set()).update(f"{role}: {page}" for page in pages_linking)

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
