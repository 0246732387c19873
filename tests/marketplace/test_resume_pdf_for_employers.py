"""The PDF résumé a graduate uploads reaches the employers they apply to: linked from the application
pages and the employer API, downloadable by them; every other employer gets a 404."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from graduates.models import Application
from tests.factories import ApplicationFactory, EmployerFactory, GraduateFactory, PostingFactory
from tests.factories.files import pdf_bytes
from tests.pages import texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    graduate = GraduateFactory(approved=True, name="周同学")
    graduate.resume_pdf.save("resume.pdf", ContentFile(pdf_bytes("Zhou")), save=True)
    posting = PostingFactory(employer=EmployerFactory(approved=True), published=True)
    return ApplicationFactory(graduate=graduate, posting=posting)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def download_url(application) -> str:
    return reverse("graduates:resume_download", args=[application.graduate_id])


def test_the_application_page_links_the_pdf_and_the_link_downloads_it(application):
    client = as_user(application.posting.employer.user)

    page = client.get(reverse("employers:application_detail", args=[application.pk]))

    assert texts(page.content, id="resume-pdf") == ["下载"]
    assert f'href="{download_url(application)}"' in page.content.decode()
    response = client.get(download_url(application))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert b"".join(response.streaming_content) == pdf_bytes("Zhou")


def test_the_application_list_links_the_pdf(application):
    client = as_user(application.posting.employer.user)

    page = client.get(reverse("employers:application_list", args=[application.posting_id]))

    assert texts(page.content, class_="resume-pdf") == ["PDF简历"]
    assert f'href="{download_url(application)}"' in page.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/employer/applications/", "/api/v1/employer/applications/{pk}/"])
def test_the_employer_api_gives_the_pdf_url(application, path):
    client = as_user(application.posting.employer.user)

    body = client.get(path.format(pk=application.pk)).json()

    row = body["results"][0] if "results" in body else body
    assert row["resume_pdf_url"] == download_url(application)


def test_no_pdf_no_link(application):
    application.graduate.resume_pdf.delete(save=True)
    client = as_user(application.posting.employer.user)

    page = client.get(reverse("employers:application_detail", args=[application.pk])).content.decode()
    detail = client.get(f"/api/v1/employer/applications/{application.pk}/").json()

    assert download_url(application) not in page
    assert detail["resume_pdf_url"] is None


def test_a_withdrawn_application_takes_the_link_and_the_download_back(application):
    Application.objects.filter(pk=application.pk).update(status="withdrawn")
    client = as_user(application.posting.employer.user)

    page = client.get(reverse("employers:application_detail", args=[application.pk])).content.decode()
    listing = client.get(reverse("employers:application_list", args=[application.posting_id])).content.decode()
    detail = client.get(f"/api/v1/employer/applications/{application.pk}/").json()

    assert download_url(application) not in page
    assert download_url(application) not in listing
    assert detail["resume_pdf_url"] is None
    assert client.get(download_url(application)).status_code == 404


def test_another_employer_gets_404_for_the_pdf_and_the_application(application):
    other = as_user(EmployerFactory(approved=True).user)

    assert other.get(download_url(application)).status_code == 404
    assert other.get(reverse("employers:application_detail", args=[application.pk])).status_code == 404
    assert other.get(f"/api/v1/employer/applications/{application.pk}/").status_code == 404
