"""A request that fails half-way leaves nothing behind: no partial rows, no orphaned upload.

Each multi-row write is driven through its real page and its API. The fault is a database error raised
right after the write's LAST row is inserted (a receiver on that row's post_save or m2m_changed signal,
connected only for the request), so every earlier row really was written before the failure. The
request must end in a 500, every table involved must have exactly the rows it had before, and the
private upload directory must hold no new file. The same request without the fault then succeeds with
exact row deltas, which shows the fault struck a write that really happens.
"""

import contextlib
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.db.models.signals import m2m_changed, post_save
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from employers.models import Employer
from events.models import FairRegistration
from graduates.models import Application, Graduate
from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.factories import (
    EmployerFactory,
    FairRegistrationFactory,
    GraduateFactory,
    MembershipFactory,
    PostingFactory,
    UserFactory,
    WeekFactory,
)
from tests.factories.employers import profile_data, registration_data
from tests.factories.files import licence_pdf, pdf_upload
from venues.models import Province, Venue

pytestmark = pytest.mark.django_db

TABLES = {
    "user": User,
    "employer": Employer,
    "graduate": Graduate,
    "graduate_provinces": Graduate.preferred_provinces.through,
    "application": Application,
    "fair_registration": FairRegistration,
    "fair_postings": FairRegistration.postings.through,
    "audit": AuditEntry,
    "notification": Notification,
}


def counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in TABLES.items()}


def grown(before: dict[str, int], **deltas: int) -> dict[str, int]:
    return {name: count + deltas.get(name, 0) for name, count in before.items()}


