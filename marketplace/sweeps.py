"""Scheduled sweeps over database state. Each is idempotent: it decides from the rows and the time
what is due, and every notification it writes has a dedupe key naming the occasion, so running a
sweep twice (beat fired twice, a task redelivered) sends nothing twice. Nothing is scheduled days
ahead with eta/countdown (a long-ETA task in Redis is redelivered): beat runs these every few minutes.

All windows are bounded so that a first run on an old database (the 2020 weeks) sends nothing stale.
"""

import datetime as dt
import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from employers.selectors import postings_public
from events.models import RecruitmentWeek
from graduates.enums import ApplicationStatus, GraduateStatus
from graduates.models import Application, Graduate, SavedSearch
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.keys import week_digest_key, week_digest_key_expression
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import notify_if_new
from venues.selectors import staff_by_venue

from .matching import recommended_postings
from .search import filter_postings

logger = logging.getLogger(__name__)

APPLICATION_REMIND_AFTER = dt.timedelta(days=3)
APPLICATION_ESCALATE_AFTER = dt.timedelta(days=7)


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
        reminders += notify_if_new(
            recipient=employer.user,
            kind=NotificationKind.APPLICATION_REMINDER,
            payload={"employer_name": employer.name, "lines": [a.posting.title for a in applications]},
            dedupe_key=f"application-reminder:{employer.pk}:{today}",
        )
        overdue = [a for a in applications if a.status_changed_at <= now - APPLICATION_ESCALATE_AFTER]
        if overdue:
            overdue_by_venue[employer.reviewing_venue_id].append(f"{employer.name}：{len(overdue)}")
    staff = staff_by_venue(list(overdue_by_venue))
    for venue_id, lines in overdue_by_venue.items():
        for user in staff[venue_id]:
            escalations += notify_if_new(
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
    (marketplace.matching), in batches so one run stays short at national scale."""
    now = now or timezone.now()
    sent = 0
    for week in RecruitmentWeek.objects.all():
        if not week.opens_at <= now < week.closes_at:
            continue
        already = Notification.objects.filter(
            recipient_id=OuterRef("user_id"), dedupe_key=week_digest_key_expression(week.pk, OuterRef("pk"))
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
            sent += notify_if_new(
                recipient=graduate.user,
                kind=NotificationKind.WEEK_DIGEST,
                payload={"week_name": week.name, "lines": lines},
                dedupe_key=week_digest_key(week.pk, graduate.pk),
            )
    logger.info("week digests: %d sent", sent)
    return sent


@transaction.atomic
def saved_search_alerts_send(*, now: dt.datetime | None = None) -> int:
    """Daily: for each saved search, the public postings published since its last alert (or since it
    was saved) that match it now; nothing is sent when there is nothing new."""
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
        sent += notify_if_new(
            recipient=search.graduate.user,
            kind=NotificationKind.SAVED_SEARCH_DIGEST,
            payload={"lines": [f"{p.title} · {p.employer.name}" for p in postings], "reason": search.name},
            dedupe_key=f"saved-search:{search.pk}:{today}",
        )
        SavedSearch.objects.filter(pk=search.pk).update(last_alerted_at=now)
    logger.info("saved-search alerts: %d sent", sent)
    return sent
