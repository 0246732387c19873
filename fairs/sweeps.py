"""Scheduled sweeps over database state, in batches (recruitment_weeks.sweeps: beat runs a
dispatcher task that publishes one batch task per id range, which any number of workers share).
Each batch is idempotent: it decides from the rows and the dispatcher's time what is due, and every
notification it writes has a dedupe key naming the occasion, so running a batch twice (beat fired
twice, a task redelivered after its worker died) sends nothing twice. Nothing is scheduled days
ahead with eta/countdown (a long-ETA task in Redis is redelivered): beat runs these every few minutes.

All windows are bounded so that a first run on an old database (the 2020 weeks) sends nothing stale.
"""

import datetime as dt
import logging
from collections.abc import Iterator

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from employers.models import JobPosting
from employers.selectors import team_recipients
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from graduates.models import Application
from recruitment_weeks import sweeps
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.services import NewNotification, notify_if_new, notify_many
from recruitment_weeks.workflow import review_decision
from venues.models import Venue
from venues.permissions import venue_of
from venues.selectors import staff_by_venue

from .enums import FairAction

logger = logging.getLogger(__name__)

CLOSING_WINDOW = dt.timedelta(days=2)  # a week's closing work is done within two days of its end


OPENING_BATCH_TASK = "fairs.task_week_opening_batch"
CLOSING_BATCH_TASK = "fairs.task_week_closing_batch"


def _open_weeks(now: dt.datetime) -> list[RecruitmentWeek]:
    return [week for week in RecruitmentWeek.objects.order_by("pk") if week.opens_at <= now < week.closes_at]


def _closing_weeks(now: dt.datetime) -> list[RecruitmentWeek]:
    weeks = RecruitmentWeek.objects.order_by("pk")
    return [week for week in weeks if week.closes_at <= now <= week.closes_at + CLOSING_WINDOW]


def week_opening_batches(*, now: dt.datetime) -> Iterator[dict]:
    for week in _open_weeks(now):
        approved = FairRegistration.objects.filter(week=week, status=FairRegistrationStatus.APPROVED)
        for after, upto in sweeps.id_ranges(approved):
            yield {"week_id": week.pk, "after": after, "upto": upto}


@transaction.atomic
def week_opening_batch(*, week_id: int, after: int, upto: int | None) -> int:
    """Tell each approved fair participant of the range, once, that the week has begun."""
    week = RecruitmentWeek.objects.get(pk=week_id)
    registrations = sweeps.in_range(
        FairRegistration.objects.filter(week=week, status=FairRegistrationStatus.APPROVED), after, upto
    ).values_list("pk", "employer__user_id", "employer__name", "venue__name")
    new = [
        NewNotification(
            recipient_id=user_id,
            kind=NotificationKind.WEEK_OPENING,
            payload={"week_name": week.name, "venue_name": venue_name, "employer_name": employer_name},
            dedupe_key=f"week-opening:{week.pk}:{pk}",
        )
        for pk, user_id, employer_name, venue_name in registrations.order_by("pk")
    ]
    return len(notify_many(new))


def week_opening_notify(*, now: dt.datetime | None = None) -> int:
    """While a week is open: tell each approved fair participant once that it has begun."""
    sent = sweeps.run_here(week_opening_batch, week_opening_batches(now=now or timezone.now()))
    logger.info("week opening notices: %d sent", sent)
    return sent


def week_closing_batches(*, now: dt.datetime) -> Iterator[dict]:
    """After a week ends: its still-pending registrations by id ranges, then its venues by id ranges."""
    for week in _closing_weeks(now):
        pending = FairRegistration.objects.filter(week=week, status=FairRegistrationStatus.PENDING)
        for after, upto in sweeps.id_ranges(pending):
            yield {"part": "close", "week_id": week.pk, "after": after, "upto": upto}
        for after, upto in sweeps.id_ranges(Venue.objects.all()):
            yield {"part": "summaries", "week_id": week.pk, "after": after, "upto": upto}


@transaction.atomic
def week_closing_batch(*, part: str, week_id: int, after: int, upto: int | None) -> dict[str, int]:
    """``part`` "close": close the week's still-pending fair registrations of the range (each employer
    told why; a closed one leaves the filter, so a second run finds nothing). "summaries": send each
    venue of the range's staff the week's summary (keyed per week, venue and user)."""
    week = RecruitmentWeek.objects.get(pk=week_id)
    if part == "summaries":
        return {"closed": 0, "summaries": _week_summaries(week, after=after, upto=upto)}
    closed = 0
    pending = FairRegistration.objects.select_for_update(of=("self",)).filter(
        week=week, status=FairRegistrationStatus.PENDING
    )
    for registration in sweeps.in_range(pending, after, upto).select_related("employer__user", "venue").order_by("pk"):
        review_decision(
            registration,
            move=FairRegistrationStatus.moves["closed"],
            actor=None,
            action=FairAction.CLOSED,
            venue=venue_of(registration),
            reason="招聘周已结束，未审核的报名自动关闭。",
            recipient=team_recipients(employer=registration.employer, administrators_only=True),
            kind=NotificationKind.FAIR_REGISTRATION_CLOSED,
            payload={"week_name": week.name, "venue_name": registration.venue.name},
        )
        closed += 1
    return {"closed": closed, "summaries": 0}


def week_closing_process(*, now: dt.datetime | None = None) -> dict[str, int]:
    """After a week ends: close its still-pending fair registrations (each employer told why) and send
    each venue's staff the week's summary."""
    result = sweeps.run_here(week_closing_batch, week_closing_batches(now=now or timezone.now()))
    result = result or {"closed": 0, "summaries": 0}
    logger.info("week closing: %(closed)d registrations closed, %(summaries)d summaries sent", result)
    return result


def _week_summaries(week: RecruitmentWeek, *, after: int, upto: int | None) -> int:
    approved = FairRegistrationStatus.APPROVED
    rows = sweeps.in_range(Venue.objects.all(), after, upto).annotate(
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
