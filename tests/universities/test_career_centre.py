"""Career-centre staff: registration, the province's review, and confirming their own graduates
(singly and in bulk); another university's graduates stay out of reach."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from graduates import services as graduate_services
from graduates.enums import GraduateAction, GraduateStatus
from graduates.models import Graduate
from recruitment_weeks.accounts.models import User
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.reference.models import Discipline
from tests.factories import GraduateFactory, UserFactory
from tests.factories.universities import CareerCentreMemberFactory
from universities import services
from universities.enums import CareerCentreStatus, UniversityAction
from universities.models import CareerCentreMember, University
from venues.models import Province, Venue

pytestmark = pytest.mark.django_db

PASSWORD = "Career-centre-2030"


@pytest.fixture
def hebei():
    return University.objects.get(name="河北大学")


@pytest.fixture
def shanxi():
    return University.objects.get(name="山西大学")


def member_of(university: University, username: str) -> CareerCentreMember:
    venue = Venue.objects.get(slug=f"{university.province.code}-education")
    return CareerCentreMemberFactory(user=UserFactory(username=username), university=university, reviewing_venue=venue)


def graduate_of(university: University, name: str, **kw) -> Graduate:
    venue = Venue.objects.get(slug=f"{university.province.code}-education")
    return GraduateFactory(
        name=name,
        university=university.name,
        listed_university=university,
        university_province=university.province,
        reviewing_venue=venue,
        **kw,
    )


REGISTRATION = {
    "username": "hbu-career",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "university": "河北大学",
    "name": "张老师",
    "title": "就业指导中心科员",
    "mobile": "13912345678",
    "email": "career@hbu.example.cn",
}


# --- Registration and review -------------------------------------------------------------------------


def test_registration_page_creates_a_pending_member_reviewed_by_the_province(client, hebei):
    response = client.post(reverse("career_centre:register"), REGISTRATION)

    assert (response.status_code, response["Location"]) == (302, reverse("career_centre:dashboard"))
    member = CareerCentreMember.objects.get()
    assert (member.user.username, member.university, member.status, member.reviewing_venue.slug) == (
        "hbu-career",
        hebei,
        CareerCentreStatus.PENDING,
        "13-education",
    )
    assert list(AuditEntry.objects.values_list("action", "venue__slug")) == [
        (UniversityAction.CAREER_CENTRE_APPLIED, "13-education")
    ]
    dashboard = client.get(reverse("career_centre:dashboard"))
    assert dashboard.status_code == 200
    assert f"您的账户正在由{member.reviewing_venue.name}审核" in dashboard.content.decode()


def test_registration_with_a_university_not_on_the_list_keeps_input_and_saves_nothing(client):
    response = client.post(reverse("career_centre:register"), {**REGISTRATION, "university": "不存在大学"})

    assert response.status_code == 400
    assert response.context["form"].errors["university"] == ["高校名录中没有该校，请从建议中选择或联系主会场添加。"]
    assert 'value="不存在大学"' in response.content.decode()
    assert (User.objects.filter(username="hbu-career").count(), CareerCentreMember.objects.count()) == (0, 0)


def test_registration_page_offers_the_list_as_suggestions(client):
    response = client.get(reverse("career_centre:register"))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'list="university-names"' in body
    assert '<option value="石河子大学">' in body


def test_approve_and_reject_by_the_province(hebei):
    pending = member_of(hebei, "hbu-1")
    pending.status = CareerCentreStatus.PENDING
    pending.save()
    other = member_of(hebei, "hbu-2")
    other.status = CareerCentreStatus.PENDING
    other.save()
    reviewer = UserFactory(is_staff=True)

    approved = services.career_centre_approve(member=pending, actor=reviewer)
    with pytest.raises(ValidationError):
        services.career_centre_reject(member=other, actor=reviewer, reason="  ")
    rejected = services.career_centre_reject(member=other, actor=reviewer, reason="非本校人员")

    assert (approved.status, approved.reviewed_by) == (CareerCentreStatus.APPROVED, reviewer)
    assert (rejected.status, rejected.status_reason) == (CareerCentreStatus.REJECTED, "非本校人员")
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        UniversityAction.CAREER_CENTRE_APPROVED,
        UniversityAction.CAREER_CENTRE_REJECTED,
    ]


# --- Graduates choose their university --------------------------------------------------------------


def test_graduate_naming_a_listed_university_is_linked_to_it(hebei):
    graduate = graduate_services.graduate_register(
        username="grad-hbu",
        password=PASSWORD,
        profile={
            "name": "赵同学",
            "mobile": "13800138001",
            "email": "grad@hbu.example.cn",
            "university": "河北大学",
            "university_province": Province.objects.get(code="11"),  # not the university's province
            "student_number": "20200001",
            "degree": "bachelor",
            "major": "法学",
            "discipline": Discipline.objects.get(code="03"),
            "graduation_year": 2030,
        },
        privacy_consent=True,
    )

    assert (graduate.listed_university, graduate.university_province.code, graduate.reviewing_venue.slug) == (
        hebei,
        "13",
        "13-education",
    )
    assert graduate.student_number == "20200001"


# --- Confirming graduates ----------------------------------------------------------------------------


def test_career_centre_confirms_its_graduate_and_approves_the_pending_registration(client, hebei):
    member = member_of(hebei, "hbu-career")
    graduate = graduate_of(hebei, "钱同学", student_number="2030001")
    client.force_login(member.user)

    page = client.get(reverse("career_centre:graduate_confirm", args=[graduate.pk]))
    response = client.post(
        reverse("career_centre:graduate_confirm", args=[graduate.pk]),
        {"student_number": "2030001X", "degree": "master", "major": "历史学", "graduation_year": "2030"},
    )

    assert page.status_code == 200
    assert (response.status_code, response["Location"]) == (302, reverse("career_centre:graduate_list"))
    graduate.refresh_from_db()
    assert (graduate.student_number, graduate.degree, graduate.major, graduate.graduation_year) == (
        "2030001X",
        "master",
        "历史学",
        2030,
    )
    assert (graduate.status, graduate.reviewed_by, graduate.university_confirmed_by) == (
        GraduateStatus.APPROVED,
        member.user,
        member.user,
    )
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "venue__slug")) == [
        (GraduateAction.CONFIRMED, "13-education"),
        (GraduateAction.APPROVED, "13-education"),
    ]
    assert list(Notification.objects.values_list("recipient", "kind")) == [(graduate.user_id, "graduate_approved")]


def test_confirm_form_errors_keep_the_input_and_change_nothing(client, hebei):
    member = member_of(hebei, "hbu-career")
    graduate = graduate_of(hebei, "孙同学")
    client.force_login(member.user)

    response = client.post(
        reverse("career_centre:graduate_confirm", args=[graduate.pk]),
        {"student_number": "", "degree": "bachelor", "major": "保留的专业", "graduation_year": "1800"},
    )

    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == ["graduation_year", "student_number"]
    assert "保留的专业" in response.content.decode()
    graduate.refresh_from_db()
    assert (graduate.university_confirmed_at, graduate.status) == (None, GraduateStatus.PENDING)


def test_service_refuses_another_universitys_graduate(hebei, shanxi):
    member = member_of(shanxi, "sxu-career")
    graduate = graduate_of(hebei, "周同学", student_number="1")

    with pytest.raises(ValidationError) as raised:
        graduate_services.graduate_confirm(
            graduate=graduate, actor=member.user, student_number="1", degree="bachelor", major="x", graduation_year=2030
        )

    assert raised.value.messages == ["只能确认本校的毕业生。"]
    graduate.refresh_from_db()
    assert (graduate.university_confirmed_at, graduate.status) == (None, GraduateStatus.PENDING)


def test_pending_member_cannot_confirm(client, hebei):
    member = member_of(hebei, "hbu-career")
    member.status = CareerCentreStatus.PENDING
    member.save()
    graduate = graduate_of(hebei, "吴同学")
    client.force_login(member.user)

    responses = [
        client.get(reverse("career_centre:graduate_list")),
        client.get(reverse("career_centre:graduate_confirm", args=[graduate.pk])),
        client.post(reverse("career_centre:graduate_confirm_bulk"), {"graduate": [graduate.pk]}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    graduate.refresh_from_db()
    assert graduate.university_confirmed_at is None


def test_bulk_confirm_confirms_own_graduates_and_reports_the_ones_without_student_number(client, hebei, shanxi):
    member = member_of(hebei, "hbu-career")
    first = graduate_of(hebei, "郑同学", student_number="A1")
    second = graduate_of(hebei, "王同学", student_number="A2", approved=True)
    missing = graduate_of(hebei, "冯同学")
    foreign = graduate_of(shanxi, "陈同学", student_number="B1")
    client.force_login(member.user)

    response = client.post(
        reverse("career_centre:graduate_confirm_bulk"),
        {"graduate": [first.pk, second.pk, missing.pk, foreign.pk]},
        follow=True,
    )

    confirmed = set(Graduate.objects.filter(university_confirmed_at__isnull=False).values_list("name", flat=True))
    assert confirmed == {"郑同学", "王同学"}
    assert [str(m) for m in response.context["messages"]] == ["已确认 2 名毕业生。", "冯同学: 请填写学号。"]
    assert Graduate.objects.get(pk=first.pk).status == GraduateStatus.APPROVED
    assert Graduate.objects.get(pk=foreign.pk).status == GraduateStatus.PENDING


def test_graduate_list_shows_only_own_graduates_unconfirmed_first(client, hebei, shanxi):
    member = member_of(hebei, "hbu-career")
    confirmed = graduate_of(hebei, "已确认同学", student_number="1")
    graduate_services.graduate_confirm(
        graduate=confirmed, actor=member.user, student_number="1", degree="bachelor", major="x", graduation_year=2030
    )
    waiting = graduate_of(hebei, "待确认同学")
    graduate_of(shanxi, "外校同学")
    client.force_login(member.user)

    response = client.get(reverse("career_centre:graduate_list"))

    assert [g.pk for g in response.context["page"].object_list] == [waiting.pk, confirmed.pk]
    assert "外校同学" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_graduate_list_query_count_does_not_grow(client, hebei, django_assert_num_queries, count):
    member = member_of(hebei, "hbu-career")
    for n in range(count):
        graduate_of(hebei, f"同学{n}")
    client.force_login(member.user)
    client.get(reverse("career_centre:graduate_list"))  # warm the session

    # session, user (with its membership and university), unread messages, count, graduates (with discipline)
    with django_assert_num_queries(5):
        response = client.get(reverse("career_centre:graduate_list"))

    assert len(response.context["page"].object_list) == count


def test_profile_change_after_confirmation_asks_for_it_again(hebei):
    member = member_of(hebei, "hbu-career")
    graduate = graduate_of(hebei, "何同学", student_number="1")
    graduate_services.graduate_confirm(
        graduate=graduate, actor=member.user, student_number="1", degree="bachelor", major="x", graduation_year=2030
    )
    graduate.refresh_from_db()

    graduate_services.graduate_update_profile(graduate=graduate, actor=graduate.user, profile={"mobile": "13800138009"})
    unchanged = Graduate.objects.get(pk=graduate.pk).university_confirmed_at
    graduate_services.graduate_update_profile(graduate=graduate, actor=graduate.user, profile={"student_number": "2"})

    assert unchanged is not None
    assert Graduate.objects.get(pk=graduate.pk).university_confirmed_at is None


def test_sign_in_lands_a_career_centre_member_on_the_workspace(client, hebei):
    member = member_of(hebei, "hbu-career")
    client.force_login(member.user)

    response = client.get(reverse("landing"))

    assert (response.status_code, response["Location"]) == (302, reverse("career_centre:dashboard"))
