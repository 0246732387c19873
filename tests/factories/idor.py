"""The world of the IDOR tests (issue 7): for every kind of object a route can name, an owner and a
second user of the same role, with distinctive data that would show if it leaked.

Everything private belongs to the "a" side: employer A (with a licence file, a draft posting, a
published posting, a fair registration and an application received), graduate A (with a PDF résumé,
the application, a saved posting, a saved search and an inbox entry) and a pending employer reviewed
by A's province. The "b" side (employer B, graduate B, staff of province B, the education main venue)
owns nothing of A's and tries everything.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conversations.models import Attachment, Conversation, Report
from conversations.services import conversation_open, conversation_report, message_send
from employers.models import Employer, EmployerMember, JobPosting
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from fairs.enums import SessionStatus
from fairs.models import Booking, Session, SpecialFair, SpecialFairParticipation
from graduates.models import Application, Graduate, SavedPosting, SavedSearch
from invitations.models import Invitation
from recruitment_weeks.accounts.models import User
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.models import Notification
from tests.factories import (
    ApplicationFactory,
    BranchVenueFactory,
    EmployerFactory,
    EmployerMemberFactory,
    FairRegistrationFactory,
    GraduateFactory,
    MainVenueFactory,
    PostingFactory,
    ProvinceFactory,
    UserFactory,
    WeekFactory,
    discipline,
)
from tests.factories.fairs import BookingFactory, ParticipationFactory, SessionFactory, SpecialFairFactory
from tests.factories.files import pdf_bytes, pdf_upload
from tests.factories.graduates import SavedPostingFactory, SavedSearchFactory
from tests.factories.staff import staff_user
from tests.factories.universities import CareerCentreMemberFactory, UniversityFactory
from universities.models import UniversityNotice
from venues.enums import System
from venues.models import Venue

LICENCE_A = pdf_bytes("IDOR licence of employer A")
# A one-page PDF whose text is distinctive (the résumé validator checks the %PDF- header).
RESUME_A = pdf_bytes("IDOR resume of graduate A")
ATTACHMENT_A = pdf_bytes("IDOR attachment of conversation A")


@dataclass
class IdorWorld:
    week: RecruitmentWeek
    a_hr: Venue
    employer_a: Employer
    employer_pending: Employer  # pending at A's HR venue: the object of the reviewers' routes
    draft_a: JobPosting
    posting_a: JobPosting  # published: public, but its applications and matches are not
    graduate_a: Graduate
    application_a: Application
    saved_posting_a: SavedPosting
    saved_search_a: SavedSearch
    fair_a: FairRegistration
    notification_a: Notification
    notice_b: UniversityNotice  # sent by B's education venue: reaches B's universities only
    special_fair_a: SpecialFair  # published: public
    session_a: Session  # employer A's 宣讲会 in it
    booking_a: Booking  # graduate A's booking of that session
    conversation_a: Conversation  # employer A and graduate A about application A
    attachment_a: Attachment  # a PDF graduate A sent in it
    report_a: Report  # graduate A's report of it, in A's HR venue's queue
    invitation_a: Invitation  # employer A's open invitation to graduate A
    session_pending_a: Session  # another of A's sessions, awaiting the review of A's HR venue
    participation_pending_a: SpecialFairParticipation  # the pending employer's application to join the 专场
    member_a: EmployerMember | None = None  # a recruiter on employer A's team
    users: dict[str, User] = field(default_factory=dict)
    # What must never appear in another user's response, per object (strings in bodies, bytes in files).
    secrets: dict[str, list[str]] = field(default_factory=dict)


def idor_world() -> IdorWorld:
    week = WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23))
    province_a = ProvinceFactory(code="81", name="甲省", short_name="甲", name_en="Province A")
    province_b = ProvinceFactory(code="82", name="乙省", short_name="乙", name_en="Province B")
    a_hr = BranchVenueFactory(province=province_a, system=System.HR)
    a_edu = BranchVenueFactory(province=province_a, system=System.EDUCATION)
    b_hr = BranchVenueFactory(province=province_b, system=System.HR)
    b_edu = BranchVenueFactory(province=province_b, system=System.EDUCATION)

    def employer(username: str, name: str, mobile: str, **kw) -> Employer:
        return EmployerFactory(
            user=UserFactory(username=username),
            name=name,
            province=province_a,
            reviewing_venue=a_hr,
            contact_mobile=mobile,
            contact_email=f"{username}@idor.example.cn",
            **kw,
        )

    # Both employers are reviewed by the same venue: the attacker is as close to A as it gets.
    employer_a = employer("idor-employer-a", "IDOR甲单位有限公司", "13711110001", approved=True)
    employer_a.licence.save("licence.pdf", ContentFile(LICENCE_A), save=True)
    employer_b = employer("idor-employer-b", "IDOR乙单位有限公司", "13711110002", approved=True)
    employer_pending = employer(
        "idor-employer-pending", "IDOR待审甲单位", "13711110003", submitted_at=timezone.now() - dt.timedelta(days=1)
    )

    draft_a = PostingFactory(employer=employer_a, title="IDOR甲草稿职位", description="IDOR甲草稿职位描述")
    posting_a = PostingFactory(employer=employer_a, title="IDOR甲公开职位", published=True)
    posting_a.disciplines.set([discipline("08")])  # graduate A's: A is among the posting's matches

    def graduate(username: str, name: str, mobile: str, venue: Venue) -> Graduate:
        return GraduateFactory(
            user=UserFactory(username=username, email=f"{username}@idor.example.cn"),
            name=name,
            mobile=mobile,
            university_province=venue.province,
            reviewing_venue=venue,
            approved=True,
        )

    graduate_a = graduate("idor-graduate-a", "IDOR甲同学", "13722220001", a_edu)
    # Two universities of province A, each with an approved career centre: A's graduate is the first's.
    university_a = UniversityFactory(name="IDOR甲大学", province=province_a)
    university_b = UniversityFactory(name="IDOR乙大学", province=province_a)
    graduate_a.listed_university, graduate_a.university = university_a, university_a.name
    graduate_a.save(update_fields=["listed_university", "university"])
    career_centre_a = CareerCentreMemberFactory(
        user=UserFactory(username="idor-career-a"), university=university_a, reviewing_venue=a_edu
    )
    career_centre_b = CareerCentreMemberFactory(
        user=UserFactory(username="idor-career-b"), university=university_b, reviewing_venue=a_edu
    )
    career_centre_c = CareerCentreMemberFactory(
        user=UserFactory(username="idor-career-c"),
        university=UniversityFactory(name="IDOR丙大学", province=province_b),
        reviewing_venue=b_edu,
    )
    notice_b = UniversityNotice.objects.create(venue=b_edu, title="IDOR乙省致高校通知", body="IDOR乙省通知正文")
    graduate_a.resume_pdf.save("resume.pdf", pdf_upload("r.pdf", RESUME_A), save=True)
    graduate_b = graduate("idor-graduate-b", "IDOR乙同学", "13722220002", a_edu)

    application_a = ApplicationFactory(graduate=graduate_a, posting=posting_a, note="IDOR甲的求职附言")
    saved_posting_a = SavedPostingFactory(graduate=graduate_a, posting=posting_a)
    saved_search_a = SavedSearchFactory(graduate=graduate_a, name="IDOR甲保存的搜索", params={"q": "甲秘"})
    fair_a = FairRegistrationFactory(employer=employer_a, week=week, venue=a_hr)
    fair_a.postings.add(posting_a)
    # A's approved place in the week's national fair: its booth there is a public page.
    FairRegistrationFactory(
        employer=employer_a, week=week, venue=Venue.objects.get(slug="main-hr"), status=FairRegistrationStatus.APPROVED
    ).postings.add(posting_a)
    notification_a = Notification.objects.create(
        recipient=graduate_a.user,
        kind=NotificationKind.GRADUATE_APPROVED,
        payload={},
        dedupe_key="idor-a-1",
    )

    special_fair_a = SpecialFairFactory(week=week, venue=a_hr, title="IDOR甲专场")
    session_a = SessionFactory(
        employer=employer_a, week=week, venue=a_hr, special_fair=special_fair_a, title="IDOR甲宣讲会"
    )
    booking_a = BookingFactory(session=session_a, graduate=graduate_a)
    ParticipationFactory(special_fair=special_fair_a, employer=employer_a)  # A's booth in it is public
    session_pending_a = SessionFactory(
        employer=employer_a,
        week=week,
        venue=a_hr,
        special_fair=special_fair_a,
        title="IDOR甲待审宣讲会",
        meeting_url="https://meeting.example.cn/idor-a-pending",
        status=SessionStatus.PENDING,
    )
    participation_pending_a = ParticipationFactory(
        special_fair=special_fair_a,
        employer=employer_pending,
        on_duty_name="IDOR甲待审专人",
        status=FairRegistrationStatus.PENDING,
    )

    conversation_a = conversation_open(application=application_a, actor=graduate_a.user)
    message_send(conversation=conversation_a, sender=employer_a.user, body="IDOR甲单位的私信内容")
    sent = message_send(
        conversation=conversation_a,
        sender=graduate_a.user,
        body="IDOR甲同学的回复",
        attachment=SimpleUploadedFile("idor.pdf", ATTACHMENT_A, content_type="application/pdf"),
    )
    report_a = conversation_report(conversation=conversation_a, reporter=graduate_a.user, details="IDOR甲的举报说明")

    invitation_a = Invitation.objects.create(
        employer=employer_a, posting=posting_a, graduate=graduate_a, message="IDOR甲单位的邀约附言"
    )

    world = IdorWorld(
        conversation_a=conversation_a,
        attachment_a=sent.attachment,
        report_a=report_a,
        invitation_a=invitation_a,
        special_fair_a=special_fair_a,
        session_a=session_a,
        booking_a=booking_a,
        session_pending_a=session_pending_a,
        participation_pending_a=participation_pending_a,
        week=week,
        a_hr=a_hr,
        employer_a=employer_a,
        employer_pending=employer_pending,
        draft_a=draft_a,
        posting_a=posting_a,
        graduate_a=graduate_a,
        application_a=application_a,
        saved_posting_a=saved_posting_a,
        saved_search_a=saved_search_a,
        fair_a=fair_a,
        notification_a=notification_a,
        notice_b=notice_b,
    )
    world.member_a = EmployerMemberFactory(
        employer=employer_a,
        user__username="idor-member-a",
        user__first_name="IDOR甲招聘专员",
        user__email="idor-a@example.cn",
    )
    world.users = {
        "employer_a": employer_a.user,
        "employer_b": employer_b.user,
        "graduate_a": graduate_a.user,
        "graduate_b": graduate_b.user,
        # Staff of A's HR venue reviews A's employers; staff of province B, of A's education venue
        # and of the education main venue do not.
        "staff_a": staff_user("idor-staff-a", a_hr, a_edu),
        "staff_b": staff_user("idor-staff-b", b_hr, b_edu),
        "staff_a_edu": staff_user("idor-staff-a-edu", a_edu),
        "staff_main_edu": staff_user("idor-staff-main-edu", MainVenueFactory(system=System.EDUCATION)),
        # The career centre of A's graduate's university confirms A; the other university's does not.
        "career_centre_a": career_centre_a.user,
        "career_centre_b": career_centre_b.user,
        "career_centre_c": career_centre_c.user,
    }
    graduate_secrets = [graduate_a.name, graduate_a.mobile, graduate_a.email, application_a.note]
    employer_secrets = [employer_a.name, employer_a.uscc, employer_a.contact_mobile, employer_a.contact_email]
    files = ["IDOR licence of employer A", "IDOR resume of graduate A"]  # the text inside the PDFs
    conversation_secrets = ["IDOR甲单位的私信内容", "IDOR甲同学的回复", graduate_a.name]
    world.secrets = {
        "employer_a": [*employer_secrets, *files],
        "employer_pending": [
            employer_pending.name,
            employer_pending.uscc,
            employer_pending.contact_mobile,
            employer_pending.contact_email,
        ],
        "draft_a": [draft_a.title, draft_a.description],
        "posting_a": graduate_secrets,  # public itself; what must not show is who applied
        "graduate_a": [*graduate_secrets, *files],
        "application_a": graduate_secrets,
        "saved_posting_a": [],
        "saved_search_a": [saved_search_a.name],
        # Which postings A shows at which fair is A's business until the venue approves it.
        "notice_b": [notice_b.title, notice_b.body],
        "fair_a": [*employer_secrets, posting_a.title, f'"id":{fair_a.pk},"week"'],
        # Who booked what: the calendar file's event id names the booking.
        "booking_a": [*graduate_secrets, f"booking-{booking_a.pk}@", f'"id":{booking_a.pk},"session"'],
        "special_fair_a": [],
        "session_a": [graduate_a.name],  # who booked it is the employer's to see
        "conversation_a": conversation_secrets,
        "attachment_a": ["IDOR attachment of conversation A"],
        "report_a": [*conversation_secrets, "IDOR甲的举报说明"],
        # Whom A invited, and what A wrote, is between A and the graduate.
        "invitation_a": [invitation_a.message, graduate_a.name, employer_a.name],
        "session_pending_a": [session_pending_a.title, session_pending_a.meeting_url],
        "participation_pending_a": [participation_pending_a.on_duty_name, employer_pending.name],
        "member_a": ["IDOR甲招聘专员", "idor-a@example.cn"],
    }
    return world
