"""factory_boy factories with no surprises: every object is valid and nothing is created that a
test did not ask for, except the required parents."""

import datetime as dt

import factory
from django.utils import timezone

from employers.enums import EmployerStatus, MemberRole, PostingStatus
from employers.models import Employer, EmployerMember, JobPosting
from employers.search_text import refresh_search_text
from events.enums import Season
from events.models import FairRegistration, RecruitmentWeek
from graduates.enums import GraduateStatus
from graduates.models import Application, Graduate
from recruitment_weeks.accounts.models import User
from recruitment_weeks.reference.enums import DegreeLevel, DegreeRequirement, Industry, OwnershipType
from recruitment_weeks.reference.models import Discipline
from recruitment_weeks.reference.validators import uscc_check_character
from venues.enums import ProvinceKind, System, VenueKind
from venues.models import Province, Venue, VenueMembership


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.cn")
    email_verified = factory.LazyAttribute(lambda o: o.email)  # proved, as most accounts' are
    password = factory.django.Password("correct-horse-battery-9")


class ProvinceFactory(factory.django.DjangoModelFactory):
    """Uses codes 80+ so it never collides with the seeded GB/T 2260 units."""

    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{80 + n % 20}")
    name = factory.Sequence(lambda n: f"测试省{n}")
    short_name = factory.Sequence(lambda n: f"测{n}")
    name_en = factory.Sequence(lambda n: f"Test Province {n}")
    kind = ProvinceKind.PROVINCE


class MainVenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ("kind", "system")

    kind = VenueKind.MAIN
    system = System.HR
    slug = factory.LazyAttribute(lambda o: f"main-{o.system}")
    name = factory.LazyAttribute(lambda o: f"{o.system}主会场")
    department = "主管部门"


class BranchVenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    kind = VenueKind.BRANCH
    system = System.HR
    province = factory.SubFactory(ProvinceFactory)
    parent = factory.LazyAttribute(lambda o: MainVenueFactory(system=o.system))
    slug = factory.LazyAttribute(lambda o: f"{o.province.code}-{o.system}")
    name = factory.LazyAttribute(lambda o: f"{o.province.name}{'教育' if o.system == 'education' else '人社'}分会场")
    department = factory.LazyAttribute(lambda o: f"{o.province.name}主管部门")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VenueMembership

    user = factory.SubFactory(UserFactory, is_staff=True)
    venue = factory.SubFactory(BranchVenueFactory)


class WeekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruitmentWeek
        django_get_or_create = ("year", "season")

    year = 2030
    season = Season.SPRING
    name = factory.LazyAttribute(lambda o: f"{o.year}年测试招聘周（{o.season}）")
    starts_on = dt.date(2030, 4, 23)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=6))


def make_uscc(n: int) -> str:
    first17 = f"91110000{n:09d}"
    return first17 + uscc_check_character(first17)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        skip_postgeneration_save = True  # the administrator hook writes its own row

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"测试科技有限公司{n}")
    uscc = factory.Sequence(make_uscc)
    ownership = OwnershipType.PRIVATE
    industry = Industry.I
    province = factory.SubFactory(ProvinceFactory)
    city = "测试市"
    address = "测试路1号"
    contact_name = "张三"
    contact_title = "人事经理"
    contact_mobile = "13912345678"
    contact_email = factory.LazyAttribute(lambda o: f"hr{o.uscc[-4:]}@example.cn")
    reviewing_venue = factory.LazyAttribute(lambda o: BranchVenueFactory(province=o.province, system=System.HR))
    status = EmployerStatus.PENDING

    class Params:
        approved = factory.Trait(status=EmployerStatus.APPROVED, reviewed_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def administrator(obj, create, extracted, **kwargs):
        # As employer_register does: the registering account is the team's first administrator.
        if create:
            EmployerMember.objects.get_or_create(
                user=obj.user, defaults={"employer": obj, "role": MemberRole.ADMINISTRATOR}
            )


class EmployerMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerMember

    employer = factory.SubFactory(EmployerFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.RECRUITER


def discipline(code: str = "08") -> Discipline:
    names = {"08": ("工学", "Engineering"), "12": ("管理学", "Management"), "02": ("经济学", "Economics")}
    name, name_en = names.get(code, (f"学科{code}", f"Discipline {code}"))
    return Discipline.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})[0]


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobPosting
        skip_postgeneration_save = True  # the index hook saves its own column

    employer = factory.SubFactory(EmployerFactory, approved=True)
    title = factory.Sequence(lambda n: f"软件工程师{n}")
    description = "负责后端开发。"
    requirements = "计算机相关专业。"
    headcount = 2
    province = factory.LazyAttribute(lambda o: o.employer.province)
    city = "测试市"
    degree_requirement = DegreeRequirement.BACHELOR
    salary_min = 6000
    salary_max = 9000
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    status = PostingStatus.DRAFT

    class Params:
        published = factory.Trait(status=PostingStatus.PUBLISHED, published_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        # As the posting services do on every write: keep the search document current.
        if create:
            refresh_search_text(posting=obj)


class GraduateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Graduate

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"李同学{n}")
    mobile = "13800138000"
    email = factory.LazyAttribute(lambda o: o.user.email)
    university = "测试大学"
    university_province = factory.SubFactory(ProvinceFactory)
    degree = DegreeLevel.BACHELOR
    major = "计算机科学与技术"
    discipline = factory.LazyFunction(lambda: discipline("08"))
    graduation_year = 2020
    reviewing_venue = factory.LazyAttribute(
        lambda o: BranchVenueFactory(province=o.university_province, system=System.EDUCATION)
    )
    status = GraduateStatus.PENDING

    class Params:
        approved = factory.Trait(status=GraduateStatus.APPROVED, reviewed_at=factory.LazyFunction(timezone.now))


class FairRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FairRegistration

    employer = factory.SubFactory(EmployerFactory, approved=True)
    week = factory.SubFactory(WeekFactory)
    venue = factory.LazyAttribute(lambda o: o.employer.reviewing_venue)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    graduate = factory.SubFactory(GraduateFactory, approved=True)
    posting = factory.SubFactory(PostingFactory, published=True)
