"""A small demo data set for local use and walkthroughs — never for production.

Creates users (employers, graduates, staff of four venues, all with :data:`DEMO_PASSWORD`), approved
and pending employers with published postings, graduates, applications and fair registrations for
the 2020 winter week, plus a labelled demo future week (2027 春季) with registrations, so that
applying to join a fair works in ``make run`` (every 2020 week is over). Objects are created
straight through the ORM with get_or_create on natural keys: the review services are not what is
being demonstrated, and a second run must change nothing (no updated_at bumps, no new password
hashes).
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from employers.enums import EmployerStatus, MemberRole, PostingStatus
from employers.models import Employer, EmployerMember, JobPosting
from employers.search_text import refresh_search_text
from events.enums import FairRegistrationStatus, Season
from events.models import FairRegistration, RecruitmentWeek
from graduates.enums import ApplicationStatus, GraduateStatus
from graduates.models import Application, Graduate
from recruitment_weeks.accounts.models import User
from recruitment_weeks.reference.enums import CompanySize, DegreeLevel, DegreeRequirement, Industry, OwnershipType
from recruitment_weeks.reference.models import Discipline
from recruitment_weeks.reference.validators import uscc_check_character
from universities.enums import UniversityLevel
from universities.models import University
from universities.services import co_built_load
from venues.enums import MembershipRole
from venues.models import Province, Venue, VenueMembership
from venues.services import notice_data_load

DEMO_PASSWORD = "demo-pass-2020"
POSTING_VALID_DAYS = 60


def _uscc(region: str, organisation: str) -> str:
    """A well-formed 统一社会信用代码: 91 (an enterprise registered with market regulation), the
    six-digit region, a nine-character organisation code and the GB 32100-2015 check character."""
    first17 = f"91{region}{organisation}"
    return first17 + uscc_check_character(first17)


# Staff: username → (venue slug, display name).
STAFF: dict[str, tuple[str, str]] = {
    "demo-staff-bj-edu": ("11-education", "北京教育分会场演示工作人员"),
    "demo-staff-bj-hr": ("11-hr", "北京人社分会场演示工作人员"),
    "demo-staff-main-edu": ("main-education", "教育部主会场演示工作人员"),
    "demo-staff-main-hr": ("main-hr", "人社部主会场演示工作人员"),
}

# Employers: username → fields; "postings" are (title, description, requirements, headcount, degree,
# disciplines, salary_min, salary_max). Each is reviewed by the HR branch venue of its province.
EMPLOYERS: dict[str, dict[str, Any]] = {
    "demo-employer-1": {
        "name": "北京云启智能科技有限公司",
        "uscc": _uscc("110108", "MA01XK7A2"),
        "ownership": OwnershipType.PRIVATE,
        "industry": Industry.I,
        "size": CompanySize.MEDIUM,
        "province": "11",
        "city": "北京市",
        "address": "北京市海淀区中关村大街1号",
        "description": "【演示数据】专注于企业智能化软件与推荐系统的高新技术企业。",
        "contact_name": "赵敏",
        "contact_title": "招聘经理",
        "contact_mobile": "13900000001",
        "status": EmployerStatus.APPROVED,
        "postings": [
            (
                "算法工程师",
                "负责推荐与搜索算法的研发与优化，参与大规模机器学习平台建设。",
                "计算机、数学、统计等相关专业硕士及以上学历；熟悉 Python 或 C++；了解常用机器学习算法。",
                3,
                DegreeRequirement.MASTER,
                ["07", "08"],
                18000,
                28000,
            ),
            (
                "软件开发工程师",
                "参与公司 SaaS 产品后端服务的设计、开发与维护。",
                "计算机相关专业本科及以上学历；熟悉 Java 或 Python，了解关系型数据库。",
                5,
                DegreeRequirement.BACHELOR,
                ["08"],
                12000,
                20000,
            ),
        ],
    },
    "demo-employer-2": {
        "name": "上海申城会计师事务所有限公司",
        "uscc": _uscc("310101", "MA1FL3C58"),
        "ownership": OwnershipType.PRIVATE,
        "industry": Industry.L,
        "size": CompanySize.LARGE,
        "province": "31",
        "city": "上海市",
        "address": "上海市黄浦区南京东路100号",
        "description": "【演示数据】提供审计、税务与财务咨询服务的会计师事务所。",
        "contact_name": "钱丽",
        "contact_title": "人力资源主管",
        "contact_mobile": "13900000002",
        "status": EmployerStatus.APPROVED,
        "postings": [
            (
                "会计",
                "负责日常账务处理、凭证审核、纳税申报及财务报表编制。",
                "会计学、财务管理等相关专业本科及以上学历；持有初级会计职称者优先。",
                2,
                DegreeRequirement.BACHELOR,
                ["02", "12"],
                7000,
                10000,
            ),
            (
                "审计助理",
                "协助项目经理执行年报审计、内部控制审计等项目。",
                "会计、审计、金融等相关专业本科及以上学历；细致认真，能适应出差。",
                4,
                DegreeRequirement.BACHELOR,
                ["02", "12"],
                7500,
                11000,
            ),
        ],
    },
    "demo-employer-3": {
        "name": "广州粤海智造电子有限公司",
        "uscc": _uscc("440113", "MA5D2R8K1"),
        "ownership": OwnershipType.JOINT_VENTURE,
        "industry": Industry.C,
        "size": CompanySize.XLARGE,
        "province": "44",
        "city": "广州市",
        "address": "广州市番禺区市桥街道工业路8号",
        "description": "【演示数据】消费电子产品研发与制造企业。",
        "contact_name": "孙强",
        "contact_title": "人事专员",
        "contact_mobile": "13900000003",
        "status": EmployerStatus.APPROVED,
        "postings": [
            (
                "销售代表",
                "负责华南区域客户开发与维护，完成销售目标。",
                "专业不限，本科及以上学历；沟通能力强，能适应出差。",
                6,
                DegreeRequirement.BACHELOR,
                ["02", "12"],
                6000,
                12000,
            ),
            (
                "电子工艺工程师",
                "负责 SMT 生产线工艺改进与良率提升。",
                "电子信息、自动化等相关专业本科及以上学历。",
                2,
                DegreeRequirement.BACHELOR,
                ["08"],
                8000,
                13000,
            ),
            (
                "行政助理",
                "负责办公室日常行政事务、会议安排与文件归档。",
                "专科及以上学历；熟练使用办公软件。",
                1,
                DegreeRequirement.JUNIOR_COLLEGE,
                ["05", "12"],
                5000,
                7000,
            ),
        ],
    },
    "demo-employer-4": {
        "name": "四川蜀安建设工程集团有限公司",
        "uscc": _uscc("510104", "MA6C9T4W7"),
        "ownership": OwnershipType.STATE_OWNED,
        "industry": Industry.E,
        "size": CompanySize.HUGE,
        "province": "51",
        "city": "成都市",
        "address": "成都市锦江区红星路三段18号",
        "description": "【演示数据】从事房屋建筑与市政工程施工的国有企业。",
        "contact_name": "李刚",
        "contact_title": "人力资源部经理",
        "contact_mobile": "13900000004",
        "status": EmployerStatus.APPROVED,
        "postings": [
            (
                "土木工程师",
                "负责施工现场技术管理、施工方案编制与质量控制。",
                "土木工程等相关专业本科及以上学历。",
                8,
                DegreeRequirement.BACHELOR,
                ["08"],
                7000,
                11000,
            ),
            (
                "工程造价员",
                "负责工程量计算、预结算编制与成本分析。",
                "工程造价、工程管理等相关专业专科及以上学历。",
                2,
                DegreeRequirement.JUNIOR_COLLEGE,
                ["08", "12"],
                6000,
                9000,
            ),
        ],
    },
    # Pending in 北京 so demo-staff-bj-hr has a registration to review.
    "demo-employer-5": {
        "name": "北京京华文创传媒有限公司",
        "uscc": _uscc("110105", "MA7H2N6P3"),
        "ownership": OwnershipType.PRIVATE,
        "industry": Industry.R,
        "size": CompanySize.SMALL,
        "province": "11",
        "city": "北京市",
        "address": "北京市朝阳区建国路88号",
        "description": "【演示数据】文化创意与新媒体内容制作公司。",
        "contact_name": "周婷",
        "contact_title": "行政经理",
        "contact_mobile": "13900000005",
        "status": EmployerStatus.PENDING,
        "postings": [],
    },
}

# The demo graduates' universities (学校标识码 "41" + province + "0" + 院校代码), all 部属, beside the
# fourteen 部省合建 universities every database has (universities/0002_co_built_universities).
UNIVERSITIES: list[dict[str, Any]] = [
    {"name": "北京理工大学", "code": "4111010007", "province": "11", "authority": "工业和信息化部"},
    {"name": "北京师范大学", "code": "4111010027", "province": "11", "authority": "教育部"},
    {"name": "上海财经大学", "code": "4131010272", "province": "31", "authority": "教育部"},
]

# Graduates: username → fields. Each is reviewed by the education branch venue of the university's
# province (the education system reviews graduates); the pending one is in 北京 so demo-staff-bj-edu has one to review.
GRADUATES: dict[str, dict[str, Any]] = {
    "demo-graduate-1": {
        "name": "王晓明",
        "mobile": "13800000001",
        "university": "北京理工大学",
        "university_province": "11",
        "degree": DegreeLevel.MASTER,
        "major": "计算机科学与技术",
        "discipline": "08",
        "preferred_provinces": ["11", "31"],
        "preferred_cities": "北京,上海",
        "preferred_industries": [Industry.I.value],
        "preferred_work": "算法、软件开发",
        "expected_salary": 15000,
        "status": GraduateStatus.APPROVED,
    },
    "demo-graduate-2": {
        "name": "陈思雨",
        "mobile": "13800000002",
        "university": "上海财经大学",
        "university_province": "31",
        "degree": DegreeLevel.BACHELOR,
        "major": "会计学",
        "discipline": "12",
        "preferred_provinces": ["31"],
        "preferred_cities": "上海",
        "preferred_industries": [Industry.J.value, Industry.L.value],
        "preferred_work": "会计、审计",
        "expected_salary": 8000,
        "status": GraduateStatus.APPROVED,
    },
    "demo-graduate-3": {
        "name": "刘洋",
        "mobile": "13800000003",
        "university": "北京师范大学",
        "university_province": "11",
        "degree": DegreeLevel.BACHELOR,
        "major": "汉语言文学",
        "discipline": "05",
        "preferred_provinces": ["11"],
        "preferred_cities": "北京",
        "preferred_industries": [Industry.P.value, Industry.R.value],
        "preferred_work": "编辑、行政",
        "expected_salary": 6000,
        "status": GraduateStatus.PENDING,
    },
}

# (graduate username, employer username, posting title, status)
APPLICATIONS: list[tuple[str, str, str, str]] = [
    ("demo-graduate-1", "demo-employer-1", "算法工程师", ApplicationStatus.SUBMITTED),
    ("demo-graduate-2", "demo-employer-2", "会计", ApplicationStatus.VIEWED),
]

# 2020 winter week: (employer username, venue slug, status, reviewing staff username or None)
FAIR_REGISTRATIONS: list[tuple[str, str, str, str | None]] = [
    ("demo-employer-1", "11-hr", FairRegistrationStatus.PENDING, None),
    ("demo-employer-1", "11-education", FairRegistrationStatus.APPROVED, "demo-staff-bj-edu"),
    ("demo-employer-3", "main-hr", FairRegistrationStatus.APPROVED, "demo-staff-main-hr"),
]

# A future week, clearly labelled as demo data: every 2020 week is over, so without it no employer
# could apply to join a fair in a walkthrough. (year, season) is unique, as for real weeks.
DEMO_WEEK: dict[str, Any] = {
    "year": 2027,
    "season": Season.SPRING,
    "name": "【演示】2027年全国高校毕业生就业网络联盟春季联合招聘周",
    "starts_on": dt.date(2027, 4, 23),
    "ends_on": dt.date(2027, 4, 29),
}
# The demo week: (employer username, venue slug, status, reviewing staff username or None).
# demo-employer-1 is left without one, to try 申请加入招聘会 from its workspace.
DEMO_WEEK_REGISTRATIONS: list[tuple[str, str, str, str | None]] = [
    ("demo-employer-2", "31-hr", FairRegistrationStatus.PENDING, None),
    ("demo-employer-4", "main-hr", FairRegistrationStatus.APPROVED, "demo-staff-main-hr"),
]


@transaction.atomic
def demo_data_load() -> dict[str, int]:
    """Create whatever of the demo data set is missing; return the set's size per kind.

    Ensures the notice's reference data first (it builds on its provinces, venues, week and
    disciplines). Side effects: users with the known password :data:`DEMO_PASSWORD` (reset to it if
    it was changed) — which is why the command refuses to run outside DEBUG unless forced.
    """
    notice_data_load()
    co_built_load()
    now = timezone.now()
    provinces = {p.code: p for p in Province.objects.all()}
    for data in UNIVERSITIES:
        University.objects.get_or_create(
            name=data["name"],
            defaults={
                **data,
                "province": provinces[data["province"]],
                "level": UniversityLevel.UNDERGRADUATE,
                "is_ministry_affiliated": True,
            },
        )
    venues = {v.slug: v for v in Venue.objects.all()}
    disciplines = {d.code: d for d in Discipline.objects.all()}

    staff = {}
    for username, (slug, full_name) in STAFF.items():
        staff[username] = _user(username, first_name=full_name, is_staff=True)
        VenueMembership.objects.get_or_create(
            user=staff[username], venue=venues[slug], defaults={"role": MembershipRole.STAFF}
        )

    employers, postings = {}, {}
    for username, data in EMPLOYERS.items():
        fields = {k: v for k, v in data.items() if k not in ("postings", "province")}
        province = provinces[data["province"]]
        approved = data["status"] == EmployerStatus.APPROVED
        employer, _ = Employer.objects.get_or_create(
            user=_user(username, first_name=data["contact_name"]),
            defaults={
                **fields,
                "province": province,
                "contact_email": f"{username}@example.cn",
                "reviewing_venue": venues[f"{province.code}-hr"],
                "reviewed_at": now if approved else None,
                "reviewed_by": staff["demo-staff-bj-hr"] if approved and province.code == "11" else None,
            },
        )
        EmployerMember.objects.get_or_create(
            user=employer.user, defaults={"employer": employer, "role": MemberRole.ADMINISTRATOR}
        )
        employers[username] = employer
        for title, description, requirements, headcount, degree, codes, low, high in data["postings"]:
            posting, _ = JobPosting.objects.get_or_create(
                employer=employer,
                title=title,
                defaults={
                    "description": description,
                    "requirements": requirements,
                    "headcount": headcount,
                    "province": province,
                    "city": data["city"],
                    "degree_requirement": degree,
                    "salary_min": low,
                    "salary_max": high,
                    "valid_until": timezone.localdate() + dt.timedelta(days=POSTING_VALID_DAYS),
                    "status": PostingStatus.PUBLISHED,
                    "published_at": now,
                },
            )
            posting.disciplines.set([disciplines[code] for code in codes])
            if not posting.search_text:  # as the posting services do on every write
                refresh_search_text(posting=posting)
            postings[username, title] = posting

    graduates = {}
    for username, data in GRADUATES.items():
        fields = {
            k: v for k, v in data.items() if k not in ("university_province", "discipline", "preferred_provinces")
        }
        province = provinces[data["university_province"]]
        approved = data["status"] == GraduateStatus.APPROVED
        graduate, _ = Graduate.objects.get_or_create(
            user=_user(username, first_name=data["name"]),
            defaults={
                **fields,
                "email": f"{username}@example.cn",
                "university_province": province,
                "listed_university": University.objects.filter(name=data["university"]).first(),
                "discipline": disciplines[data["discipline"]],
                "graduation_year": 2020,
                "reviewing_venue": venues[f"{province.code}-education"],
                "reviewed_at": now if approved else None,
                "reviewed_by": staff["demo-staff-bj-edu"] if approved and province.code == "11" else None,
            },
        )
        graduate.preferred_provinces.set([provinces[code] for code in data["preferred_provinces"]])
        graduates[username] = graduate

    for graduate, employer, title, status in APPLICATIONS:
        Application.objects.get_or_create(
            graduate=graduates[graduate],
            posting=postings[employer, title],
            defaults={"status": status, "status_changed_at": now},
        )

    winter = RecruitmentWeek.objects.get(year=2020, season=Season.WINTER)
    demo_week, _ = RecruitmentWeek.objects.get_or_create(
        year=DEMO_WEEK["year"], season=DEMO_WEEK["season"], defaults=DEMO_WEEK
    )
    for week, rows in ((winter, FAIR_REGISTRATIONS), (demo_week, DEMO_WEEK_REGISTRATIONS)):
        for employer, slug, status, reviewer in rows:
            registration, _ = FairRegistration.objects.get_or_create(
                employer=employers[employer],
                week=week,
                venue=venues[slug],
                defaults={
                    "status": status,
                    "reviewed_by": staff[reviewer] if reviewer else None,
                    "reviewed_at": now if reviewer else None,
                },
            )
            registration.postings.set(employers[employer].postings.all())

    return {
        "users": len(STAFF) + len(EMPLOYERS) + len(GRADUATES),
        "memberships": len(STAFF),
        "employers": len(EMPLOYERS),
        "postings": len(postings),
        "graduates": len(GRADUATES),
        "applications": len(APPLICATIONS),
        "fair_registrations": len(FAIR_REGISTRATIONS) + len(DEMO_WEEK_REGISTRATIONS),
        "demo_weeks": 1,
        "universities": len(UNIVERSITIES),
    }


def _user(username: str, *, first_name: str, is_staff: bool = False) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "email": f"{username}@example.cn", "is_staff": is_staff},
    )
    # The command prints DEMO_PASSWORD, so it must be true; check first so a re-run writes no new hash.
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    # The demo addresses count as verified, so the demo's notifications are emailed (to var/mail/).
    if not user.email_is_verified:
        user.email_verified = user.email
        user.save(update_fields=["email_verified"])
    return user
