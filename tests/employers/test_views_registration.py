"""The registration page: one form, errors next to their fields with the input kept, files checked."""

import pytest
from django.urls import reverse

from employers.models import Employer
from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import EmployerFactory, GraduateFactory
from tests.factories.employers import registration_data, uscc_for
from tests.factories.files import licence_pdf, pdf_bytes, png_bytes, upload
from tests.pages import text_of
from venues.models import Province

pytestmark = pytest.mark.django_db

URL = "/employer/register/"


def post(client, licence=None, **overrides):
    data = registration_data(**overrides)
    data["province"] = str(_province_pk(data["province"]))
    data["licence"] = licence if licence is not None else licence_pdf()
    return client.post(URL, data)


def _province_pk(code: str) -> int:
    return Province.objects.get(code=code).pk


def test_register_url_name_is_kept():
    assert reverse("employers:register") == URL


def test_register_page_shows_every_field_with_a_label(client):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    for field in ["username", "email", "password", "password_confirm", "name", "uscc", "licence", "contact_mobile"]:
        assert f'for="id_{field}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert '<link rel="stylesheet" href="/static/css/employers.css">' in html
    assert '<script src="/static/js/employers.js" defer></script>' in html


def test_register_valid_submission_signs_in_and_shows_pending_dashboard(client):
    response = post(client)

    employer = Employer.objects.get()
    assert (response.status_code, response.headers["Location"]) == (302, "/employer/")
    assert (employer.status, employer.user.username, employer.reviewing_venue.slug) == ("pending", "newcorp", "11-hr")
    dashboard = client.get("/employer/")
    assert text_of(dashboard.content, "review-status").startswith(
        "审核状态 待审核 您的注册信息正在由北京市人社系统分会场审核。"
    )
    assert AuditEntry.objects.get().action == "employers.employer.registered"


def test_register_bad_uscc_error_next_to_field_and_input_kept(client):
    response = post(client, uscc="91110108MA01XK7A2X")

    html = response.content.decode()
    assert response.status_code == 200
    assert text_of(html, "field-uscc").endswith("统一社会信用代码校验位不正确，请核对后重新输入。")
    assert (
        '<ul class="errorlist" id="id_uscc_error"><li>统一社会信用代码校验位不正确，请核对后重新输入。</li></ul>'
        in html
    )
    assert 'value="91110108MA01XK7A2X"' in html
    assert 'aria-invalid="true" aria-describedby="id_uscc_helptext id_uscc_error"' in html
    assert 'value="北京测试注册科技有限公司"' in html
    assert (User.objects.count(), Employer.objects.count()) == (0, 0)


def test_register_duplicate_uscc_is_a_field_message_not_a_500(client):
    existing = EmployerFactory(uscc=uscc_for(1))

    response = post(client)

    assert response.status_code == 200
    assert text_of(response.content, "field-uscc").endswith("该统一社会信用代码已注册。")
    assert list(Employer.objects.all()) == [existing]
    assert User.objects.filter(username="newcorp").count() == 0


@pytest.mark.parametrize(
    ("licence", "message"),
    [
        (
            upload("营业执照.pdf", b"GIF89a renamed gif", "application/pdf"),
            "营业执照须为PDF、JPEG或PNG文件（按文件内容识别，修改文件扩展名无效）。",
        ),
        (
            upload("big.pdf", pdf_bytes() + b"0" * (5 * 1024 * 1024), "application/pdf"),
            "营业执照文件不能超过5MB，当前文件为5.0MB。",
        ),
    ],
    ids=["renamed-non-pdf", "oversize"],
)
def test_register_bad_licence_error_next_to_field_and_nothing_saved(client, private_storage, licence, message):
    response = post(client, licence=licence)

    assert response.status_code == 200
    assert text_of(response.content, "field-licence").endswith(message)
    assert (User.objects.count(), Employer.objects.count()) == (0, 0)
    assert list(private_storage.rglob("*.*")) == []


def test_register_valid_png_licence_is_accepted(client):
    response = post(client, licence=upload("scan.png", png_bytes(), "image/png"))

    assert response.status_code == 302
    assert Employer.objects.get().licence.name.endswith(".png")


def test_register_password_mismatch_and_weak_password(client):
    response = post(client, password="12345678", password_confirm="12345679")

    assert text_of(response.content, "field-password_confirm") == (
        "确认密码 * （必填） 两次输入的密码不一致。 为安全起见，请重新输入密码"
    )
    assert Employer.objects.count() == 0


def test_register_signed_in_employer_goes_to_dashboard(client):
    client.force_login(EmployerFactory().user)

    response = client.get(URL)

    assert (response.status_code, response.headers["Location"]) == (302, "/employer/")


def test_register_signed_in_graduate_is_told_to_sign_out(client):
    client.force_login(GraduateFactory().user)

    response = client.get(URL)

    assert response.status_code == 200
    assert "您已使用非用人单位账户登录。如需注册用人单位，请先退出。" in response.content.decode()
    assert 'name="uscc"' not in response.content.decode()


def test_register_full_width_uscc_is_stored_in_ascii(client):
    code = uscc_for(7)
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in code)  # '９１１１…', as an input method types it

    response = post(client, uscc=full_width)

    assert response.status_code == 302
    assert Employer.objects.get().uscc == code


def test_register_all_zero_uscc_is_a_field_error(client):
    response = post(client, uscc="000000000000000000")

    assert response.status_code == 200
    assert text_of(response.content, "field-uscc").endswith(
        "统一社会信用代码无效：登记管理部门代码不能为0，行政区划代码不能为000000。"
    )
    assert Employer.objects.count() == 0
