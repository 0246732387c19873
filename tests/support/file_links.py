"""What counts as a file link, the Content-Type each must answer with, and the pages each role is shown.

Shared by the test-client crawl (tests/console/test_file_links.py) and the real-browser crawl
(tests/browser/test_download_links.py), so both follow the same links on the same pages. A link counts
as a file link if it resolves to one of the views that serve files (FILE_VIEWS), names a file by its
extension, or carries ``download``.
"""

from pathlib import PurePosixPath
from typing import NamedTuple
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.urls import Resolver404, resolve, reverse

from recruitment_weeks.accounts.models import User
from tests.factories import UserFactory
from tests.factories.files import pdf_bytes
from tests.factories.staff import World, staff_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Named views that serve a file → the exact Content-Type header they answer with.
FILE_VIEWS = {
    "employers:licence": "application/pdf",
    "graduates:resume_download": "application/pdf",
    "graduates:export": "application/json; charset=utf-8",
    "admin:venues_statistics_csv": "text/csv; charset=utf-8",
    "admin:venues_statistics_xlsx": XLSX,
    "admin:venues_contactform_download": XLSX,
}
# A link naming a file by its extension → the media type it must answer with (parameters free).
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
ADMIN_ROLES = {"venue staff", "main venue staff", "superuser"}
_ADMIN_FILES = {
    "employers:licence",
    "admin:venues_contactform_download",
    "admin:venues_statistics_csv",
    "admin:venues_statistics_xlsx",
}
# The file views each role's pages link to (with the data ``attach_files`` and ``two_provinces`` make):
# a crawl that finds fewer has lost a link; one that finds more must say so here.
ROLE_FILE_VIEWS = {
    "public": set(),
    "employer": {"employers:licence", "graduates:resume_download"},
    "graduate": {"graduates:export", "graduates:resume_download"},
    "venue staff": _ADMIN_FILES,
    "main venue staff": _ADMIN_FILES,
    "superuser": _ADMIN_FILES,
}


class Expected(NamedTuple):
    content_type: str  # "*": any
    exact: bool  # the whole header, or its media type only

    def accepts(self, content_type: str) -> bool:
        if self.content_type == "*":
            return True
        if self.exact:
            return content_type == self.content_type
        return content_type.split(";")[0].strip().lower() == self.content_type


def view_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def expected_type(url: str, download: bool) -> Expected | None:
    """What a file link must answer with; None for a link that is not to a file."""
    path = urlsplit(url).path
    name = view_name(path)
    if name in FILE_VIEWS:
        return Expected(FILE_VIEWS[name], exact=True)
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in BY_EXTENSION:
        return Expected(BY_EXTENSION[suffix], exact=False)
    if download:
        return Expected("*", exact=False)
    return None


def attach_files(world: World):
    """The approved employer of province A with a licence on file, and its applicant with a PDF résumé."""
    employer = world.approved_a
    employer.licence.save("licence.pdf", ContentFile(pdf_bytes("Licence")), save=True)
    graduate = world.application_a.graduate
    graduate.resume_pdf.save("resume.pdf", ContentFile(pdf_bytes("Resume")), save=True)
    return employer, graduate


def role_pages(world: World, employer, graduate) -> dict[str, tuple[User | None, list[str]]]:
    """Role → (the user to sign in as, None for the public; the pages that role is shown)."""
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
        "public": (None, [reverse("home"), reverse("jobs:search"), reverse("jobs:detail", args=[world.posting_a.pk])]),
        "employer": (employer.user, employer_pages),
        "graduate": (graduate.user, graduate_pages),
        "venue staff": (staff_user("files-staff-a", world.a_hr, world.a_edu), admin_pages),
        "main venue staff": (world.users["main_hr"], admin_pages[:3] + admin_pages[4:]),
        "superuser": (UserFactory(username="files-root", is_staff=True, is_superuser=True), admin_pages),
    }
