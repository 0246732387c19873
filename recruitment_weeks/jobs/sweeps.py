"""Scheduled sweeps over database state. Each is idempotent: it decides from the rows and the time
what is due, and every notification it writes has a dedupe key naming the occasion, so running a
sweep twice (beat fired twice, a task redelivered) sends nothing twice. Nothing is scheduled days
ahead with eta/countdown (STYLE.md rule 8): beat runs these every few minutes.

All windows are bounded so that a first run on an old database (the 2020 weeks) sends nothing stale.
"""

import datetime as dt
import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from employers.models import JobPosting
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from graduates.enums import ApplicationStatus
from graduates.models import Application
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import notify_if_new
from recruitment_weeks.workflow import review_decision
from venues.enums import VenueKind
from venues.models import SiteLinkReport, Venue, VenueMembership

logger = logging.getLogger(__name__)

REMINDER_OFFSETS = (dt.timedelta(days=3), dt.timedelta(days=1))  # before the report deadline
MISSING_WINDOW = dt.timedelta(days=7)  # the missing-report list is sent within a week of the deadline
CLOSING_WINDOW = dt.timedelta(days=2)  # a week's closing work is done within two days of its end
APPLICATION_REMIND_AFTER = dt.timedelta(days=3)
APPLICATION_ESCALATE_AFTER = dt.timedelta(days=7)


def _send(*, recipient, kind: str, payload: dict, dedupe_key: str) -> bool:
    """True when this occasion is notified now, False when it was before (a repeated sweep)."""
    return notify_if_new(recipient=recipient, kind=kind, payload=payload, dedupe_key=dedupe_key)


