"""Forms say what happened: a cleared password is explained next to its field, the error summary names
each field (label：message), required fields carry an asterisk and words for screen readers, and a
graduate can give several education entries (up to the résumé's cap)."""

import pytest
from django.urls import reverse
from django.utils import translation

from graduates.forms import EducationFormSet
from graduates.validators import RESUME_SECTIONS
from tests.factories import EmployerFactory, UserFactory
from tests.pages import text_of, texts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """A request in English leaves English active in the thread: restore it for the next test."""
    with translation.override("zh-hans"):
        yield


CLEARED = "为安全起见，请重新输入密码"
REQUIRED = '<span class="required-mark" aria-hidden="true">*</span><span class="visually-hidden">（必填）</span>'


def test_employer_registration_explains_the_cleared_passwords_and_names_every_field(client):
    response = client.post(reverse("employers:register"), {"username": "hr-x", "password": "short"})

    assert response.status_code in (200, 400)
    for name in ("password", "password_confirm"):
        assert text_of(response.content, f"field-{name}").endswith(CLEARED), name
    summary = texts(response.content, class_="form-errors__list")[0]
    assert "确认密码：该字段是必填项。" in summary
    assert "单位名称：该字段是必填项。" in summary or "名称：该字段是必填项。" in summary
    assert '<a href="#id_password_confirm">' in response.text


def test_graduate_registration_explains_the_cleared_passwords_and_names_every_field(client):
    response = client.post(reverse("graduates:register"), {"username": "grad-x", "password1": "x"})

    assert response.text.count(f'<p class="field-notice" id="id_password1_cleared">{CLEARED}</p>') == 1
    assert response.text.count(f'<p class="field-notice" id="id_password2_cleared">{CLEARED}</p>') == 1
    summary = text_of(response.content, "form-errors")
    assert "姓名：该字段是必填项。" in summary
    assert "确认密码：该字段是必填项。" in summary


def test_a_first_visit_says_nothing_about_passwords(client):
    for url in (reverse("employers:register"), reverse("graduates:register"), reverse("accounts:login")):
        response = client.get(url)
        assert CLEARED not in response.text, url
        assert 'id="form-errors"' not in response.text, url


def test_sign_in_with_a_wrong_password_explains_the_empty_field(client):
    UserFactory(username="hr")

    response = client.post(reverse("accounts:login"), {"username": "hr", "password": "wrong"})

    assert f'<p class="field-notice" id="id_password_cleared">{CLEARED}</p>' in response.text


def test_required_fields_are_marked_with_an_asterisk_and_words(client):
    employer_page = client.get(reverse("employers:register")).text
    graduate_page = client.get(reverse("graduates:register")).text

    assert f'<label for="id_password_confirm" class="required">确认密码{REQUIRED}</label>' in employer_page
    assert f'<label for="id_name" class="required">姓名:{REQUIRED}</label>' in graduate_page
    # An optional field has neither.
    assert '<label for="id_edu-0-major">专业:</label>' in graduate_page


def test_required_words_are_translated(client):
    page = client.get(reverse("employers:register"), headers={"accept-language": "en"}).text

    assert '<span class="visually-hidden"> (required)</span>' in page


def test_a_graduate_can_give_several_education_entries_up_to_the_cap(client):
    page = client.get(reverse("graduates:register")).text
    cap = RESUME_SECTIONS["education"][0]

    assert page.count('name="edu-') >= 3 * 5  # three rows of five fields to fill at once
    assert f'<input type="hidden" name="edu-MAX_NUM_FORMS" value="{cap}"' in page
    formset = EducationFormSet(initial=[{"school": f"学校{n}"} for n in range(cap)], prefix="edu")
    assert len(formset.forms) == cap  # full: no blank row beyond the cap


def test_an_employer_edit_page_keeps_the_marks(client):
    employer = EmployerFactory()
    client.force_login(employer.user)

    page = client.get(reverse("employers:profile")).text

    assert REQUIRED in page
