"""Scheduled sweeps over database state, in batches (recruitment_weeks.sweeps): beat runs a
dispatcher task that publishes one batch task per id range, and any number of workers share them.
Each batch is idempotent: it decides from the rows and the dispatcher's ``now`` what is due, and
every notification it writes has a dedupe key naming the occasion, so running a batch twice (beat
fired twice, a task redelivered after its worker died) sends nothing twice. Nothing is scheduled
days ahead with eta/countdown (a long-ETA task in Redis is redelivered): beat runs these every few
minutes.

All windows are bounded so that a first run on an old database (the 2020 weeks) sends nothing stale.
Each ``*_send`` / ``*_remind`` function runs every batch in the calling process (tests, the shell).
"""

import datetime as dt
import itertools
import logging
from collections.abc import Iterator

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef
from django.utils import timezone

from employers.models import Employer, EmployerMember
from employers.selectors import postings_public
from events.models import RecruitmentWeek
from graduates.enums import ApplicationStatus, GraduateStatus
from graduates.models import Application, Graduate, SavedSearch
from recruitment_weeks import sweeps
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.keys import week_digest_key, week_digest_key_expression
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import NewNotification, notify_if_new, notify_many
from venues.models import Venue
from venues.selectors import staff_by_venue

from .matching import recommended_postings_for_many
from .search import filter_postings

logger = logging.getLogger(__name__)

APPLICATION_REMIND_AFTER = dt.timedelta(days=3)
APPLICATION_ESCALATE_AFTER = dt.timedelta(days=7)
DIGEST_POSTINGS = 5
ALERT_POSTINGS = 10

# A recruitment week lasts seven days: an application left two days without a decision has used a
# good part of it. The clock runs on calendar hours, weekends included, because the weeks do.
DECISION_REMIND_AFTER = dt.timedelta(hours=48)
# Applications older than this are left to the daily reminders and the escalation to the venue.
DECISION_REMIND_WITHIN = dt.timedelta(days=7)

UNANSWERED_BATCH_TASK = "marketplace.task_unanswered_applications_batch"
DECISION_BATCH_TASK = "marketplace.task_decision_reminders_batch"
DIGEST_BATCH_TASK = "marketplace.task_week_digest_batch"
ALERTS_BATCH_TASK = "marketplace.task_saved_search_alerts_batch"


# --- Unanswered applications ---------------------------------------------------------------------------


def _untouched(now: dt.datetime, age: dt.timedelta):
    return Application.objects.filter(status=ApplicationStatus.SUBMITTED, status_changed_at__lte=now - age)


def unanswered_applications_batches(*, now: dt.datetime) -> Iterator[dict]:
    """Reminders by ranges of employers, escalations by ranges of venues."""
    for after, upto in sweeps.id_ranges(Employer.objects.all()):
        yield {"part": "reminders", "after": after, "upto": upto, "now": sweeps.now_arg(now)}
    for after, upto in sweeps.id_ranges(Venue.objects.all()):
        yield {"part": "escalations", "after": after, "upto": upto, "now": sweeps.now_arg(now)}


@transaction.atomic
def unanswered_applications_batch(*, part: str, after: int, upto: int | None, now: str) -> dict[str, int]:
    """Applications still "submitted" (untouched by the employer): after 3 days a daily reminder to the
    employer (``part`` "reminders": employers in the range); after 7 days also a daily list to the
    staff of the employer's reviewing venue ("escalations": venues in the range)."""
    moment = sweeps.now_from(now)
    today = timezone.localdate(moment).isoformat()
    if part == "reminders":
        untouched = _untouched(moment, APPLICATION_REMIND_AFTER)
        rows = (
            sweeps.in_range(untouched, after, upto, field="posting__employer_id")
            .order_by("posting__employer_id", "status_changed_at", "pk")
            .values_list(
                "posting__employer_id", "posting__employer__name", "posting__employer__user_id", "posting__title"
            )
        )
        new = [
            NewNotification(
                recipient_id=first[2],
                kind=NotificationKind.APPLICATION_REMINDER,
                payload={"employer_name": first[1], "lines": [first[3], *(row[3] for row in rest)]},
                dedupe_key=f"application-reminder:{employer_id}:{today}",
            )
            for employer_id, group in itertools.groupby(rows.iterator(), key=lambda row: row[0])
            for first, *rest in [list(group)]
        ]
        return {"reminders": len(notify_many(new)), "escalations": 0}
    venue_field = "posting__employer__reviewing_venue_id"
    overdue = (
        sweeps.in_range(_untouched(moment, APPLICATION_ESCALATE_AFTER), after, upto, field=venue_field)
        .values(venue_field, "posting__employer_id", "posting__employer__name")
        .annotate(n=Count("pk"), first_at=Min("status_changed_at"), first_pk=Min("pk"))
        .order_by(venue_field, "first_at", "first_pk")
    )
    lines_by_venue: dict[int, list[str]] = {}
    for row in overdue:
        lines_by_venue.setdefault(row[venue_field], []).append(f"{row['posting__employer__name']}：{row['n']}")
    staff = staff_by_venue(list(lines_by_venue))
    new = [
        NewNotification(
            recipient_id=user.pk,
            kind=NotificationKind.APPLICATION_OVERDUE,
            payload={"lines": lines},
            dedupe_key=f"application-overdue:{venue_id}:{today}:user:{user.pk}",
        )
        for venue_id, lines in lines_by_venue.items()
        for user in staff[venue_id]
    ]
    return {"reminders": 0, "escalations": len(notify_many(new))}