def files_in(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@contextlib.contextmanager
def fault_after(signal, sender, **when):
    """Raise a database error right after ``sender``'s row is written (``when`` filters the signal)."""

    def explode(sender, **kwargs):
        if all(kwargs.get(key) == value for key, value in when.items()):
            raise DatabaseError(f"injected fault after writing {sender._meta.label}")

    signal.connect(explode, sender=sender, weak=False, dispatch_uid="partial-write-fault")
    try:
        yield
    finally:
        signal.disconnect(sender=sender, dispatch_uid="partial-write-fault")


def after_audit():
    return fault_after(post_save, AuditEntry, created=True)


def after_notification():
    return fault_after(post_save, Notification, created=True)


def after_fair_postings():
    return fault_after(m2m_changed, FairRegistration.postings.through, action="post_add")


def client_as(user=None) -> Client:
    client = Client(raise_request_exception=False)  # as in production: the exception becomes a 500
    if user is not None:
        client.force_login(user)
    return client


# --- Employer registration: user + employer + licence file + audit ------------------------------------


def employer_registration(via: str):
    if via == "page":
        data = {**registration_data(), "province": str(Province.objects.get(code="11").pk)}
        return "/employer/register/", {**data, "licence": licence_pdf()}, 302
    data = {**profile_data(), "username": "apicorp", "email": "api@example.cn", "password": "Zhaopin-2020-secure"}
    return "/api/v1/employer/register/", {**data, "licence": licence_pdf()}, 201


@pytest.mark.parametrize("via", ["page", "api"])
def test_employer_registration_failing_after_its_last_row_leaves_no_rows_and_no_licence(via, private_storage):
    url, data, created = employer_registration(via)
    before = counts()

    with after_audit():
        response = client_as().post(url, data)

    assert response.status_code == 500
    assert counts() == before
    assert files_in(private_storage) == []
    url, data, _ = employer_registration(via)
    assert client_as().post(url, data).status_code == created
    assert counts() == grown(before, user=1, employer=1, audit=1)
    assert files_in(private_storage) == [Employer.objects.get().licence.name]


# --- Graduate registration: user + graduate + preferred provinces + résumé PDF + audit -------------------


def graduate_form() -> dict:
    shanghai = str(Province.objects.get(code="31").pk)
    return {
        "username": "xiaohong",
        "password1": "Hong-2020-pass",
        "password2": "Hong-2020-pass",
        "name": "王小红",
        "mobile": "13800001111",
        "email": "xh@example.cn",
        "university": "上海财经大学",
        "university_province": shanghai,
        "degree": "master",
        "major": "会计学",
        "discipline": "12",
        "graduation_year": "2020",
        "preferred_provinces": [shanghai, str(Province.objects.get(code="33").pk)],
        "preferred_cities": "上海",
        "visible_to_employers": "on",
        "privacy_consent": "on",
        "edu-TOTAL_FORMS": "0",
        "edu-INITIAL_FORMS": "0",
        "intern-TOTAL_FORMS": "0",
        "intern-INITIAL_FORMS": "0",
        "resume_pdf": pdf_upload(),
    }


GRADUATE_API_BODY = {
    "username": "apiuser",
    "password": "Api-2020-pass",
    "privacy_consent": True,
    "name": "赵小兰",
    "mobile": "13700001111",
    "email": "zxl@example.cn",
    "university": "广州大学",
    "university_province": "44",
    "degree": "bachelor",
    "major": "软件工程",
    "discipline": "08",
    "graduation_year": 2020,
    "preferred_provinces": ["44", "45"],
}


def test_graduate_registration_page_failing_after_its_last_row_leaves_no_rows_and_no_pdf(private_storage):
    before = counts()

    with after_audit():
        response = client_as().post(reverse("graduates:register"), graduate_form())

    assert response.status_code == 500
    assert counts() == before
    assert files_in(private_storage) == []
    assert client_as().post(reverse("graduates:register"), graduate_form()).status_code == 302
    assert counts() == grown(before, user=1, graduate=1, graduate_provinces=2, audit=1)
    assert files_in(private_storage) == [Graduate.objects.get().resume_pdf.name]


def test_graduate_registration_api_failing_after_its_last_row_leaves_no_rows():
    before = counts()

    with after_audit():
        response = client_as().post(
            reverse("api-graduate-register"), GRADUATE_API_BODY, content_type="application/json"
        )

    assert response.status_code == 500
    assert counts() == before
    response = client_as().post(reverse("api-graduate-register"), GRADUATE_API_BODY, content_type="application/json")
    assert response.status_code == 201
    assert counts() == grown(before, user=1, graduate=1, graduate_provinces=2, audit=1)


def test_resume_replaced_failing_after_its_last_row_keeps_the_old_pdf_and_no_new_file(private_storage):
    graduate = GraduateFactory(approved=True)
    client = client_as(graduate.user)

    def put_pdf():
        body = encode_multipart(BOUNDARY, {"resume_pdf": pdf_upload()})
        return client.put(reverse("api-graduate-resume-pdf"), body, content_type=MULTIPART_CONTENT)

    assert put_pdf().status_code == 200
    old = Graduate.objects.get().resume_pdf.name
    before = counts()

    with after_audit():
        response = put_pdf()

    assert response.status_code == 500
    assert counts() == before
    assert (Graduate.objects.get().resume_pdf.name, files_in(private_storage)) == (old, [old])


def test_licence_replaced_failing_after_its_last_row_keeps_the_old_licence_and_no_new_file(private_storage):
    url, data, _ = employer_registration("api")
    assert client_as().post(url, data).status_code == 201
    employer = Employer.objects.get()
    old = employer.licence.name
    client = client_as(employer.user)
    before = counts()

    with after_audit():
        body = encode_multipart(BOUNDARY, {"licence": licence_pdf()})
        response = client.patch("/api/v1/employer/profile/", body, content_type=MULTIPART_CONTENT)

    assert response.status_code == 500
    assert counts() == before
    assert (Employer.objects.get().licence.name, files_in(private_storage)) == (old, [old])


# --- Apply: application + audit + notification to the employer ---------------------------------------


@pytest.mark.parametrize("via", ["page", "api"])
def test_apply_failing_after_its_last_row_leaves_no_application(via):
    graduate = GraduateFactory(approved=True)
    posting = PostingFactory(published=True)
    client = client_as(graduate.user)

    def apply():
        if via == "page":
            return client.post(reverse("jobs:apply", args=[posting.pk]), {"note": "您好"})
        body = {"posting": posting.pk, "note": "您好"}
        return client.post(reverse("api-applications"), body, content_type="application/json")

    before = counts()
    with after_notification():
        response = apply()

    assert response.status_code == 500
    assert counts() == before
    assert apply().status_code == {"page": 302, "api": 201}[via]
    assert counts() == grown(before, application=1, audit=1, notification=1)


# --- Fair registration: registration + audit + its postings --------------------------------------------


@pytest.mark.parametrize("via", ["page", "api"])
def test_fair_registration_failing_after_its_last_row_leaves_no_registration(via):
    employer = EmployerFactory(approved=True)
    postings = [PostingFactory(employer=employer, published=True) for _ in range(2)]
    week = WeekFactory(year=2030)
    client = client_as(employer.user)

    def register():
        if via == "page":
            data = {
                "week": week.pk,
                "venue": Venue.objects.get(slug="main-hr").pk,
                "postings": [p.pk for p in postings],
            }
            return client.post("/employer/fairs/apply/", data)
        body = {"week": week.pk, "venue": "main-hr", "postings": [p.pk for p in postings]}
        return client.post("/api/v1/employer/fair-registrations/", body, content_type="application/json")

    before = counts()
    with after_fair_postings():
        response = register()

    assert response.status_code == 500
    assert counts() == before
    assert register().status_code == {"page": 302, "api": 201}[via]
    assert counts() == grown(before, fair_registration=1, fair_postings=2, audit=1)


# --- A reviewer's decision: status + audit + notification ------------------------------------------------


@pytest.mark.parametrize("via", ["admin", "api"])
def test_employer_approval_failing_after_its_last_row_leaves_it_pending(via):
    employer = EmployerFactory(reviewing_venue=Venue.objects.get(slug="11-hr"))
    client = client_as(MembershipFactory(venue=employer.reviewing_venue).user)

    def approve():
        if via == "admin":
            changelist = reverse("admin:employers_employer_changelist")
            return client.post(changelist, {"action": "approve", "_selected_action": [employer.pk], "index": "0"})
        return client.post(f"/api/v1/employers/{employer.pk}/approve/")

    before = counts()
    with after_notification():
        response = approve()

    assert response.status_code == 500
    assert counts() == before
    assert Employer.objects.values_list("status", "reviewed_by", "reviewed_at").get() == ("pending", None, None)
    assert approve().status_code == {"admin": 302, "api": 200}[via]
    assert counts() == grown(before, audit=1, notification=1)
    assert Employer.objects.get().status == "approved"


def test_fair_registration_rejection_failing_after_its_last_row_leaves_it_pending():
    registration = FairRegistrationFactory(venue=Venue.objects.get(slug="main-hr"), week=WeekFactory(year=2030))
    client = client_as(UserFactory(is_staff=True, is_superuser=True))

    def reject():
        return client.post(f"/api/v1/fair-registrations/{registration.pk}/reject/", {"reason": "职位信息不全"})

    before = counts()
    with after_notification():
        response = reject()

    assert response.status_code == 500
    assert counts() == before
    assert FairRegistration.objects.values_list("status", "status_reason").get() == ("pending", "")
    assert reject().status_code == 200
    assert counts() == grown(before, audit=1, notification=1)
    assert FairRegistration.objects.get().status == "rejected"
