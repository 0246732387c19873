"""Factories and a two-province world for the venue staff tests (issue 5).

``two_provinces()`` builds everything that could leak between provinces A and B — employers,
graduates, fair registrations, postings, applications, site-link reports, contact forms and
announcements on both sides — and one user per role.
"""

import datetime as dt
from dataclasses import dataclass, field

import factory
from django.utils import timezone

from employers.models import Employer, JobPosting
from events.models import FairRegistration, RecruitmentWeek
from graduates.models import Application, Graduate
from recruitment_weeks.accounts.models import User
from tests.factories import (
    ApplicationFactory,
    BranchVenueFactory,
    EmployerFactory,
    FairRegistrationFactory,
    GraduateFactory,
    MainVenueFactory,
    PostingFactory,
    ProvinceFactory,
    UserFactory,
    WeekFactory,
)
from venues.enums import System
from venues.models import Announcement, ContactForm, SiteLinkReport, Venue, VenueMembership


class SiteLinkReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteLinkReport

    venue = factory.SubFactory(BranchVenueFactory)
    week = factory.SubFactory(WeekFactory)
    site_name = factory.LazyAttribute(lambda o: f"{o.venue.name}活动专区")
    site_url = factory.LazyAttribute(lambda o: f"https://{o.venue.slug}.example.cn/zhuanqu")
    reported_at = factory.LazyFunction(timezone.now)


class ContactFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactForm

    venue = factory.SubFactory(BranchVenueFactory)
    unit_name = factory.LazyAttribute(lambda o: f"{o.venue.department}就业指导中心")
    site_name = factory.LazyAttribute(lambda o: f"{o.venue.name}就业网")
    site_url = factory.LazyAttribute(lambda o: f"https://{o.venue.slug}.example.cn/")
    leader_name = "王主任"
    leader_title = "主任"
    leader_phone = "010-84202538"
    leader_email = "leader@example.cn"
    contact_name = "李老师"
    contact_title = "科员"
    contact_phone = "13912345678"
    contact_email = "contact@example.cn"
    filled_by_unit = factory.LazyAttribute(lambda o: o.venue.department)
    filled_on = dt.date(2020, 4, 28)


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    venue = factory.SubFactory(BranchVenueFactory)
    title = factory.Sequence(lambda n: f"就业政策公告{n}")
    body = "<p>高校毕业生就业补贴政策。</p>"
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))


def staff_user(username: str, *venues: Venue, **extra) -> User:
    user = UserFactory(username=username, is_staff=True, **extra)
    for venue in venues:
        VenueMembership.objects.get_or_create(user=user, venue=venue)
    return user


@dataclass
class World:
    week: RecruitmentWeek
    a_hr: Venue
    a_edu: Venue
    b_hr: Venue
    b_edu: Venue
    employer_a: Employer  # pending at A's HR venue
    employer_b: Employer
    approved_a: Employer  # approved at A's HR venue, with a published posting and a fair registration
    approved_b: Employer
    graduate_a: Graduate  # pending at A's education venue
    graduate_b: Graduate
    fair_a: FairRegistration  # pending at A's HR venue
    fair_b: FairRegistration
    posting_a: JobPosting
    posting_b: JobPosting
    application_a: Application
    application_b: Application
    report_a: SiteLinkReport
    report_b: SiteLinkReport
    contact_a: ContactForm
    contact_b: ContactForm
    announcement_a: Announcement
    announcement_b: Announcement
    users: dict[str, User | None] = field(default_factory=dict)


ROLES = ["anonymous", "graduate", "employer", "staff_a", "staff_b", "main_edu", "main_hr", "superuser"]


def two_provinces() -> World:
    week = WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23))
    province_a = ProvinceFactory(code="81", name="甲省", short_name="甲", name_en="Province A")
    province_b = ProvinceFactory(code="82", name="乙省", short_name="乙", name_en="Province B")
    venues = {
        (p.code, s): BranchVenueFactory(province=p, system=s)
        for p in (province_a, province_b)
        for s in (System.HR, System.EDUCATION)
    }
    a_hr, a_edu = venues["81", System.HR], venues["81", System.EDUCATION]
    b_hr, b_edu = venues["82", System.HR], venues["82", System.EDUCATION]
    now = timezone.now()

    def employer(name, venue, **kw):
        return EmployerFactory(name=name, province=venue.province, reviewing_venue=venue, **kw)

    employer_a = employer("甲省待审单位", a_hr, submitted_at=now - dt.timedelta(days=2))
    employer_b = employer("乙省待审单位", b_hr, submitted_at=now - dt.timedelta(days=3))
    approved_a = employer("甲省已审单位", a_hr, approved=True)
    approved_b = employer("乙省已审单位", b_hr, approved=True)
    graduate_a = GraduateFactory(name="甲省毕业生", university_province=province_a, reviewing_venue=a_edu)
    graduate_b = GraduateFactory(name="乙省毕业生", university_province=province_b, reviewing_venue=b_edu)
    posting_a = PostingFactory(employer=approved_a, title="甲省职位", published=True)
    posting_b = PostingFactory(employer=approved_b, title="乙省职位", published=True)
    fair_a = FairRegistrationFactory(employer=approved_a, week=week, venue=a_hr)
    fair_b = FairRegistrationFactory(employer=approved_b, week=week, venue=b_hr)
    world = World(
        week=week,
        a_hr=a_hr,
        a_edu=a_edu,
        b_hr=b_hr,
        b_edu=b_edu,
        employer_a=employer_a,
        employer_b=employer_b,
        approved_a=approved_a,
        approved_b=approved_b,
        graduate_a=graduate_a,
        graduate_b=graduate_b,
        fair_a=fair_a,
        fair_b=fair_b,
        posting_a=posting_a,
        posting_b=posting_b,
        application_a=ApplicationFactory(posting=posting_a, graduate=GraduateFactory(
            name="投递人甲", university_province=province_a, reviewing_venue=a_edu, approved=True
        )),
        application_b=ApplicationFactory(posting=posting_b, graduate=GraduateFactory(
            name="投递人乙", university_province=province_b, reviewing_venue=b_edu, approved=True
        )),
        report_a=SiteLinkReportFactory(venue=a_hr, week=week, site_name="甲省人才网专区"),
        report_b=SiteLinkReportFactory(venue=b_hr, week=week, site_name="乙省人才网专区"),
        contact_a=ContactFormFactory(venue=a_hr, unit_name="甲省人才中心"),
        contact_b=ContactFormFactory(venue=b_hr, unit_name="乙省人才中心"),
        announcement_a=AnnouncementFactory(venue=a_hr, title="甲省公告"),
        announcement_b=AnnouncementFactory(venue=b_hr, title="乙省公告"),
    )  # fmt: skip
    world.users = {
        "anonymous": None,
        "graduate": GraduateFactory(
            user=UserFactory(username="role-graduate"),
            name="角色毕业生",
            university_province=province_a,
            reviewing_venue=a_edu,
        ).user,
        "employer": EmployerFactory(
            user=UserFactory(username="role-employer"), name="角色单位", province=province_a, reviewing_venue=a_hr
        ).user,
        "staff_a": staff_user("staff-a", a_hr, a_edu),
        "staff_b": staff_user("staff-b", b_hr, b_edu),
        "main_edu": staff_user("main-edu", MainVenueFactory(system=System.EDUCATION)),
        "main_hr": staff_user("main-hr", MainVenueFactory(system=System.HR)),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    return world
