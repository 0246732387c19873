"""Time-travel tests of every scheduled sweep at its Asia/Shanghai boundaries; a second run sends nothing."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from events.enums import FairRegistrationStatus
from fairs import sweeps as fair_sweeps
from marketplace import sweeps as market_sweeps
from recruitment_weeks.notifications.models import Notification
from tests.factories import (
    ApplicationFactory,
    BranchVenueFactory,
    FairRegistrationFactory,
    MainVenueFactory,
    MembershipFactory,
    PostingFactory,
    ProvinceFactory,
    UserFactory,
    WeekFactory,
)
from venues import sweeps as venue_sweeps
from venues.enums import System
from venues.models import SiteLinkReport, Venue

pytestmark = pytest.mark.django_db
SH = zoneinfo.ZoneInfo("Asia/Shanghai")
SECOND = dt.timedelta(seconds=1)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)


def kinds_for(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", "dedupe_key"))


@pytest.fixture
def week():
    # Report deadline 2030-04-16 23:59:59, opens 2030-04-23 00:00, closes 2030-04-30 00:00 (Shanghai).
    return WeekFactory(year=2030, season="spring", starts_on=dt.date(2030, 4, 23), ends_on=dt.date(2030, 4, 29))


@pytest.fixture
def two_branches():
    late = BranchVenueFactory(province=ProvinceFactory(code="81"), system=System.HR)
    done = BranchVenueFactory(province=ProvinceFactory(code="82"), system=System.HR)
    return late, done, MembershipFactory(venue=late).user, MembershipFactory(venue=done).user


def test_report_reminders_three_days_then_one_day_before_deadline(week, two_branches):
    late, done, late_staff, done_staff = two_branches
    SiteLinkReport.objects.create(
        venue=done, week=week, site_name="s", site_url="https://a.example.cn/", reported_at=at(2030, 4, 10)
    )
    deadline = week.report_deadline
    assert deadline == at(2030, 4, 16, 23, 59, 59)

    assert venue_sweeps.report_reminders_send(now=deadline - dt.timedelta(days=3) - SECOND) == 0
    assert venue_sweeps.report_reminders_send(now=deadline - dt.timedelta(days=3)) == 1
    assert venue_sweeps.report_reminders_send(now=deadline - dt.timedelta(days=3) + dt.timedelta(minutes=10)) == 0
    assert venue_sweeps.report_reminders_send(now=deadline - dt.timedelta(days=1)) == 1
    assert venue_sweeps.report_reminders_send(now=deadline) == 0
    assert venue_sweeps.report_reminders_send(now=deadline + SECOND) == 0

    assert kinds_for(late_staff) == [
        ("report_reminder", f"report-reminder:{week.pk}:{late.pk}:3d:user:{late_staff.pk}"),
        ("report_reminder", f"report-reminder:{week.pk}:{late.pk}:1d:user:{late_staff.pk}"),
    ]
    assert kinds_for(done_staff) == []


def test_report_reminders_after_an_outage_send_only_the_latest_due(week, two_branches):
    late, _, late_staff, _ = two_branches
    assert venue_sweeps.report_reminders_send(now=week.report_deadline - dt.timedelta(hours=5)) == 2  # both unreported
    assert [key for _, key in kinds_for(late_staff)] == [f"report-reminder:{week.pk}:{late.pk}:1d:user:{late_staff.pk}"]


def test_report_missing_list_goes_to_main_venue_staff_after_deadline(week, two_branches):
    late, done, _, _ = two_branches
    SiteLinkReport.objects.create(
        venue=done, week=week, site_name="s", site_url="https://a.example.cn/", reported_at=week.report_deadline
    )  # 23:59:59: on time
    main_staff = MembershipFactory(venue=MainVenueFactory(system=System.HR)).user
    other_system_staff = MembershipFactory(venue=MainVenueFactory(system=System.EDUCATION)).user

    assert venue_sweeps.report_missing_flag(now=week.report_deadline) == 0
    assert venue_sweeps.report_missing_flag(now=week.report_deadline + SECOND) == 2  # one list per system
    assert venue_sweeps.report_missing_flag(now=week.report_deadline + dt.timedelta(hours=1)) == 0

    def unreported(system):  # every branch of the system but the one that reported, by province code
        branches = Venue.objects.filter(kind="branch", system=system).exclude(pk=done.pk)
        return list(branches.order_by("province__code").values_list("name", flat=True))

    notification = Notification.objects.get(recipient=main_staff)
    assert (notification.kind, notification.payload["lines"]) == ("report_missing", unreported(System.HR))
    assert late.name in notification.payload["lines"]
    assert Notification.objects.get(recipient=other_system_staff).payload["lines"] == unreported(System.EDUCATION)


def test_week_opening_notifies_approved_participants_once(week):
    approved = FairRegistrationFactory(week=week, status=FairRegistrationStatus.APPROVED)
    pending = FairRegistrationFactory(week=week)

    assert fair_sweeps.week_opening_notify(now=week.opens_at - SECOND) == 0
    assert fair_sweeps.week_opening_notify(now=week.opens_at) == 1
    assert fair_sweeps.week_opening_notify(now=week.opens_at + dt.timedelta(minutes=10)) == 0
    assert fair_sweeps.week_opening_notify(now=week.closes_at) == 0

    assert kinds_for(approved.employer.user) == [("week_opening", f"week-opening:{week.pk}:{approved.pk}")]
    assert kinds_for(pending.employer.user) == []


def test_week_closing_closes_pending_registrations_and_sends_summaries(week):
    approved = FairRegistrationFactory(week=week, status=FairRegistrationStatus.APPROVED)
    posting = PostingFactory(employer=approved.employer, published=True)
    approved.postings.add(posting)
    ApplicationFactory(posting=posting)
    pending = FairRegistrationFactory(week=week, venue=approved.venue)
    staff = MembershipFactory(venue=approved.venue).user

    with_time = timezone.localtime
    assert with_time(week.closes_at) == at(2030, 4, 30)
    assert fair_sweeps.week_closing_process(now=week.closes_at - SECOND) == {"closed": 0, "summaries": 0}
    assert fair_sweeps.week_closing_process(now=week.closes_at) == {"closed": 1, "summaries": 1}
    assert fair_sweeps.week_closing_process(now=week.closes_at + dt.timedelta(minutes=10)) == {
        "closed": 0,
        "summaries": 0,
    }

    pending.refresh_from_db()
    approved.refresh_from_db()
    assert (pending.status, pending.status_reason) == ("rejected", "招聘周已结束，未审核的报名自动关闭。")
    assert approved.status == "approved"
    assert [k for k, _ in kinds_for(pending.employer.user)] == ["fair_registration_closed"]
    summary = Notification.objects.get(recipient=staff)
    # The application was created "now" (not during 2030's week), so it is not counted.
    assert summary.payload["lines"] == ["参会用人单位 1 家", "展示职位 1 个", "招聘周期间收到求职申请 0 份"]


def test_week_closing_ignores_weeks_ended_long_ago(week):
    FairRegistrationFactory(week=week)
    assert fair_sweeps.week_closing_process(now=week.closes_at + dt.timedelta(days=3)) == {"closed": 0, "summaries": 0}


def test_unanswered_applications_remind_after_3_days_and_escalate_after_7(time_machine):
    submitted_at = at(2030, 5, 1, 10, 0)
    time_machine.move_to(submitted_at, tick=False)
    application = ApplicationFactory()
    employer = application.posting.employer
    venue_staff = MembershipFactory(venue=employer.reviewing_venue).user
    viewed = ApplicationFactory(posting=application.posting, status="viewed")  # answered: never reminded

    three_days = submitted_at + dt.timedelta(days=3)
    assert market_sweeps.unanswered_applications_remind(now=three_days - SECOND) == {
        "reminders": 0,
        "escalations": 0,
    }
    assert market_sweeps.unanswered_applications_remind(now=three_days) == {"reminders": 1, "escalations": 0}
    assert market_sweeps.unanswered_applications_remind(now=three_days + dt.timedelta(minutes=30)) == {
        "reminders": 0,
        "escalations": 0,
    }
    seven_days = submitted_at + dt.timedelta(days=7)
    assert market_sweeps.unanswered_applications_remind(now=seven_days - SECOND) == {
        "reminders": 1,
        "escalations": 0,
    }
    assert market_sweeps.unanswered_applications_remind(now=seven_days) == {"reminders": 0, "escalations": 1}

    assert [k for k, _ in kinds_for(employer.user)] == ["application_reminder", "application_reminder"]
    escalation = Notification.objects.get(recipient=venue_staff)
    assert (escalation.kind, escalation.payload["lines"]) == ("application_overdue", [f"{employer.name}：1"])
    assert viewed.status == "viewed"


def test_unused_user_receives_nothing():
    UserFactory()
    assert venue_sweeps.report_reminders_send() == 0


def test_week_digest_sends_each_approved_graduate_their_recommendations_once(week):
    from tests.factories import GraduateFactory, discipline

    fit = PostingFactory(published=True, title="结构工程师")
    fit.disciplines.add(discipline("08"))
    graduate = GraduateFactory(approved=True)  # discipline 08 (工学)
    pending = GraduateFactory()

    assert market_sweeps.week_digest_send(now=week.opens_at - SECOND) == 0
    assert market_sweeps.week_digest_send(now=week.opens_at) == 1  # the one approved graduate
    assert market_sweeps.week_digest_send(now=week.opens_at + dt.timedelta(minutes=10)) == 0

    digest = Notification.objects.get(recipient=graduate.user, kind="week_digest")
    assert f"结构工程师 · {fit.employer.name}" in digest.payload["lines"]
    assert digest.dedupe_key == f"week-digest:{week.pk}:graduate:{graduate.pk}"
    assert kinds_for(pending.user) == []
    assert market_sweeps.week_digest_send(now=week.closes_at) == 0


def test_saved_search_alert_sends_new_matching_postings_once_a_day(time_machine):
    from graduates.models import SavedSearch
    from tests.factories import GraduateFactory

    time_machine.move_to(at(2030, 5, 1, 8, 0), tick=False)
    graduate = GraduateFactory(approved=True)
    search = SavedSearch.objects.create(graduate=graduate, name="会计岗位", params={"q": "会计"}, key="q=会计")
    time_machine.move_to(at(2030, 5, 1, 12, 0), tick=False)
    match = PostingFactory(published=True, title="总账会计")
    PostingFactory(published=True, title="软件工程师")  # published, but does not match

    assert market_sweeps.saved_search_alerts_send(now=at(2030, 5, 2, 8, 0)) == 1
    assert market_sweeps.saved_search_alerts_send(now=at(2030, 5, 2, 8, 30)) == 0  # nothing new since
    alert = Notification.objects.get(recipient=graduate.user)
    assert (alert.kind, alert.payload["lines"]) == ("saved_search_digest", [f"总账会计 · {match.employer.name}"])
    search.refresh_from_db()
    assert search.last_alerted_at == at(2030, 5, 2, 8, 0)  # the run that sent; the empty one left it


def test_every_beat_sweep_and_its_batch_task_is_registered(settings):
    from conversations import sweeps as conversation_sweeps
    from employers import sweeps as employer_sweeps
    from fairs import reminders as fair_reminders
    from invitations import sweeps as invitation_sweeps
    from recruitment_weeks import celery_app

    celery_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    batches = {
        market_sweeps.DIGEST_BATCH_TASK,
        market_sweeps.UNANSWERED_BATCH_TASK,
        market_sweeps.ALERTS_BATCH_TASK,
        market_sweeps.DECISION_BATCH_TASK,
        "marketplace.task_reply_times_batch",
        fair_sweeps.OPENING_BATCH_TASK,
        fair_sweeps.CLOSING_BATCH_TASK,
        venue_sweeps.REMINDERS_BATCH_TASK,
        venue_sweeps.MISSING_BATCH_TASK,
        employer_sweeps.CLOSE_EXPIRED_BATCH_TASK,
        fair_reminders.BATCH_TASK,
        invitation_sweeps.EXPIRE_BATCH_TASK,
        conversation_sweeps.BATCH_TASK,
        "notifications.task_deliver_notifications",
    }
    assert scheduled | batches <= set(celery_app.tasks)