def unanswered_applications_remind(*, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    result = sweeps.run_here(unanswered_applications_batch, unanswered_applications_batches(now=now))
    result = result or {"reminders": 0, "escalations": 0}
    logger.info("unanswered applications: %(reminders)d reminders, %(escalations)d escalations", result)
    return result


# --- Undecided applications ---------------------------------------------------------------------------


def _awaiting_decision(now: dt.datetime):
    """Submitted or viewed, not answered, not yet reminded, waiting since 48 hours to seven days."""
    return Application.objects.filter(
        status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.VIEWED),
        first_answered_at__isnull=True,
        decision_reminded_at__isnull=True,
        created_at__lte=now - DECISION_REMIND_AFTER,
        created_at__gt=now - DECISION_REMIND_WITHIN,
    )


def decision_reminders_batches(*, now: dt.datetime) -> Iterator[dict]:
    for after, upto in sweeps.id_ranges(Employer.objects.all()):
        yield {"after": after, "upto": upto, "now": sweeps.now_arg(now)}


@transaction.atomic
def decision_reminders_batch(*, after: int, upto: int | None, now: str) -> int:
    """One reminder per application of the range's employers that has waited 48 hours without a
    decision, linking to the application; the application is marked reminded in the same
    transaction (and the dedupe key names it), so it is never reminded twice."""
    moment = sweeps.now_from(now)
    due = sweeps.in_range(_awaiting_decision(moment), after, upto, field="posting__employer_id")
    rows = list(
        due.order_by("pk").values_list(
            "pk",
            "posting__employer_id",
            "posting__employer__user_id",
            "posting__employer__name",
            "posting__title",
            "graduate__name",
        )
    )
    # Every member of the employer's team handles applications: each is reminded (one query for all).
    team: dict[int, list[int]] = {}
    members = EmployerMember.objects.filter(employer_id__in={row[1] for row in rows}).order_by("id")
    for employer_id, user_id in members.values_list("employer_id", "user_id"):
        team.setdefault(employer_id, []).append(user_id)
    new = notify_many(
        [
            NewNotification(
                recipient_id=user_id,
                kind=NotificationKind.APPLICATION_DECISION_REMINDER,
                payload={
                    "application_id": pk,
                    "employer_name": employer_name,
                    "posting_title": title,
                    "graduate_name": graduate_name or "",
                },
                dedupe_key=f"application-decision:{pk}:{user_id}",
            )
            for pk, employer_id, owner_id, employer_name, title, graduate_name in rows
            for user_id in team.get(employer_id) or [owner_id]
        ]
    )
    Application.objects.filter(pk__in=[row[0] for row in rows]).update(decision_reminded_at=moment)
    return len(new)


