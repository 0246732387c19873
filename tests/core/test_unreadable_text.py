"""Nothing that cannot be read back is written (on SQLite, which stores a NUL, and a lone surrogate
inside JSON, where PostgreSQL would refuse both): forms refuse them field by field, every model save
of the portal refuses them with nothing half-saved, and the data migrations repair rows written before."""

import types

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from employers.models import Employer, JobPosting
from graduates.models import Graduate, SavedSearch
from graduates.services.profiles import graduate_update_profile
from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.reference.text_guard import clean_unreadable_rows
from recruitment_weeks.reference.validators import (
    UNREADABLE_MESSAGE,
    has_unreadable_characters,
    readable_text,
    validate_readable_text,
)
from tests.employers.test_views_registration import post as post_employer_registration
from tests.factories import EmployerFactory, PostingFactory
from tests.factories.employers import registration_data
from tests.factories.graduates import SavedSearchFactory, beijing_graduate
from tests.graduates.test_registration import form_data as graduate_form_data
from venues.models import ContactForm

pytestmark = pytest.mark.django_db

BAD = ["a\x00b", "a\ud800b", "\udfff", "\x00"]


@pytest.mark.parametrize(
    ("value", "bad"),
    [
        ("王小红", False),
        ("😀 emoji (a surrogate pair in UTF-16, one code point here)", False),
        ("a\x00", True),
        ("\ud800", True),
        (["ok", {"k": "\udfff"}], True),
        ({"\x00": "ok"}, True),
        (5, False),
    ],
)
def test_has_unreadable_characters(value, bad):
    assert has_unreadable_characters(value) is bad


def test_readable_text_strips_nul_and_replaces_lone_surrogates():
    assert readable_text({"q\ud800": ["会计\x00", 3, "\udfff"]}) == {"q\ufffd": ["会计", 3, "\ufffd"]}
    with pytest.raises(ValidationError) as exc:
        validate_readable_text(["x", "y\x00"])
    assert exc.value.messages == [str(UNREADABLE_MESSAGE)]


@pytest.mark.parametrize("bad", BAD)
def test_service_save_with_unreadable_text_is_refused_and_nothing_half_saved(bad):
    graduate = beijing_graduate(name="王小红", approved=True)
    before = (Graduate.objects.filter(pk=graduate.pk).values().get(), AuditEntry.objects.count())

    with pytest.raises(ValidationError) as exc:
        graduate_update_profile(
            graduate=graduate,
            actor=graduate.user,
            profile={"preferred_work": f"审计{bad}", "resume": {"skills": ["Excel", bad]}},
        )

    assert exc.value.message_dict == {"preferred_work": [str(UNREADABLE_MESSAGE)], "resume": [str(UNREADABLE_MESSAGE)]}
    assert (Graduate.objects.filter(pk=graduate.pk).values().get(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("bad", BAD)
def test_every_portal_model_save_refuses_unreadable_text(bad):
    posting = PostingFactory(title="会计")
    posting.title = f"会计{bad}"
    search = SavedSearchFactory(name="会计")
    search.params = {"q": bad}

    with pytest.raises(ValidationError) as posting_error:
        posting.save()
    with pytest.raises(ValidationError) as search_error:
        search.save(update_fields=["params"])

    assert posting_error.value.message_dict == {"title": [str(UNREADABLE_MESSAGE)]}
    assert search_error.value.message_dict == {"params": [str(UNREADABLE_MESSAGE)]}
    assert JobPosting.objects.get().title == "会计"
    assert SavedSearch.objects.get().params == {"q": "会计"}


GRADUATE_TEXT_FIELDS = [
    "username", "name", "mobile", "email", "university", "major", "preferred_cities", "preferred_work",
    "awards", "skills", "edu-0-school", "edu-0-start",
]  # fmt: skip


@pytest.mark.parametrize("field", GRADUATE_TEXT_FIELDS)
def test_graduate_registration_page_refuses_nul_in_every_text_field(client, field):
    users = User.objects.count()

    response = client.post(reverse("graduates:register"), graduate_form_data(**{field: "王\x00小红"}))

    assert response.status_code == 400
    assert (Graduate.objects.count(), User.objects.count()) == (0, users)


EMPLOYER_TEXT_FIELDS = [
    "username", "email", "name", "uscc", "city", "address", "website", "description", "contact_name",
    "contact_title", "contact_mobile", "contact_email",
]  # fmt: skip


@pytest.mark.parametrize("field", EMPLOYER_TEXT_FIELDS)
def test_employer_registration_page_refuses_nul_in_every_text_field(client, field):
    users = User.objects.count()
    value = f"{registration_data()[field]}\x00"

    response = post_employer_registration(client, **{field: value})

    assert response.status_code == 200  # the form again, with its errors
    assert (Employer.objects.count(), User.objects.count()) == (0, users)
    assert 'class="errorlist"' in response.content.decode()


def poison(model, pk, **values):
    """Write what the guard refuses, as rows written before it were (QuerySet.update sends no signal)."""
    model.objects.filter(pk=pk).update(**values)


def run_migrations_cleaning():
    editor = types.SimpleNamespace(connection=connection)
    return sum(
        clean_unreadable_rows(apps, editor, label)
        for label in ("employers", "graduates", "venues", "events", "notifications")
    )


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="poisoned rows exist only on SQLite: PostgreSQL refuses NUL in text itself"
)
def test_data_migration_cleans_poisoned_rows_and_their_pages_answer_again(client):
    graduate = beijing_graduate(name="王小红", approved=True)
    employer = EmployerFactory(approved=True)
    search = SavedSearchFactory(graduate=graduate, name="会计")
    contact = ContactForm.objects.create(
        venue=graduate.reviewing_venue, unit_name="单位", site_name="网站", site_url="https://a.example.cn/",
        leader_name="王", leader_title="处长", leader_phone="010-1", leader_email="a@example.cn",
        contact_name="李", contact_title="科员", contact_phone="010-2", contact_email="b@example.cn",
        filled_by_unit="单位", filled_on="2020-04-28",
    )  # fmt: skip
    poison(Graduate, graduate.pk, preferred_work="审计\x00", resume={"skills": ["Excel\ud800"]})
    poison(Employer, employer.pk, description="简介\x00")
    poison(SavedSearch, search.pk, params={"q\udfff": "会计\x00"})
    poison(ContactForm, contact.pk, contact_name="李\x00")

    assert run_migrations_cleaning() == 4
    assert run_migrations_cleaning() == 0  # idempotent

    graduate.refresh_from_db()
    assert (graduate.preferred_work, graduate.resume) == ("审计", {"skills": ["Excel\ufffd"]})
    assert Employer.objects.get(pk=employer.pk).description == "简介"
    assert SavedSearch.objects.get(pk=search.pk).params == {"q\ufffd": "会计"}
    assert ContactForm.objects.get(pk=contact.pk).contact_name == "李"
    client.force_login(graduate.user)
    assert client.get(reverse("graduates:profile")).status_code == 200
