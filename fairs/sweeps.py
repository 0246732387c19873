"""Scheduled sweeps over database state. Each is idempotent: it decides from the rows and the time
what is due, and every notification it writes has a dedupe key naming the occasion, so running a
sweep twice (beat fired twice, a task redelivered) sends nothing twice. Nothing is scheduled days
ahead with eta/countdown (a long-ETA task in Redis is redelivered): beat runs these every few minutes.

All windows are bounded so that a first run on an old database (the 2020 weeks) sends nothing stale.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from employers.models import JobPosting
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from graduates.models import Application
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.services import notify_if_new
from recruitment_weeks.workflow import review_decision
from venues.models import Venue
from venues.permissions import venue_of
from venues.selectors import staff_by_venue

from .enums import FairAction

logger = logging.getLogger(__name__)

CLOSING_WINDOW = dt.timedelta(days=2)  # a week's closing work is done within two days of its end


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
            sent += notify_if_new(
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
                move=FairRegistrationStatus.moves["closed"],
                actor=None,
                action=FairAction.CLOSED,
                venue=venue_of(registration),
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
    staff = staff_by_venue([v.pk for v in rows])
    sent = 0
    for venue in rows:
        for user in staff[venue.pk]:
            sent += notify_if_new(
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