def _local(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def _staff_by_venue(venue_ids) -> dict[int, list]:
    staff: dict[int, list] = defaultdict(list)
    for membership in VenueMembership.objects.filter(venue_id__in=venue_ids, user__is_active=True).select_related(
        "user"
    ):
        staff[membership.venue_id].append(membership.user)
    return staff


@transaction.atomic
def report_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the staff of branch venues that have not reported their site link for a week, three days
    and one day before the deadline (only the latest reminder that is due, if beat was down)."""
    now = now or timezone.now()
    sent = 0
    for week in RecruitmentWeek.objects.all():
        deadline = week.report_deadline
        if not deadline - max(REMINDER_OFFSETS) <= now <= deadline:
            continue
        offset = min(o for o in REMINDER_OFFSETS if deadline - o <= now)
        reported = SiteLinkReport.objects.filter(week=week).values_list("venue_id", flat=True)
        venues = list(Venue.objects.filter(kind=VenueKind.BRANCH).exclude(pk__in=reported))
        staff = _staff_by_venue([v.pk for v in venues])
        for venue in venues:
            for user in staff[venue.pk]:
                sent += _send(
                    recipient=user,
                    kind=NotificationKind.REPORT_REMINDER,
                    payload={"week_name": week.name, "venue_name": venue.name, "deadline": _local(deadline)},
                    dedupe_key=f"report-reminder:{week.pk}:{venue.pk}:{offset.days}d:user:{user.pk}",
                )
    logger.info("report reminders: %d sent", sent)
    return sent


@transaction.atomic
def report_missing_flag(*, now: dt.datetime | None = None) -> int:
    """After a deadline: send each main venue's staff the list of its system's branch venues with no
    report (a report's status — on time, late, missing — is derived; this is the flag people see)."""
    now = now or timezone.now()
    sent = 0
    for week in RecruitmentWeek.objects.all():
        deadline = week.report_deadline
        if not deadline < now <= deadline + MISSING_WINDOW:
            continue
        reported = SiteLinkReport.objects.filter(week=week, reported_at__lte=deadline).values_list(
            "venue_id", flat=True
        )
        missing = defaultdict(list)
        for venue in Venue.objects.filter(kind=VenueKind.BRANCH).exclude(pk__in=reported).order_by("province__code"):
            missing[venue.parent_id].append(venue.name)
        staff = _staff_by_venue(list(missing))
        for main_id, names in missing.items():
            for user in staff[main_id]:
                sent += _send(
                    recipient=user,
                    kind=NotificationKind.REPORT_MISSING,
                    payload={"week_name": week.name, "deadline": _local(deadline), "lines": names},
                    dedupe_key=f"report-missing:{week.pk}:{main_id}:user:{user.pk}",
                )
    logger.info("missing-report lists: %d sent", sent)
    return sent


@transaction.atomic
def week_opening_notify(*, now: dt.datetime | None = None) -> int:
    """While a week is open: tell each approved fair participant once that it has begun."""
    now = now or timezone.now()
    sent = 0
    for week in RecruitmentWeek.objects.all():
        if not week.opens_at <= now < week.closes_at:
            continue
        registrations = (
            FairRegistration.objects.filter(week=week, status=FairRegistrationStatus.APPROVED)
            .select_related("employer__user", "venue")
            .order_by("pk")
        )
        for registration in registrations:
            employer = registration.employer
            sent += _send(
                recipient=employer.user,
                kind=NotificationKind.WEEK_OPENING,
                payload={"week_name": week.name, "venue_name": registration.venue.name, "employer_name": employer.name},
                dedupe_key=f"week-opening:{week.pk}:{registration.pk}",
            )
    logger.info("week opening notices: %d sent", sent)
    return sent


@transaction.atomic
def week_closing_process(*, now: dt.datetime | None = None) -> dict[str, int]:
    """After a week ends: close its still-pending fair registrations (each employer told why) and send
    each venue's staff the week's summary."""
    now = now or timezone.now()
    closed = summaries = 0
    for week in RecruitmentWeek.objects.all():
        if not week.closes_at <= now <= week.closes_at + CLOSING_WINDOW:
            continue
        pending = FairRegistration.objects.select_for_update(of=("self",)).filter(
            week=week, status=FairRegistrationStatus.PENDING
        )
        for registration in pending.select_related("employer__user", "venue"):
            review_decision(
                registration,
                to=FairRegistrationStatus.REJECTED,
                allowed_from=(FairRegistrationStatus.PENDING,),
                actor=None,
                action="events.fairregistration.closed",
                reason="招聘周已结束，未审核的报名自动关闭。",
                recipient=registration.employer.user,
                kind=NotificationKind.FAIR_REGISTRATION_CLOSED,
                payload={"week_name": week.name, "venue_name": registration.venue.name},
            )
            closed += 1
        summaries += _week_summaries(week)
    logger.info("week closing: %d registrations closed, %d summaries sent", closed, summaries)
    return {"closed": closed, "summaries": summaries}


def _week_summaries(week: RecruitmentWeek) -> int:
    approved = FairRegistrationStatus.APPROVED
    rows = Venue.objects.annotate(
        employers=Count(
            "fair_registrations", filter=Q(fair_registrations__week=week, fair_registrations__status=approved)
        ),
        postings=Count(
            "fair_registrations__postings",
            filter=Q(fair_registrations__week=week, fair_registrations__status=approved),
            distinct=True,
        ),
    )
    shown = JobPosting.objects.filter(fair_registrations__week=week, fair_registrations__status=approved)
    applications = dict(
        Application.objects.filter(posting__in=shown, created_at__gte=week.opens_at, created_at__lt=week.closes_at)
        .values("posting__fair_registrations__venue")
        .annotate(n=Count("pk", distinct=True))
        .values_list("posting__fair_registrations__venue", "n")
    )
    staff = _staff_by_venue([v.pk for v in rows])
    sent = 0
    for venue in rows:
        for user in staff[venue.pk]:
            sent += _send(
                recipient=user,
                kind=NotificationKind.WEEK_SUMMARY,
                payload={
                    "week_name": week.name,
                    "venue_name": venue.name,
                    "lines": [
                        f"参会用人单位 {venue.employers} 家",
                        f"展示职位 {venue.postings} 个",
                        f"招聘周期间收到求职申请 {applications.get(venue.pk, 0)} 份",
                    ],
                },
                dedupe_key=f"week-summary:{week.pk}:{venue.pk}:user:{user.pk}",
            )
    return sent


@transaction.atomic
def unanswered_applications_remind(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Applications still "submitted" (untouched by the employer): after 3 days a daily reminder to the
    employer; after 7 days also a daily list to the staff of the employer's reviewing venue."""
    now = now or timezone.now()
    today = timezone.localdate(now).isoformat()
    untouched = (
        Application.objects.filter(
            status=ApplicationStatus.SUBMITTED, status_changed_at__lte=now - APPLICATION_REMIND_AFTER
        )
        .select_related("posting__employer__user", "posting__employer__reviewing_venue")
        .order_by("status_changed_at", "pk")
    )
    by_employer: dict[int, list[Application]] = defaultdict(list)
    for application in untouched:
        by_employer[application.posting.employer_id].append(application)
    reminders = escalations = 0
    overdue_by_venue: dict[int, list[str]] = defaultdict(list)
    for applications in by_employer.values():
        employer = applications[0].posting.employer
        reminders += _send(
            recipient=employer.user,
            kind=NotificationKind.APPLICATION_REMINDER,
            payload={"employer_name": employer.name, "lines": [a.posting.title for a in applications]},
            dedupe_key=f"application-reminder:{employer.pk}:{today}",
        )
        overdue = [a for a in applications if a.status_changed_at <= now - APPLICATION_ESCALATE_AFTER]
        if overdue:
            overdue_by_venue[employer.reviewing_venue_id].append(f"{employer.name}：{len(overdue)}")
    staff = _staff_by_venue(list(overdue_by_venue))
    for venue_id, lines in overdue_by_venue.items():
        for user in staff[venue_id]:
            escalations += _send(
                recipient=user,
                kind=NotificationKind.APPLICATION_OVERDUE,
                payload={"lines": lines},
                dedupe_key=f"application-overdue:{venue_id}:{today}:user:{user.pk}",
            )
    logger.info("unanswered applications: %d reminders, %d escalations", reminders, escalations)
    return {"reminders": reminders, "escalations": escalations}


DIGEST_BATCH = 1000  # graduates per run: beat runs the sweep every few minutes until all are told
DIGEST_POSTINGS = 5
ALERT_POSTINGS = 10


@transaction.atomic
def week_digest_send(*, now: dt.datetime | None = None, batch: int = DIGEST_BATCH) -> int:
    """While a week is open: send each approved graduate, once, the postings recommended for them
    (graduates.matching), in batches so one run stays short at national scale."""
    from django.db.models import CharField, Exists, OuterRef, Value
    from django.db.models.functions import Cast, Concat

    from graduates.enums import GraduateStatus
    from graduates.matching import recommended_postings
    from graduates.models import Graduate

    now = now or timezone.now()
    sent = 0
    for week in RecruitmentWeek.objects.all():
        if not week.opens_at <= now < week.closes_at:
            continue
        prefix = f"week-digest:{week.pk}:graduate:"
        already = Notification.objects.filter(
            recipient_id=OuterRef("user_id"), dedupe_key=Concat(Value(prefix), Cast(OuterRef("pk"), CharField()))
        )
        pending = (
            Graduate.objects.filter(status=GraduateStatus.APPROVED, user__is_active=True)
            .exclude(Exists(already))
            .select_related("user")
            .prefetch_related("preferred_provinces")
            .order_by("pk")[:batch]
        )
        for graduate in pending:
            matches = recommended_postings(graduate=graduate, limit=DIGEST_POSTINGS)
            lines = [f"{m.obj.title} · {m.obj.employer.name}" for m in matches]
            # Graduates with nothing to recommend still get a keyed row (an inbox note), so the batch advances.
            sent += _send(
                recipient=graduate.user,
                kind=NotificationKind.WEEK_DIGEST,
                payload={"week_name": week.name, "lines": lines},
                dedupe_key=f"{prefix}{graduate.pk}",
            )
    logger.info("week digests: %d sent", sent)
    return sent


@transaction.atomic
def saved_search_alerts_send(*, now: dt.datetime | None = None) -> int:
    """Daily: for each saved search, the public postings published since its last alert (or since it
    was saved) that match it now; nothing is sent when there is nothing new."""
    from employers.search import filter_postings
    from employers.selectors import postings_public
    from graduates.models import SavedSearch

    now = now or timezone.now()
    today = timezone.localdate(now).isoformat()
    sent = 0
    searches = SavedSearch.objects.select_related("graduate__user").filter(graduate__user__is_active=True)
    for search in searches.order_by("pk"):
        since = search.last_alerted_at or search.created_at
        new = filter_postings(postings_public().filter(published_at__gt=since, published_at__lte=now), search.params)
        postings = list(new.order_by("-published_at", "-id")[:ALERT_POSTINGS])
        if not postings:
            continue
        sent += _send(
            recipient=search.graduate.user,
            kind=NotificationKind.SAVED_SEARCH_DIGEST,
            payload={"lines": [f"{p.title} · {p.employer.name}" for p in postings], "reason": search.name},
            dedupe_key=f"saved-search:{search.pk}:{today}",
        )
        SavedSearch.objects.filter(pk=search.pk).update(last_alerted_at=now)
    logger.info("saved-search alerts: %d sent", sent)
    return sent
