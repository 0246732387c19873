"""The notice's reference data (data migration + service + command) and the demo data set."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import timezone

from devtools.demo import DEMO_PASSWORD, demo_data_load
from employers.enums import EmployerStatus, PostingStatus
from employers.models import Employer, JobPosting
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from graduates.enums import ApplicationStatus, GraduateStatus
from graduates.models import Application, Graduate
from recruitment_weeks.accounts.models import User
from recruitment_weeks.reference.enums import DISCIPLINES
from recruitment_weeks.reference.models import Discipline
from recruitment_weeks.reference.validators import validate_uscc
from universities.models import University
from venues.models import Organisation, OrganiserContact, Platform, Province, Venue, VenueMembership
from venues.services import notice_data_load

pytestmark = pytest.mark.django_db

NOTICE_MODELS: list[type[models.Model]] = [
    RecruitmentWeek,
    Organisation,
    Platform,
    Province,
    Venue,
    OrganiserContact,
    Discipline,
]
DEMO_MODELS: list[type[models.Model]] = [
    User,
    VenueMembership,
    Employer,
    JobPosting,
    JobPosting.disciplines.through,
    Graduate,
    Graduate.preferred_provinces.through,
    Application,
    FairRegistration,
    FairRegistration.postings.through,
    University,
]
NOTICE_COUNTS = {
    "weeks": 4,
    "organisations": 5,
    "platforms": 5,
    "provinces": 32,
    "venues": 66,
    "contacts": 7,
    "disciplines": 14,
}
GBT_2260_CODES = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
]  # fmt: skip


def snapshot(model_classes: list[type[models.Model]]) -> dict[str, list[dict]]:
    """Every row of every table, in primary-key order: equal snapshots mean nothing changed."""
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in model_classes}


@pytest.fixture
def fast_hasher(settings):
    # The demo loader hashes and checks a dozen passwords; the default PBKDF2 would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- the data migration ----------------------------------------------------------------------------
def test_notice_data_present_after_migrations():
    counts = {
        "weeks": RecruitmentWeek.objects.count(),
        "hosts": Organisation.objects.filter(role="host").count(),
        "undertakers": Organisation.objects.filter(role="undertaker").count(),
        "platforms": Platform.objects.count(),
        "provinces": Province.objects.count(),
        "main_venues": Venue.objects.filter(kind="main").count(),
        "branch_venues": Venue.objects.filter(kind="branch").count(),
        "contacts": OrganiserContact.objects.count(),
        "disciplines": Discipline.objects.count(),
    }

    assert counts == {
        "weeks": 4,
        "hosts": 2,
        "undertakers": 3,
        "platforms": 5,
        "provinces": 32,
        "main_venues": 2,
        "branch_venues": 64,
        "contacts": 7,
        "disciplines": 14,
    }


def test_weeks_match_notice_names_and_dates():
    weeks = list(
        RecruitmentWeek.objects.order_by("starts_on").values_list("year", "season", "name", "starts_on", "ends_on")
    )

    assert weeks == [
        (2020, "spring", "2020年全国高校毕业生就业网络联盟春季联合招聘周", dt.date(2020, 4, 23), dt.date(2020, 4, 29)),
        (2020, "summer", "2020年全国高校毕业生就业网络联盟夏季联合招聘周", dt.date(2020, 6, 20), dt.date(2020, 6, 26)),
        (2020, "autumn", "2020年全国高校毕业生就业网络联盟秋季联合招聘周", dt.date(2020, 9, 19), dt.date(2020, 9, 25)),
        (
            2020,
            "winter",
            "2020年全国高校毕业生就业网络联盟冬季联合招聘周",
            dt.date(2020, 11, 23),
            dt.date(2020, 11, 29),
        ),
    ]


def test_organisations_hosts_and_undertakers_by_system():
    rows = list(Organisation.objects.order_by("role", "position").values_list("role", "name", "system", "name_en"))

    assert rows == [
        ("host", "教育部", "education", "Ministry of Education"),
        ("host", "人力资源社会保障部", "hr", "Ministry of Human Resources and Social Security"),
        (
            "undertaker",
            "全国高等学校学生信息咨询与就业指导中心",
            "education",
            "China Higher Education Student Information and Career Center",
        ),
        ("undertaker", "全国人才流动中心", "hr", "National Talent Exchange Center"),
        ("undertaker", "中国就业培训技术指导中心", "hr", "China Employment Training Technical Instruction Center"),
    ]


def test_platforms_urls_systems_and_precision_flags():
    rows = list(Platform.objects.values_list("name", "url", "system", "runs_precision_platform"))

    assert rows == [
        ("教育部大学生就业网（新职业网）", "https://www.ncss.cn", "education", True),
        ("中国人力资源市场网", "https://chrm.mohrss.gov.cn", "hr", False),
        ("中国就业网", "https://www.chinajob.gov.cn", "hr", False),
        ("中国公共招聘网", "https://www.job.mohrss.gov.cn", "hr", False),
        ("中国国家人才网", "https://www.newjobs.com.cn", "hr", True),
    ]
    assert Platform.objects.filter(name_en="").count() == 0


def test_provinces_gbt_2260_codes_plus_corps_66():
    assert list(Province.objects.values_list("code", flat=True)) == [*GBT_2260_CODES, "66"]
    assert list(Province.objects.filter(code__in=["11", "13", "45", "65", "66"]).values_list(
        "code", "name", "short_name", "name_en", "kind"
    )) == [
        ("11", "北京市", "京", "Beijing", "municipality"),
        ("13", "河北省", "冀", "Hebei", "province"),
        ("45", "广西壮族自治区", "桂", "Guangxi", "autonomous_region"),
        ("65", "新疆维吾尔自治区", "新", "Xinjiang", "autonomous_region"),
        ("66", "新疆生产建设兵团", "兵团", "Xinjiang Production and Construction Corps", "corps"),
    ]  # fmt: skip


def test_provinces_kinds_counted():
    kinds = dict(Province.objects.values_list("kind").annotate(n=models.Count("id")).order_by("kind"))

    assert kinds == {"autonomous_region": 5, "corps": 1, "municipality": 4, "province": 22}


def test_branch_venues_one_per_unit_and_system():
    per_unit = list(
        Province.objects.annotate(
            education=models.Count("venues", filter=models.Q(venues__system="education", venues__kind="branch")),
            hr=models.Count("venues", filter=models.Q(venues__system="hr", venues__kind="branch")),
        )
        .order_by("code")
        .values_list("code", "education", "hr")
    )

    assert per_unit == [(code, 1, 1) for code in [*GBT_2260_CODES, "66"]]


def test_branch_venues_belong_to_main_venue_of_their_system():
    main = {v.system: v for v in Venue.objects.filter(kind="main")}
    branches = list(Venue.objects.filter(kind="branch").select_related("province"))

    assert [(v.slug, v.parent_id) for v in branches] == [
        (f"{v.province.code}-{v.system}", main[v.system].pk) for v in branches
    ]
    assert {v.site_name for v in branches} == {""}
    assert {v.site_url for v in branches} == {""}


def test_branch_venues_named_after_the_notices_departments():
    rows = list(
        Venue.objects.filter(slug__in=["11-education", "11-hr", "13-education", "13-hr", "66-education", "66-hr"])
        .order_by("slug")
        .values_list("slug", "name", "name_en", "department", "province__code")
    )

    assert rows == [
        ("11-education", "北京市教育系统分会场", "Beijing Branch Venue (Education)", "北京市教育委员会", "11"),
        (
            "11-hr",
            "北京市人社系统分会场",
            "Beijing Branch Venue (Human Resources and Social Security)",
            "北京市人力资源和社会保障局",
            "11",
        ),
        ("13-education", "河北省教育系统分会场", "Hebei Branch Venue (Education)", "河北省教育厅", "13"),
        (
            "13-hr",
            "河北省人社系统分会场",
            "Hebei Branch Venue (Human Resources and Social Security)",
            "河北省人力资源和社会保障厅",
            "13",
        ),
        (
            "66-education",
            "新疆生产建设兵团教育系统分会场",
            "Xinjiang Production and Construction Corps Branch Venue (Education)",
            "新疆生产建设兵团教育局",
            "66",
        ),
        (
            "66-hr",
            "新疆生产建设兵团人社系统分会场",
            "Xinjiang Production and Construction Corps Branch Venue (Human Resources and Social Security)",
            "新疆生产建设兵团人力资源和社会保障局",
            "66",
        ),
    ]
    assert Venue.objects.filter(department__endswith="教育委员会").count() == 4


def test_main_venues_run_by_ministries_on_their_platforms():
    rows = list(
        Venue.objects.filter(kind="main")
        .order_by("slug")
        .values_list("slug", "system", "department", "site_name", "site_url", "province", "parent")
    )

    assert rows == [
        ("main-education", "education", "教育部", "教育部大学生就业网（新职业网）", "https://www.ncss.cn", None, None),
        ("main-hr", "hr", "人力资源社会保障部", "中国国家人才网", "https://www.newjobs.com.cn", None, None),
    ]


def test_contacts_as_published_in_order():
    rows = list(OrganiserContact.objects.values_list("position", "system", "unit", "people", "phone", "fax", "email"))

    assert rows == [
        (1, "education", "教育部高校学生司", "蔡炜浩", "17701348448", "", ""),
        (2, "education", "教育部全国高等学校学生信息咨询与就业指导中心", "郝浩", "18533529666", "", ""),
        (3, "education", "教育部大学生就业网", "鲍童", "18513910905", "", "zph@ncss.org.cn"),
        (4, "hr", "人力资源社会保障部就业促进司", "范淼", "010-84202538", "", ""),
        (5, "hr", "人力资源社会保障部人力资源流动管理司", "栾冬", "010-84207247", "", ""),
        (6, "hr", "中国就业培训技术指导中心", "曹璐", "010-84661166", "010-84661160", "jywzbgs@mohrss.gov.cn"),
        (
            7,
            "hr",
            "人力资源社会保障部全国人才流动中心",
            "李志远 杨虹",
            "010-64221170、64225712",
            "010-64229135",
            "one8zero@163.com",
        ),
    ]
    assert OrganiserContact.objects.filter(unit_en="").count() == 0


def test_disciplines_match_catalogue():
    assert list(Discipline.objects.values_list("code", "name", "name_en")) == DISCIPLINES


# --- the service and its command ------------------------------------------------------------------
def test_notice_data_load_after_migration_changes_nothing():
    before = snapshot(NOTICE_MODELS)

    first = notice_data_load()
    after_first = snapshot(NOTICE_MODELS)
    second = notice_data_load()

    assert first == NOTICE_COUNTS
    assert second == first
    assert after_first == before
    assert snapshot(NOTICE_MODELS) == before


def test_notice_data_load_fills_empty_tables():
    # A database flushed by a transactional test, or one that skipped the data migration.
    University.objects.all().delete()  # seeded universities point at the provinces (PROTECT)
    Venue.objects.filter(kind="branch").delete()
    for model in [Venue, Province, RecruitmentWeek, Organisation, Platform, OrganiserContact, Discipline]:
        model.objects.all().delete()

    counts = notice_data_load()

    assert counts == NOTICE_COUNTS
    assert [m.objects.count() for m in NOTICE_MODELS] == [4, 5, 5, 32, 66, 7, 14]


def test_notice_data_load_restores_edited_reference_values():
    week = RecruitmentWeek.objects.get(year=2020, season="spring")
    RecruitmentWeek.objects.filter(pk=week.pk).update(name="改错的名称", ends_on=dt.date(2020, 4, 30))
    Province.objects.filter(code="66").update(short_name="错")

    notice_data_load()

    week.refresh_from_db()
    assert (week.pk, week.name, week.ends_on) == (
        RecruitmentWeek.objects.get(year=2020, season="spring").pk,
        "2020年全国高校毕业生就业网络联盟春季联合招聘周",
        dt.date(2020, 4, 29),
    )
    assert Province.objects.get(code="66").short_name == "兵团"


def test_notice_data_load_keeps_a_branch_venues_reported_site():
    Venue.objects.filter(slug="11-hr").update(site_name="北京人社专区", site_url="https://rsj.beijing.gov.cn/zph")

    notice_data_load()

    venue = Venue.objects.get(slug="11-hr")
    assert (venue.site_name, venue.site_url, venue.name) == (
        "北京人社专区",
        "https://rsj.beijing.gov.cn/zph",
        "北京市人社系统分会场",
    )


def test_load_notice_data_command_prints_counts():
    out = StringIO()

    call_command("load_notice_data", stdout=out)

    assert out.getvalue().splitlines() == [
        "weeks: 4",
        "organisations: 5",
        "platforms: 5",
        "provinces: 32",
        "venues: 66",
        "contacts: 7",
        "disciplines: 14",
        "Notice reference data is up to date.",
    ]


# --- the demo data set ------------------------------------------------------------------------------
def test_demo_data_load_counts(fast_hasher):
    counts = demo_data_load()

    assert counts == {
        "users": 12,
        "memberships": 4,
        "employers": 5,
        "postings": 9,
        "graduates": 3,
        "applications": 2,
        "fair_registrations": 5,
        "demo_weeks": 1,
        "universities": 3,
    }
    assert [m.objects.count() for m in DEMO_MODELS[:4]] == [12, 4, 5, 9]
    assert University.objects.filter(is_ministry_affiliated=True).count() == 3
    assert University.objects.count() == 17
    assert sorted(Graduate.objects.values_list("listed_university__name", flat=True)) == [
        "上海财经大学",
        "北京师范大学",
        "北京理工大学",
    ]
    assert [Graduate.objects.count(), Application.objects.count(), FairRegistration.objects.count()] == [3, 2, 5]
    assert RecruitmentWeek.objects.count() == 5


def test_demo_data_load_twice_changes_nothing(fast_hasher):
    first = demo_data_load()
    before = snapshot(DEMO_MODELS + NOTICE_MODELS)

    second = demo_data_load()

    assert second == first
    assert snapshot(DEMO_MODELS + NOTICE_MODELS) == before


def test_demo_data_load_resets_a_changed_demo_password(fast_hasher):
    demo_data_load()
    user = User.objects.get(username="demo-graduate-1")
    user.set_password("something-else-1")
    user.save()

    demo_data_load()

    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD) is True


def test_demo_data_staff_users_and_venues(fast_hasher):
    demo_data_load()

    staff = list(
        VenueMembership.objects.order_by("user__username").values_list(
            "user__username", "venue__slug", "user__is_staff"
        )
    )
    assert staff == [
        ("demo-staff-bj-edu", "11-education", True),
        ("demo-staff-bj-hr", "11-hr", True),
        ("demo-staff-main-edu", "main-education", True),
        ("demo-staff-main-hr", "main-hr", True),
    ]
    assert [u.check_password(DEMO_PASSWORD) for u in User.objects.order_by("username")] == [True] * 12
    assert User.objects.filter(is_superuser=True).count() == 0
    assert User.objects.filter(is_staff=True).count() == 4


def test_demo_data_employers_valid_and_spread_over_provinces(fast_hasher):
    demo_data_load()

    employers = list(Employer.objects.order_by("user__username").select_related("province", "reviewing_venue"))
    for employer in employers:
        validate_uscc(employer.uscc)
        employer.full_clean()
    assert [(e.user.username, e.province.code, e.reviewing_venue.slug, e.status) for e in employers] == [
        ("demo-employer-1", "11", "11-hr", EmployerStatus.APPROVED),
        ("demo-employer-2", "31", "31-hr", EmployerStatus.APPROVED),
        ("demo-employer-3", "44", "44-hr", EmployerStatus.APPROVED),
        ("demo-employer-4", "51", "51-hr", EmployerStatus.APPROVED),
        ("demo-employer-5", "11", "11-hr", EmployerStatus.PENDING),
    ]
    per_employer = dict(
        Employer.objects.annotate(n=models.Count("postings")).values_list("user__username", "n").order_by()
    )
    assert per_employer == {
        "demo-employer-1": 2,
        "demo-employer-2": 2,
        "demo-employer-3": 3,
        "demo-employer-4": 2,
        "demo-employer-5": 0,
    }


def test_demo_data_postings_published_with_disciplines(fast_hasher):
    demo_data_load()

    postings = list(JobPosting.objects.prefetch_related("disciplines"))
    assert {(p.status, p.valid_until) for p in postings} == {
        (PostingStatus.PUBLISHED, timezone.localdate() + dt.timedelta(days=60))
    }
    assert [p.published_at is not None and p.disciplines.count() > 0 for p in postings] == [True] * 9
    algorithm = JobPosting.objects.get(title="算法工程师")
    assert list(algorithm.disciplines.values_list("code", flat=True)) == ["07", "08"]


def test_demo_data_graduates_reviewed_by_education_branch_of_university_province(fast_hasher):
    demo_data_load()

    rows = list(
        Graduate.objects.order_by("user__username").values_list(
            "user__username", "university_province__code", "reviewing_venue__slug", "status"
        )
    )
    assert rows == [
        ("demo-graduate-1", "11", "11-education", GraduateStatus.APPROVED),
        ("demo-graduate-2", "31", "31-education", GraduateStatus.APPROVED),
        ("demo-graduate-3", "11", "11-education", GraduateStatus.PENDING),
    ]


def test_demo_data_applications_and_winter_fair_registrations(fast_hasher):
    demo_data_load()

    applications = list(
        Application.objects.order_by("graduate__user__username").values_list(
            "graduate__user__username", "posting__title", "status"
        )
    )
    registrations = list(
        FairRegistration.objects.order_by("employer__user__username", "venue__slug").values_list(
            "employer__user__username", "week__season", "week__year", "venue__slug", "status"
        )
    )
    assert applications == [
        ("demo-graduate-1", "算法工程师", ApplicationStatus.SUBMITTED),
        ("demo-graduate-2", "会计", ApplicationStatus.VIEWED),
    ]
    assert registrations == [
        ("demo-employer-1", "winter", 2020, "11-education", FairRegistrationStatus.APPROVED),
        ("demo-employer-1", "winter", 2020, "11-hr", FairRegistrationStatus.PENDING),
        ("demo-employer-2", "spring", 2027, "31-hr", FairRegistrationStatus.PENDING),
        ("demo-employer-3", "winter", 2020, "main-hr", FairRegistrationStatus.APPROVED),
        ("demo-employer-4", "spring", 2027, "main-hr", FairRegistrationStatus.APPROVED),
    ]
    assert FairRegistration.objects.get(venue__slug="main-hr", week__year=2020).postings.count() == 3


def test_demo_data_future_week_is_labelled_and_open_for_registration(fast_hasher):
    demo_data_load()

    week = RecruitmentWeek.objects.get(year=2027, season="spring")
    assert (week.name, week.starts_on, week.ends_on) == (
        "【演示】2027年全国高校毕业生就业网络联盟春季联合招聘周",
        dt.date(2027, 4, 23),
        dt.date(2027, 4, 29),
    )
    assert week.status_at(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)) == "upcoming"


def test_load_demo_data_command_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("load_demo_data", stdout=StringIO())

    assert User.objects.filter(username__startswith="demo-").count() == 0


def test_load_demo_data_command_labels_demo_and_prints_password(settings, fast_hasher):
    settings.DEBUG = True
    out = StringIO()

    call_command("load_demo_data", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "DEMO data loaded (not for production):"
    assert "Demo accounts, all with password demo-pass-2020:" in lines
    assert "  demo-staff-bj-edu  (venue staff, is_staff, member of 11-education)" in lines
    assert Employer.objects.count() == 5
