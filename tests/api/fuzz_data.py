"""A small, realistic data set for the schemathesis run (tests/api/test_fuzz.py): one user per role with
an API token, and the objects their endpoints act on, so that object endpoints are hit with real ids."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from rest_framework.authtoken.models import Token

from conversations.services import conversation_open, message_send
from events.enums import FairRegistrationStatus
from graduates.models import Graduate
from invitations.models import Invitation
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    EmployerMemberFactory,
    FairRegistrationFactory,
    PostingFactory,
    UserFactory,
    WeekFactory,
)
from tests.factories.fairs import BookingFactory, ParticipationFactory, SessionFactory, SlotFactory, SpecialFairFactory
from tests.factories.graduates import SavedPostingFactory, SavedSearchFactory, beijing_graduate
from tests.factories.staff import SiteLinkReportFactory, staff_user
from tests.factories.universities import CareerCentreMemberFactory, UniversityFactory
from tests.support.second_factor import enrol
from universities.models import UniversityNotice
from venues.models import Province, Venue

ROLES = [
    "anonymous",
    "approved_graduate",
    "pending_graduate",
    "approved_employer",
    "provincial_staff",
    "main_venue_staff",
    "superuser",
    "career_centre",
]


SLOTS = 5  # path parameters are generated as slots 0…4, mapped to the ids below


@dataclass
class FuzzWorld:
    tokens: dict[str, str]  # role → token key (no entry for anonymous)
    ids: dict[str, list[int]] = field(default_factory=dict)  # path prefix → ids worth hitting
    slugs: list[str] = field(default_factory=list)

    def path_value(self, path: str, name: str, slot: int) -> int | str:
        """The real id (or slug) that slot ``slot`` of ``path``'s parameter ``name`` stands for; the
        last of each list names nothing."""
        if name == "slug":
            values = self.slugs
        else:
            values = next(ids for prefix, ids in self.ids.items() if path.startswith(prefix))
        return values[slot % len(values)]


def build_world() -> FuzzWorld:
    beijing = Province.objects.get(code="11")
    hr, edu = Venue.objects.get(slug="11-hr"), Venue.objects.get(slug="11-education")
    week = WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23))

    employer = EmployerFactory(
        user=UserFactory(username="fuzz-employer"), name="北京模糊测试科技有限公司", province=beijing,
        reviewing_venue=hr, approved=True,
    )  # fmt: skip
    pending_employer = EmployerFactory(name="北京待审单位", province=beijing, reviewing_venue=hr)
    suspended_employer = EmployerFactory(name="北京暂停单位", province=beijing, reviewing_venue=hr, status="suspended",
                                         status_reason="虚假招聘")  # fmt: skip
    published = PostingFactory(employer=employer, title="Python 后端工程师", city="北京", published=True)
    other_published = PostingFactory(employer=employer, title="会计", city="北京", published=True)
    draft = PostingFactory(employer=employer, title="草稿职位")
    foreign = PostingFactory(title="外省职位", published=True)  # another employer's

    graduate = beijing_graduate(user=UserFactory(username="fuzz-graduate"), name="王同学", approved=True)
    pending_graduate = beijing_graduate(user=UserFactory(username="fuzz-pending"), name="赵同学")
    applicant = beijing_graduate(name="钱同学", approved=True)
    application = ApplicationFactory(graduate=graduate, posting=published)
    received = ApplicationFactory(graduate=applicant, posting=other_published)
    saved_posting = SavedPostingFactory(graduate=graduate, posting=other_published)
    saved_search = SavedSearchFactory(graduate=graduate, name="会计", params={"q": "会计"}, key="q=会计")

    pending_fair = FairRegistrationFactory(employer=employer, week=week, venue=hr)
    pending_fair.postings.add(published)
    approved_fair = FairRegistrationFactory(
        employer=employer, week=week, venue=Venue.objects.get(slug="main-hr"),
        status=FairRegistrationStatus.APPROVED, reviewed_at=timezone.now(),
    )  # fmt: skip
    SiteLinkReportFactory(venue=hr, week=week, site_name="北京人才网招聘周专区")
    special_fair = SpecialFairFactory(week=week, venue=hr, title="北京信息技术专场")
    draft_fair = SpecialFairFactory(week=week, venue=hr, status="draft")
    ParticipationFactory(special_fair=special_fair, employer=employer)
    info = SessionFactory(employer=employer, week=week, venue=hr, special_fair=special_fair, capacity=2)
    one_to_one = SlotFactory(
        session__employer=employer, session__week=week, session__venue=hr, session__special_fair=special_fair,
        session__starts_at=info.ends_at,
    ).session  # fmt: skip
    booking = BookingFactory(session=info, graduate=graduate)
    # The employer's invitations: one open to the graduate, one the applicant already declined.
    invitation = Invitation.objects.create(
        employer=employer, posting=other_published, graduate=graduate, message="欢迎"
    )
    declined = Invitation.objects.create(employer=employer, posting=published, graduate=applicant, status="declined")
    pending_session = SessionFactory(
        employer=employer, week=week, venue=hr, special_fair=special_fair, status="pending",
        starts_at=one_to_one.ends_at,
    )  # fmt: skip
    pending_participation = ParticipationFactory(
        special_fair=special_fair, employer=pending_employer, status=FairRegistrationStatus.PENDING
    )

    # 北京 graduates of a listed university whose career centre is on the portal, and a notice to it.
    university = UniversityFactory(name="北京模糊测试大学", province=beijing)
    Graduate.objects.filter(pk__in=[graduate.pk, pending_graduate.pk]).update(
        listed_university=university, student_number="F2030001"
    )
    career_centre = CareerCentreMemberFactory(
        user=UserFactory(username="fuzz-career"), university=university, reviewing_venue=edu
    )
    notice = UniversityNotice.objects.create(venue=edu, title="北京致高校通知", body="请签收。")
    foreign_notice = UniversityNotice.objects.create(
        venue=Venue.objects.get(slug="31-education"), title="上海致高校通知", body="外省通知"
    )

    # A recruiter on the employer's team; another employer's member names nothing to the employer.
    recruiter = EmployerMemberFactory(employer=employer, user=UserFactory(username="fuzz-recruiter"))
    foreign_member = EmployerMemberFactory(user=UserFactory(username="fuzz-foreign-member"))
    users = {
        "career_centre": career_centre.user,
        "approved_graduate": graduate.user,
        "pending_graduate": pending_graduate.user,
        "approved_employer": employer.user,
        "provincial_staff": staff_user("fuzz-staff-bj", hr, edu),
        "main_venue_staff": staff_user("fuzz-staff-main", Venue.objects.get(slug="main-hr")),
        "superuser": UserFactory(username="fuzz-root", is_staff=True, is_superuser=True),
    }
    for role in ("provincial_staff", "main_venue_staff", "superuser"):
        enrol(users[role])  # staff tokens come past the second factor (the token endpoint asks for it)
    tokens = {role: Token.objects.create(user=user).key for role, user in users.items()}
    # A conversation of each party, and one the graduate is no party of (another applicant's).
    conversation = conversation_open(application=application, actor=graduate.user)
    message_send(conversation=conversation, sender=employer.user, body="请确认面试时间。")
    foreign_conversation = conversation_open(application=received, actor=employer.user)
    missing = 10**9  # an id that names nothing: the 404 path
    postings = [published.pk, other_published.pk, draft.pk, foreign.pk, missing]
    registrations = [pending_fair.pk, approved_fair.pk, missing]
    applications = [application.pk, received.pk, missing]
    return FuzzWorld(
        tokens=tokens,
        ids={
            "/api/v1/weeks/": [week.pk, missing],
            "/api/v1/jobs/": postings,
            "/api/v1/employer/postings/": postings,
            "/api/v1/employer/fair-registrations/": registrations,
            "/api/v1/fair-registrations/": registrations,
            "/api/v1/employer/applications/": applications,
            "/api/v1/employer/team/": [recruiter.pk, foreign_member.pk, missing],
            "/api/v1/applications/": applications,
            "/api/v1/employers/": [employer.pk, pending_employer.pk, suspended_employer.pk, missing],
            "/api/v1/saved-postings/": [saved_posting.posting_id, published.pk, missing],
            "/api/v1/saved-searches/": [saved_search.pk, missing],
            "/api/v1/career-centre/graduates/": [graduate.pk, pending_graduate.pk, applicant.pk, missing],
            "/api/v1/career-centre/notices/": [notice.pk, foreign_notice.pk, missing],
            "/api/v1/special-fairs/": [special_fair.pk, draft_fair.pk, missing],
            "/api/v1/sessions/": [info.pk, one_to_one.pk, missing],
            "/api/v1/graduate/bookings/": [booking.pk, missing],
            "/api/v1/conversations/": [conversation.pk, foreign_conversation.pk, missing],
            "/api/v1/invitations/": [invitation.pk, declined.pk, missing],
            "/api/v1/employer/sessions/": [info.pk, pending_session.pk, missing],
            "/api/v1/staff/sessions/": [pending_session.pk, info.pk, missing],
            "/api/v1/staff/special-fair-participations/": [pending_participation.pk, missing],
        },
        slugs=["11-hr", "main-education", "no-such-venue"],
    )


# --- Hypothesis strategies for input that cannot be stored (tests/api/test_bad_input.py) ------------------

UNREADABLE = ["\x00", "\ud800", "\udfff", "\udbff", "\udc00"]
"""A NUL, and lone UTF-16 surrogates at both ends of the high and low ranges."""


def unreadable_text():
    """Strings holding at least one NUL or lone surrogate, anywhere, amid ordinary text."""
    from hypothesis import strategies as st

    bad = st.sampled_from(UNREADABLE) | st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
    ordinary = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8)
    return st.builds(lambda before, char, after: before + char + after, ordinary, bad, ordinary)


def deeply_nested_json(min_depth: int):
    """JSON text nesting arrays or objects ``min_depth``…100,000 levels deep."""
    from hypothesis import strategies as st

    def nest(depth: int, opener: str) -> str:
        if opener == "[":
            return "[" * depth + "]" * depth
        return '{"a":' * depth + "1" + "}" * depth

    return st.builds(nest, st.integers(min_depth, 100_000), st.sampled_from(["[", "{"]))
