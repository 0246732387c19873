"""Uploaded licences and résumés are readable by the portal's own user only: files 0600, folders 0700,
whatever the process's umask — through the registration services, and with the storage as the
settings configure it."""

import os
import stat

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

import recruitment_weeks.settings as project_settings
from tests.employers.test_registration_services import register as register_employer
from tests.factories.files import pdf_upload
from tests.graduates.test_registration import register as register_graduate


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    previous = os.umask(0o022)  # the usual umask, under which Django's default gives 0644
    yield
    os.umask(previous)


@pytest.mark.django_db
def test_stored_licence_and_resume_are_private_to_the_portals_user(private_storage, open_umask):
    employer = register_employer()
    graduate = register_graduate(resume_pdf=pdf_upload())

    for stored in (employer.licence, graduate.resume_pdf):
        assert mode(stored.path) == 0o600, stored.name
        assert mode(os.path.dirname(stored.path)) == 0o700, stored.name
    assert mode(private_storage) == 0o700


def test_the_configured_private_storage_writes_0600_by_itself(tmp_path, settings, open_umask):
    # Even without the global upload setting, the storage's own options decide.
    settings.FILE_UPLOAD_PERMISSIONS = None
    settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS = None
    options = {**project_settings.STORAGES["default"]["OPTIONS"], "location": tmp_path / "private"}
    storage = FileSystemStorage(**options)

    name = storage.save("resumes/x.pdf", ContentFile(b"%PDF-1.4"))

    assert mode(storage.path(name)) == 0o600
    assert mode(tmp_path / "private" / "resumes") == 0o700
    assert (project_settings.FILE_UPLOAD_PERMISSIONS, project_settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS) == (
        0o600,
        0o700,
    )
