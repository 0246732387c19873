"""Uploads in S3-compatible object storage (S3_BUCKET=…), as every web node of a multi-node deployment
keeps them: real objects in a real S3 server (moto's, started by the ``s3_server`` fixture), written
private, read back only through the views that check permission, and never left behind by a write
that fails."""

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from employers.models import Employer
from graduates.models import Graduate
from tests.core.test_partial_writes import after_audit, client_as
from tests.core.test_settings import run_python
from tests.employers.test_registration_services import register as register_employer
from tests.factories import EmployerFactory, GraduateFactory
from tests.factories.files import PDF_BYTES, licence_pdf, pdf_bytes, pdf_upload
from tests.graduates.test_registration import register as register_graduate

pytestmark = pytest.mark.django_db


def objects(server, bucket: str) -> list[str]:
    return sorted(item["Key"] for item in server.client().list_objects_v2(Bucket=bucket).get("Contents", []))


def object_bytes(server, bucket: str, key: str) -> bytes:
    return server.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def anonymous_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_licence_and_resume_are_objects_in_the_bucket_downloaded_through_the_views(s3_storage):
    server, bucket = s3_storage

    employer = register_employer()
    graduate = register_graduate(resume_pdf=pdf_upload())

    assert objects(server, bucket) == sorted([employer.licence.name, graduate.resume_pdf.name])
    assert object_bytes(server, bucket, employer.licence.name) == pdf_bytes()
    assert object_bytes(server, bucket, graduate.resume_pdf.name) == PDF_BYTES
    licence = client_as(employer.user).get(reverse("employers:licence", args=[employer.pk]))
    resume = client_as(graduate.user).get(reverse("graduates:resume_download", args=[graduate.pk]))
    assert (licence.status_code, b"".join(licence.streaming_content)) == (200, pdf_bytes())
    assert (resume.status_code, b"".join(resume.streaming_content)) == (200, PDF_BYTES)
    assert (licence["Cache-Control"], resume["Cache-Control"]) == ("private, no-store", "private, no-store")


def test_objects_are_private_and_the_storage_only_signs_short_lived_urls(s3_storage):
    server, bucket = s3_storage
    name = default_storage.save("resumes/x.pdf", ContentFile(PDF_BYTES))

    grants = server.client().get_object_acl(Bucket=bucket, Key=name)["Grants"]
    signed = default_storage.url(name)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(signed).query)

    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's, nobody else's
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]
    assert anonymous_status(f"{server.url}/{bucket}/{name}") == 403
    assert query["X-Amz-Expires"] == ["60"]
    assert anonymous_status(signed) == 200


def test_licence_is_not_served_to_another_employer_from_the_bucket(s3_storage):
    employer = register_employer()
    other = EmployerFactory()

    response = client_as(other.user).get(reverse("employers:licence", args=[employer.pk]))

    assert response.status_code == 404


def test_registration_refused_after_upload_leaves_no_object(s3_storage):
    server, bucket = s3_storage
    register_employer()
    before = objects(server, bucket)

    with pytest.raises(Exception, match="统一社会信用代码"):
        register_employer(username="secondcorp", email="second@example.cn")

    assert (Employer.objects.count(), objects(server, bucket)) == (1, before)


def test_resume_replaced_deletes_the_old_object_and_a_failed_replace_keeps_it(
    s3_storage, django_capture_on_commit_callbacks
):
    server, bucket = s3_storage
    graduate = GraduateFactory(approved=True)
    client = client_as(graduate.user)

    def put_pdf():
        body = encode_multipart(BOUNDARY, {"resume_pdf": pdf_upload()})
        # The replaced object is deleted once the change commits.
        with django_capture_on_commit_callbacks(execute=True):
            return client.put(reverse("api-graduate-resume-pdf"), body, content_type=MULTIPART_CONTENT)

    assert put_pdf().status_code == 200
    first = Graduate.objects.get().resume_pdf.name
    with after_audit():
        failed = put_pdf()
    after_failure = objects(server, bucket)
    assert put_pdf().status_code == 200
    second = Graduate.objects.get().resume_pdf.name

    assert failed.status_code == 500
    assert after_failure == [first]
    assert second != first
    assert objects(server, bucket) == [second]


def test_licence_replaced_through_the_api_lands_in_the_bucket(s3_storage, django_capture_on_commit_callbacks):
    server, bucket = s3_storage
    employer = register_employer()
    old = employer.licence.name

    body = encode_multipart(BOUNDARY, {"licence": licence_pdf()})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(employer.user).patch("/api/v1/employer/profile/", body, content_type=MULTIPART_CONTENT)

    new = Employer.objects.get().licence.name
    assert response.status_code == 200, response.content
    assert new != old
    assert objects(server, bucket) == [new]


SHOW_STORAGE = "import json, recruitment_weeks.settings as s; print(json.dumps(s.STORAGES['default'], default=str))"


def test_settings_use_the_bucket_only_when_s3_bucket_is_set(tmp_path):
    env = {
        "SECRET_KEY": "settings-test",
        "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "S3_ACCESS_KEY_ID": "ak",
        "S3_SECRET_ACCESS_KEY": "sk",
    }

    local = run_python(SHOW_STORAGE, tmp_path / "var", S3_BUCKET="", **env)
    bucket = run_python(SHOW_STORAGE, tmp_path / "var", S3_BUCKET="rw-private", **env)

    assert json.loads(local.stdout)["BACKEND"] == "django.core.files.storage.FileSystemStorage", local.stderr
    assert json.loads(bucket.stdout) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "rw-private",
            "endpoint_url": "http://127.0.0.1:9000",
            "access_key": "ak",
            "secret_key": "sk",
            "region_name": "us-east-1",
            "location": "",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }
