"""employer_register and employer_update: one transaction, field-keyed errors, the licence file."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from employers import services
from employers.models import Employer, JobPosting
from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import EmployerFactory, PostingFactory
from tests.factories.employers import profile_data, uscc_for
from tests.factories.files import jpeg_bytes, licence_pdf, pdf_bytes, png_bytes, upload
from venues.models import Province, Venue

pytestmark = pytest.mark.django_db

PASSWORD = "Zhaopin-2020-secure"


def profile(**overrides) -> dict:
    data = profile_data(**overrides)
    data["province"] = Province.objects.get(code=data["province"])
    return data


def register(**overrides):
    kwargs = {
        "username": "newcorp",
        "password": PASSWORD,
        "email": "newcorp@example.cn",
        "profile": profile(),
        "licence": licence_pdf(),
    }
    kwargs.update(overrides)
    return services.employer_register(**kwargs)


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_employer_register_creates_user_employer_licence_and_audit(private_storage):
    employer = register()

    employer.refresh_from_db()
    assert (employer.user.username, employer.user.email, employer.user.check_password(PASSWORD)) == (
        "newcorp",
        "newcorp@example.cn",
        True,
    )
    assert (employer.status, employer.name, employer.reviewing_venue.slug) == (
        "pending",
        "北京测试注册科技有限公司",
        "11-hr",
    )
    assert employer.licence.name.startswith("licences/") and employer.licence.name.endswith(".pdf")
    assert "营业执照" not in employer.licence.name
    assert stored_files(private_storage) == [employer.licence.name]
    assert (private_storage / employer.licence.name).read_bytes() == pdf_bytes()
    assert list(AuditEntry.objects.values_list("action", "actor", "venue__slug", "data")) == [
        (
            "employers.employer.registered",
            employer.user.pk,
            "11-hr",
            {"uscc": employer.uscc, "reviewing_venue": "11-hr"},
        )
    ]


def test_employer_register_normalises_uscc_and_mobile():
    code = uscc_for(7, region="110105")
    employer = register(profile=profile(uscc=f" {code[:9].lower()} {code[9:]} ", contact_mobile="+86 139-1234-5678"))

    assert (employer.uscc, employer.contact_mobile) == (code, "13912345678")


def test_employer_register_chosen_reviewing_venue_is_kept():
    employer = register(profile={**profile(), "reviewing_venue": Venue.objects.get(slug="main-hr")})

    assert employer.reviewing_venue.slug == "main-hr"


def test_employer_register_default_venue_is_hr_branch_of_province():
    employer = register(profile=profile(province="44"))

    assert employer.reviewing_venue.slug == "44-hr"


@pytest.mark.parametrize(
    ("name", "content", "suffix"),
    [("scan.png", png_bytes(), ".png"), ("photo.JPG", jpeg_bytes(), ".jpg")],
)
def test_employer_register_image_licence_stored_by_content(name, content, suffix):
    employer = register(licence=upload(name, content, "image/png"))

    assert employer.licence.name.endswith(suffix)


@pytest.mark.parametrize(
    ("licence", "message"),
    [
        (
            upload("licence.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
            "营业执照须为PDF、JPEG或PNG文件（按文件内容识别，修改文件扩展名无效）。",
        ),
        (
            upload("big.pdf", pdf_bytes() + b"0" * (5 * 1024 * 1024), "application/pdf"),
            "营业执照文件不能超过5MB，当前文件为5.0MB。",
        ),
        (None, "请上传营业执照。"),
    ],
    ids=["renamed-non-pdf", "oversize", "missing"],
)
def test_employer_register_bad_licence_refused_and_nothing_saved(private_storage, licence, message):
    with pytest.raises(ValidationError) as exc:
        register(licence=licence)

    assert exc.value.message_dict == {"licence": [message]}
    assert (User.objects.filter(username="newcorp").count(), Employer.objects.count()) == (0, 0)
    assert stored_files(private_storage) == []


def test_employer_register_duplicate_uscc_is_field_error_and_nothing_saved(private_storage):
    existing = EmployerFactory(uscc=uscc_for(1))

    with pytest.raises(ValidationError) as exc:
        register()

    assert exc.value.message_dict == {"uscc": ["该统一社会信用代码已注册。"]}
    assert list(Employer.objects.all()) == [existing]
    assert User.objects.filter(username="newcorp").count() == 0
    assert stored_files(private_storage) == []


def test_employer_register_collects_every_field_error_at_once():
    with pytest.raises(ValidationError) as exc:
        register(
            username="",
            password="123",
            email="not-an-email",
            profile=profile(uscc="91110108MA01XK7A2X", contact_mobile="1234", name="", city=""),
        )

    errors = exc.value.message_dict
    assert sorted(errors) == ["city", "contact_mobile", "email", "name", "password", "uscc", "username"]
    assert errors["uscc"] == ["统一社会信用代码校验位不正确，请核对后重新输入。"]
    assert errors["contact_mobile"] == ["请输入有效的11位手机号码，例如 13912345678。"]
    assert errors["name"] == ["请填写此项。"]
    assert Employer.objects.count() == 0


def test_employer_register_taken_username_any_case_is_refused():
    User.objects.create_user(username="NewCorp", password=PASSWORD)

    with pytest.raises(ValidationError) as exc:
        register()

    assert exc.value.message_dict == {"username": ["该用户名已被使用，请换一个。"]}


def test_employer_register_password_checked_by_django_validators():
    with pytest.raises(ValidationError) as exc:
        register(password="newcorp1")

    assert "password" in exc.value.message_dict
    assert Employer.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_employer_register_concurrent_same_uscc_creates_one(private_storage):
    if connection.vendor != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL; SQLite serialises writers")
    province = Province.objects.get(code="11")
    barrier = threading.Barrier(3)
    created, refused, errors = [], [], []

    def attempt(n: int):
        try:
            barrier.wait()
            employer = services.employer_register(
                username=f"racer{n}",
                password=PASSWORD,
                email=f"racer{n}@example.cn",
                profile={**profile_data(), "province": province},
                licence=licence_pdf(),
            )
            created.append(employer.pk)
        except ValidationError as exc:
            refused.append(exc.message_dict)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(created) == 1
    assert refused == [{"uscc": ["该统一社会信用代码已注册。"]}] * 2
    assert Employer.objects.filter(uscc=uscc_for(1)).count() == 1
    assert User.objects.filter(username__startswith="racer").count() == 1
    assert len(stored_files(private_storage)) == 1


# --- employer_update -------------------------------------------------------------------------------


def test_employer_update_rejected_correction_resubmits_and_audits():
    employer = EmployerFactory(status="rejected", status_reason="营业执照不清晰")

    services.employer_update(
        employer=employer, actor=employer.user, changes={"address": "新地址88号"}, licence=licence_pdf()
    )

    employer.refresh_from_db()
    assert (employer.status, employer.address) == ("pending", "新地址88号")
    assert employer.licence.name.endswith(".pdf")
    assert list(AuditEntry.objects.order_by("id").values_list("action", "venue", "data")) == [
        ("employers.employer.updated", employer.reviewing_venue_id, {"fields": ["address", "licence"]}),
        ("employers.employer.resubmitted", employer.reviewing_venue_id, {"from": "rejected", "to": "pending"}),
    ]


@pytest.mark.parametrize("status", ["approved", "suspended"])
@pytest.mark.parametrize("field", ["name", "uscc", "province", "reviewing_venue"])
def test_employer_update_approved_cannot_change_reviewed_fields(field, status):
    employer = EmployerFactory(approved=True)
    Employer.objects.filter(pk=employer.pk).update(
        status=status, status_reason="暂停原因" if status == "suspended" else ""
    )
    before = Employer.objects.values().get(pk=employer.pk)
    other_province = Province.objects.exclude(pk=employer.province_id).first()
    value = {
        "name": "改名后的公司",
        "uscc": uscc_for(99),
        "province": other_province,
        "reviewing_venue": Venue.objects.exclude(pk=employer.reviewing_venue_id).first(),
    }[field]

    with pytest.raises(ValidationError) as exc:
        services.employer_update(employer=employer, actor=employer.user, changes={field: value})

    assert exc.value.message_dict == {field: ["审核通过后不能修改此项；如需变更，请联系审核会场。"]}
    assert Employer.objects.values().get(pk=employer.pk) == before
    assert AuditEntry.objects.count() == 0


def test_employer_update_approved_may_change_contact_details():
    employer = EmployerFactory(approved=True)

    services.employer_update(
        employer=employer, actor=employer.user, changes={"contact_name": "李主管", "contact_mobile": "13800001111"}
    )

    employer.refresh_from_db()
    assert (employer.status, employer.contact_name, employer.contact_mobile) == ("approved", "李主管", "13800001111")


def test_employer_update_name_change_reindexes_postings():
    employer = EmployerFactory()
    posting = PostingFactory(employer=employer, title="会计")

    services.employer_update(employer=employer, actor=employer.user, changes={"name": "星河数据"})

    assert "星河" in JobPosting.objects.get(pk=posting.pk).search_text.split()


def test_employer_update_to_a_taken_uscc_is_refused():
    other = EmployerFactory()
    employer = EmployerFactory()

    with pytest.raises(ValidationError) as exc:
        services.employer_update(employer=employer, actor=employer.user, changes={"uscc": other.uscc})

    assert exc.value.message_dict == {"uscc": ["该统一社会信用代码已注册。"]}


def test_employer_update_replaced_licence_old_file_deleted_after_commit(
    private_storage, django_capture_on_commit_callbacks
):
    employer = register()
    old = employer.licence.name

    with django_capture_on_commit_callbacks(execute=True):
        services.employer_update(
            employer=employer, actor=employer.user, changes={}, licence=upload("new.png", png_bytes())
        )

    employer.refresh_from_db()
    assert employer.licence.name.endswith(".png")
    assert stored_files(private_storage) == [employer.licence.name]
    assert old != employer.licence.name


def test_employer_register_makes_the_account_its_first_administrator():
    employer = register()

    assert list(employer.members.values_list("user_id", "role")) == [(employer.user_id, "administrator")]
