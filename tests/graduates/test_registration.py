"""Registration and profile changes: services, the pages and the API."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from graduates import services
from graduates.enums import GraduateStatus
from graduates.models import Graduate
from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.reference.models import Discipline
from tests.api.errors import invalid
from tests.factories import GraduateFactory, UserFactory
from tests.factories.files import PDF_BYTES, PNG_BYTES, pdf_upload
from tests.pages import texts
from venues.models import Province, Venue

pytestmark = pytest.mark.django_db

RESUME = {
    "education": [
        {"school": "北京大学", "major": "会计学", "degree": "bachelor", "start": "2016-09", "end": "2020-06"}
    ],
    "internships": [
        {
            "organisation": "华信会计师事务所",
            "role": "审计助理",
            "start": "2019-07",
            "end": "2019-09",
            "description": "",
        }
    ],
    "awards": ["国家奖学金"],
    "skills": ["Excel", "财务分析"],
}


def profile(**overrides):
    data = {
        "name": "张小明",
        "mobile": "+86 139-1234-5678",
        "email": "xm@example.cn",
        "university": "北京大学",
        "university_province": Province.objects.get(code="11"),
        "degree": "bachelor",
        "major": "会计学",
        "discipline": Discipline.objects.get(code="12"),
        "graduation_year": 2020,
        "preferred_cities": ["北京", "上海"],
        "preferred_industries": ["J"],
        "preferred_work": "会计",
        "expected_salary": 8000,
        "visible_to_employers": True,
        "resume": RESUME,
    }
    data.update(overrides)
    return data


def register(**kwargs):
    defaults = {"username": "xiaoming", "password": "Zhang-2020-pass", "privacy_consent": True}
    return services.graduate_register(profile=kwargs.pop("profile", profile()), **{**defaults, **kwargs})


# --- Service -------------------------------------------------------------------------------------------


def test_graduate_register_creates_pending_graduate_reviewed_by_education_venue():
    graduate = register(preferred_provinces=[Province.objects.get(code="31")], resume_pdf=pdf_upload())

    graduate.refresh_from_db()
    assert (graduate.user.username, graduate.user.email, graduate.status) == ("xiaoming", "xm@example.cn", "pending")
    assert graduate.reviewing_venue == Venue.objects.get(slug="11-education")
    assert (graduate.mobile, graduate.preferred_cities) == ("13912345678", "北京,上海")
    assert graduate.resume == RESUME
    assert [p.code for p in graduate.preferred_provinces.all()] == ["31"]
    assert graduate.privacy_consented_at is not None
    assert graduate.user.check_password("Zhang-2020-pass")
    assert list(AuditEntry.objects.values_list("action", "venue__slug", "data")) == [
        ("graduates.graduate.registered", "11-education", {"reviewing_venue": "11-education"})
    ]


def test_graduate_register_stores_pdf_privately_under_a_generated_name():
    graduate = register(resume_pdf=pdf_upload(name="../../etc/张小明.pdf"))

    name = graduate.resume_pdf.name
    assert name.startswith("resumes/") and name.endswith(".pdf") and "张" not in name and ".." not in name
    with default_storage.open(name) as stored:
        assert stored.read() == PDF_BYTES
    default_storage.delete(name)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"mobile": "1234"}, "mobile"),
        ({"email": "not-an-email"}, "email"),
        ({"name": ""}, "name"),
        ({"graduation_year": 1800}, "graduation_year"),
        ({"preferred_industries": ["Z"]}, "preferred_industries"),
        ({"expected_salary": 0}, "expected_salary"),
        ({"resume": {"education": [{"school": ""}]}}, "resume"),
        ({"resume": {"education": [], "hobbies": ["游泳"]}}, "resume"),
        ({"resume": {"internships": [{"organisation": "某公司", "start": "2020-13"}]}}, "resume"),
        ({"preferred_cities": [f"城市{i}" for i in range(11)]}, "preferred_cities"),
    ],
)
def test_graduate_register_invalid_field_saves_nothing(overrides, field):
    with pytest.raises(ValidationError) as exc:
        register(profile=profile(**overrides))

    assert field in exc.value.message_dict
    assert (User.objects.count(), Graduate.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


def test_graduate_register_reports_every_wrong_field_at_once():
    with pytest.raises(ValidationError) as exc:
        register(password="123", privacy_consent=False, profile=profile(mobile="1", email="x"))

    assert sorted(exc.value.message_dict) == ["email", "mobile", "password", "privacy_consent"]


def test_graduate_register_without_consent_is_refused():
    with pytest.raises(ValidationError) as exc:
        register(privacy_consent=False)

    assert exc.value.message_dict["privacy_consent"] == ["请阅读并同意隐私条款后再注册。"]
    assert Graduate.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PNG_BYTES, "文件内容不是有效的PDF。"),
        (b"%PDF-1.4 but no end marker" + b" " * 100, "文件内容不是有效的PDF。"),
        (PDF_BYTES[:-7] + b" " * (5 * 1024 * 1024) + b"%%EOF\n", "PDF简历不能超过5 MB。"),
    ],
    ids=["png-named-pdf", "truncated", "over-5-mb"],
)
def test_graduate_register_checks_the_pdf_by_content(content, message):
    with pytest.raises(ValidationError) as exc:
        register(resume_pdf=pdf_upload(name="resume.pdf", content=content))

    assert exc.value.message_dict["resume_pdf"] == [message]
    assert Graduate.objects.count() == 0


def test_graduate_register_same_username_twice_creates_one():
    register()

    with pytest.raises(ValidationError) as exc:
        register()

    assert "username" in exc.value.message_dict
    assert (User.objects.count(), Graduate.objects.count()) == (1, 1)


def test_graduate_register_province_without_education_venue_is_refused():
    Venue.objects.filter(slug="11-education").delete()

    with pytest.raises(ValidationError) as exc:
        register()

    assert exc.value.message_dict["university_province"] == ["该省份暂无教育系统分会场，无法审核，请联系主会场。"]


def test_graduate_update_profile_after_approval_keeps_identity_fixed():
    graduate = GraduateFactory(approved=True, name="李明")

    with pytest.raises(ValidationError) as exc:
        services.graduate_update_profile(
            graduate=graduate, actor=graduate.user, profile={"name": "李小明", "expected_salary": 9000}
        )

    assert list(exc.value.message_dict) == ["name"]
    graduate.refresh_from_db()
    assert (graduate.name, graduate.expected_salary) == ("李明", None)


def test_graduate_update_profile_changes_intentions_and_syncs_account_email():
    graduate = GraduateFactory(approved=True)

    services.graduate_update_profile(
        graduate=graduate,
        actor=graduate.user,
        profile={"expected_salary": 9000, "email": "new@example.cn"},
        preferred_provinces=[Province.objects.get(code="44")],
    )

    graduate.refresh_from_db()
    assert (graduate.expected_salary, graduate.email, graduate.user.email) == (9000, "new@example.cn", "new@example.cn")
    assert AuditEntry.objects.get().data == {"fields": ["email", "expected_salary", "preferred_provinces"]}


def test_graduate_update_profile_pending_province_change_moves_the_review():
    graduate = GraduateFactory(
        university_province=Province.objects.get(code="11"), reviewing_venue=Venue.objects.get(slug="11-education")
    )

    services.graduate_update_profile(
        graduate=graduate, actor=graduate.user, profile={"university_province": Province.objects.get(code="31")}
    )

    graduate.refresh_from_db()
    assert graduate.reviewing_venue.slug == "31-education"


def test_graduate_update_profile_rejected_then_resubmitted_is_pending_again():
    graduate = GraduateFactory(status=GraduateStatus.REJECTED, status_reason="学校名称有误")

    services.graduate_update_profile(
        graduate=graduate, actor=graduate.user, profile={"university": "北京师范大学"}, resubmit=True
    )

    graduate.refresh_from_db()
    assert (graduate.status, graduate.university) == ("pending", "北京师范大学")
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "graduates.graduate.updated",
        "graduates.graduate.resubmitted",
    ]


def test_graduate_update_profile_replaces_pdf_and_deletes_the_old_file(django_capture_on_commit_callbacks):
    graduate = GraduateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.graduate_update_profile(graduate=graduate, actor=None, profile={}, resume_pdf=pdf_upload())
    graduate.refresh_from_db()
    old = graduate.resume_pdf.name

    with django_capture_on_commit_callbacks(execute=True):
        services.graduate_update_profile(graduate=graduate, actor=None, profile={}, resume_pdf=pdf_upload())

    graduate.refresh_from_db()
    assert graduate.resume_pdf.name != old
    assert (default_storage.exists(old), default_storage.exists(graduate.resume_pdf.name)) == (False, True)
    with django_capture_on_commit_callbacks(execute=True):
        services.graduate_update_profile(graduate=graduate, actor=None, profile={}, remove_resume_pdf=True)
    assert default_storage.exists(graduate.resume_pdf.name) is False


# --- Page ------------------------------------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "username": "xiaohong",
        "password1": "Hong-2020-pass",
        "password2": "Hong-2020-pass",
        "name": "王小红",
        "mobile": "13800001111",
        "email": "xh@example.cn",
        "university": "上海财经大学",
        "university_province": str(Province.objects.get(code="31").pk),
        "degree": "master",
        "major": "会计学",
        "discipline": "12",
        "graduation_year": "2020",
        "preferred_provinces": [str(Province.objects.get(code="31").pk)],
        "preferred_cities": "上海、杭州",
        "preferred_industries": ["J", "L"],
        "preferred_work": "审计",
        "expected_salary": "9000",
        "awards": "国家奖学金\n优秀毕业生",
        "skills": "Excel，SQL",
        "visible_to_employers": "on",
        "privacy_consent": "on",
        "edu-TOTAL_FORMS": "2",
        "edu-INITIAL_FORMS": "0",
        "edu-0-school": "上海财经大学",
        "edu-0-degree": "master",
        "edu-0-start": "2017-09",
        "edu-0-end": "2020-06",
        "intern-TOTAL_FORMS": "1",
        "intern-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_register_page_creates_graduate_signs_in_and_redirects(client):
    response = client.post(reverse("graduates:register"), form_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("graduates:dashboard")
    graduate = Graduate.objects.get()
    assert (graduate.name, graduate.reviewing_venue.slug, graduate.preferred_cities) == (
        "王小红",
        "31-education",
        "上海,杭州",
    )
    assert graduate.resume == {
        "education": [
            {"school": "上海财经大学", "major": "", "degree": "master", "start": "2017-09", "end": "2020-06"}
        ],
        "internships": [],
        "awards": ["国家奖学金", "优秀毕业生"],
        "skills": ["Excel", "SQL"],
    }
    assert int(client.session["_auth_user_id"]) == graduate.user_id


def test_register_page_shows_errors_next_to_fields_and_keeps_input(client):
    response = client.post(
        reverse("graduates:register"),
        form_data(mobile="12345", **{"edu-0-school": "", "edu-0-major": "会计学"}),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert texts(html, id="id_mobile_error") == ["请输入有效的11位手机号码，例如 13912345678。"]
    assert 'aria-describedby="id_mobile_helptext id_mobile_error"' in html
    assert texts(html, id="id_edu-0-school_error") == ["请填写学校，或清空这一行。"]
    assert 'value="王小红"' in html and 'value="上海、杭州"' in html
    assert Graduate.objects.count() == 0


def test_register_page_without_consent_shows_the_error(client):
    data = form_data()
    del data["privacy_consent"]

    response = client.post(reverse("graduates:register"), data)

    assert texts(response.content, id="id_privacy_consent_error") == ["请阅读并同意隐私条款后再注册。"]
    assert User.objects.count() == 0


def test_register_page_rejects_a_non_pdf_upload_and_says_to_choose_again(client):
    response = client.post(reverse("graduates:register"), {**form_data(), "resume_pdf": pdf_upload(content=PNG_BYTES)})

    assert texts(response.content, id="id_resume_pdf_error") == ["文件内容不是有效的PDF。"]
    assert "请重新选择" in response.content.decode()
    assert Graduate.objects.count() == 0


def test_register_page_for_signed_in_graduate_goes_to_dashboard(client):
    client.force_login(GraduateFactory().user)

    response = client.get(reverse("graduates:register"))

    assert (response.status_code, response["Location"]) == (302, reverse("graduates:dashboard"))


def test_profile_page_rejected_graduate_sees_reason_corrects_and_resubmits(client):
    graduate = GraduateFactory(status=GraduateStatus.REJECTED, status_reason="毕业年份与学籍不符", graduation_year=2019)
    client.force_login(graduate.user)
    page = client.get(reverse("graduates:profile"))
    assert "毕业年份与学籍不符" in page.content.decode()
    data = form_data(
        university_province=str(graduate.university_province_id),
        discipline=graduate.discipline_id,
        graduation_year="2020",
        **{"edu-INITIAL_FORMS": "0"},
    )

    response = client.post(reverse("graduates:profile"), data)

    assert response.status_code == 302
    graduate.refresh_from_db()
    assert (graduate.status, graduate.graduation_year) == ("pending", 2020)


def test_profile_page_approved_identity_fields_are_disabled_and_ignored(client):
    graduate = GraduateFactory(approved=True, name="李明")
    client.force_login(graduate.user)

    page = client.get(reverse("graduates:profile"))
    response = client.post(
        reverse("graduates:profile"),
        form_data(
            name="冒名",
            university_province=str(graduate.university_province_id),
            discipline="08",
            expected_salary="12000",
        ),
    )

    assert 'name="name" value="李明"' in page.content.decode() and "disabled" in page.content.decode()
    assert response.status_code == 302
    graduate.refresh_from_db()
    assert (graduate.name, graduate.expected_salary) == ("李明", 12000)


# --- API ---------------------------------------------------------------------------------------------------


def api_body(**overrides):
    body = {
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
        "preferred_provinces": ["44"],
        "preferred_cities": ["广州"],
        "preferred_industries": ["I"],
        "resume": RESUME,
    }
    body.update(overrides)
    return body


def test_api_register_creates_graduate_and_signs_in(client):
    response = client.post(reverse("api-graduate-register"), api_body(), content_type="application/json")

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["reviewing_venue"], body["preferred_provinces"]) == ("pending", "44-education", ["44"])
    me = client.get(reverse("api-graduate-me"))
    assert me.json()["username"] == "apiuser"


def test_api_register_returns_field_errors_and_saves_nothing(client):
    response = client.post(
        reverse("api-graduate-register"),
        api_body(mobile="123", privacy_consent=False, resume={"skills": "not a list"}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "mobile": ["请输入有效的11位手机号码，例如 13912345678。"],
            "privacy_consent": ["请阅读并同意隐私条款后再注册。"],
            "resume": ["技能应为文本列表。"],
        }
    )
    assert User.objects.count() == 0


def test_api_patch_profile_after_approval_refuses_identity_change(client):
    graduate = GraduateFactory(approved=True, university="测试大学")
    client.force_login(graduate.user)

    response = client.patch(
        reverse("api-graduate-me"), {"university": "别的大学", "expected_salary": 7000}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == invalid({"university": ["审核通过后不能修改此项；如需更正，请联系审核会场。"]})
    graduate.refresh_from_db()
    assert (graduate.university, graduate.expected_salary) == ("测试大学", None)


def test_api_resume_pdf_upload_checks_content(client):
    graduate = GraduateFactory()
    client.force_login(graduate.user)

    bad = client.put(
        reverse("api-graduate-resume-pdf"),
        data=_multipart({"resume_pdf": pdf_upload(content=PNG_BYTES)}),
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )
    good = client.put(
        reverse("api-graduate-resume-pdf"),
        data=_multipart({"resume_pdf": pdf_upload()}),
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )

    assert (bad.status_code, bad.json()) == (400, invalid({"resume_pdf": ["文件内容不是有效的PDF。"]}))
    assert good.status_code == 200
    assert good.json()["resume_pdf_url"] == reverse("graduates:resume_download", args=[graduate.pk])


def _multipart(data):
    from django.test.client import encode_multipart

    return encode_multipart("BoUnDaRy", data)


@pytest.mark.parametrize("make_user", [lambda: None, lambda: UserFactory()], ids=["anonymous", "not-a-graduate"])
def test_api_me_is_for_graduates_only(client, make_user):
    user = make_user()
    if user:
        client.force_login(user)

    response = client.get(reverse("api-graduate-me"))

    assert response.status_code == 403