def decision_reminders_send(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = sweeps.run_here(decision_reminders_batch, decision_reminders_batches(now=now))
    logger.info("undecided applications: %d reminders", sent)
    return sent


# --- The week digest -----------------------------------------------------------------------------------


def _digest_pending(week: RecruitmentWeek):
    already = Notification.objects.filter(
        recipient_id=OuterRef("user_id"), dedupe_key=week_digest_key_expression(week.pk, OuterRef("pk"))
    )
    return Graduate.objects.filter(status=GraduateStatus.APPROVED, user__is_active=True).exclude(Exists(already))


def _open_weeks(now: dt.datetime) -> list[RecruitmentWeek]:
    return [week for week in RecruitmentWeek.objects.order_by("pk") if week.opens_at <= now < week.closes_at]


def week_digest_batches(*, now: dt.datetime) -> Iterator[dict]:
    """While a week is open: ranges of the approved graduates who have not had its digest."""
    for week in _open_weeks(now):
        for after, upto in sweeps.id_ranges(_digest_pending(week)):
            yield {"week_id": week.pk, "after": after, "upto": upto, "now": sweeps.now_arg(now)}


@transaction.atomic
def week_digest_batch(*, week_id: int, after: int, upto: int | None, now: str | None = None) -> int:
    """Send each pending graduate of the range, once, the postings recommended for them
    (marketplace.matching, one query for the whole batch). Graduates with nothing to recommend still
    get a keyed row (an inbox note), so every graduate is told once."""
    week = RecruitmentWeek.objects.filter(pk=week_id).first()
    if week is None:
        return 0
    approved = Graduate.objects.filter(status=GraduateStatus.APPROVED, user__is_active=True)
    graduates = list(
        sweeps.in_range(approved, after, upto)
        .only("pk", "user_id", "discipline_id", "degree", "preferred_cities", "preferred_industries", "expected_salary")
        .order_by("pk")
    )
    # Who has theirs already (a redelivered batch): one lookup of the range's keys.
    keys = {graduate.pk: week_digest_key(week.pk, graduate.pk) for graduate in graduates}
    done = set(Notification.objects.filter(dedupe_key__in=keys.values()).values_list("dedupe_key", flat=True))
    graduates = [graduate for graduate in graduates if keys[graduate.pk] not in done]
    recommended = recommended_postings_for_many(graduates, limit=DIGEST_POSTINGS)
    new = notify_many(
        [
            NewNotification(
                recipient_id=graduate.user_id,
                kind=NotificationKind.WEEK_DIGEST,
                payload={
                    "week_name": week.name,
                    "lines": [f"{line.title} · {line.employer_name}" for line in recommended[graduate.pk]],
                },
                dedupe_key=keys[graduate.pk],
            )
            for graduate in graduates
        ]
    )
    sweeps.test_hold("week_digest")
    return len(new)


def week_digest_send(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = sweeps.run_here(week_digest_batch, week_digest_batches(now=now))
    logger.info("week digests: %d sent", sent)
    return sent


# --- Saved-search alerts -------------------------------------------------------------------------------


def _alerted_searches():
    return SavedSearch.objects.filter(graduate__user__is_active=True)


def saved_search_alerts_batches(*, now: dt.datetime) -> Iterator[dict]:
    for after, upto in sweeps.id_ranges(_alerted_searches()):
        yield {"after": after, "upto": upto, "now": sweeps.now_arg(now)}


@transaction.atomic
def saved_search_alerts_batch(*, after: int, upto: int | None, now: str) -> int:
    """Daily: for each saved search of the range, the public postings published since its last alert
    (or since it was saved) that match it now; nothing is sent when there is nothing new. The alert
    and the search's last_alerted_at are written in the same transaction."""
    moment = sweeps.now_from(now)
    today = timezone.localdate(moment).isoformat()
    sent = 0
    searches = sweeps.in_range(_alerted_searches(), after, upto).select_related("graduate__user").order_by("pk")
    for search in searches:
        since = search.last_alerted_at or search.created_at
        new = filter_postings(postings_public().filter(published_at__gt=since, published_at__lte=moment), search.params)
        postings = list(new.order_by("-published_at", "-id")[:ALERT_POSTINGS])
        if not postings:
            continue
        sent += notify_if_new(
            recipient=search.graduate.user,
            kind=NotificationKind.SAVED_SEARCH_DIGEST,
            payload={"lines": [f"{p.title} · {p.employer.name}" for p in postings], "reason": search.name},
            dedupe_key=f"saved-search:{search.pk}:{today}",
        )
        SavedSearch.objects.filter(pk=search.pk).update(last_alerted_at=moment)
    return sent


def saved_search_alerts_send(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = sweeps.run_here(saved_search_alerts_batch, saved_search_alerts_batches(now=now))
    logger.info("saved-search alerts: %d sent", sent)
    return sent
