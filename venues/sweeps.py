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
from collections import defaultdict
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from events.models import RecruitmentWeek
from recruitment_weeks import sweeps
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.services import NewNotification, notify_many

from .enums import VenueKind
from .models import SiteLinkReport, Venue
from .selectors import staff_by_venue

logger = logging.getLogger(__name__)

REMINDER_OFFSETS = (dt.timedelta(days=3), dt.timedelta(days=1))  # before the report deadline
MISSING_WINDOW = dt.timedelta(days=7)  # the missing-report list is sent within a week of the deadline


def _local(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


REMINDERS_BATCH_TASK = "venues.task_report_reminders_batch"
MISSING_BATCH_TASK = "venues.task_report_missing_batch"


def _branches_unreported(week: RecruitmentWeek, **reported_filter):
    reported = SiteLinkReport.objects.filter(week=week, **reported_filter).values("venue_id")
    return Venue.objects.filter(kind=VenueKind.BRANCH).exclude(pk__in=reported)


def _reminder_due(week: RecruitmentWeek, now: dt.datetime) -> dt.timedelta | None:
    """The latest reminder offset that is due (only that one, if beat was down), or None."""
    deadline = week.report_deadline
    if not week.report_deadline_applies or not deadline - max(REMINDER_OFFSETS) <= now <= deadline:
        return None
    return min(o for o in REMINDER_OFFSETS if deadline - o <= now)


def report_reminders_batches(*, now: dt.datetime) -> Iterator[dict]:
    for week in RecruitmentWeek.objects.order_by("pk"):
        if _reminder_due(week, now) is None:
            continue
        for after, upto in sweeps.id_ranges(_branches_unreported(week)):
            yield {"week_id": week.pk, "after": after, "upto": upto, "now": sweeps.now_arg(now)}


@transaction.atomic
def report_reminders_batch(*, week_id: int, after: int, upto: int | None, now: str) -> int:
    """Remind the staff of the range's branch venues that have not reported their site link for a
    week, three days and one day before the deadline."""
    week = RecruitmentWeek.objects.get(pk=week_id)
    offset = _reminder_due(week, sweeps.now_from(now))
    if offset is None:
        return 0
    venues = list(sweeps.in_range(_branches_unreported(week), after, upto).order_by("pk"))
    staff = staff_by_venue([v.pk for v in venues])
    new = [
        NewNotification(
            recipient_id=user.pk,
            kind=NotificationKind.REPORT_REMINDER,
            payload={"week_name": week.name, "venue_name": venue.name, "deadline": _local(week.report_deadline)},
            dedupe_key=f"report-reminder:{week.pk}:{venue.pk}:{offset.days}d:user:{user.pk}",
        )
        for venue in venues
        for user in staff[venue.pk]
    ]
    return len(notify_many(new))


def report_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Every reminder batch, here (tests, the shell)."""
    sent = sweeps.run_here(report_reminders_batch, report_reminders_batches(now=now or timezone.now()))
    logger.info("report reminders: %d sent", sent)
    return sent


def _missing_due(week: RecruitmentWeek, now: dt.datetime) -> bool:
    # A week that began less than a week after its notice has no deadline: nobody is flagged.
    deadline = week.report_deadline
    return week.report_deadline_applies and deadline < now <= deadline + MISSING_WINDOW


def report_missing_batches(*, now: dt.datetime) -> Iterator[dict]:
    """The main venues (parents of branch venues) by id ranges."""
    mains = Venue.objects.filter(pk__in=Venue.objects.filter(kind=VenueKind.BRANCH).values("parent_id"))
    for week in RecruitmentWeek.objects.order_by("pk"):
        if not _missing_due(week, now):
            continue
        for after, upto in sweeps.id_ranges(mains):
            yield {"week_id": week.pk, "after": after, "upto": upto, "now": sweeps.now_arg(now)}


@transaction.atomic
def report_missing_batch(*, week_id: int, after: int, upto: int | None, now: str) -> int:
    """After a deadline: send the staff of each main venue of the range the list of its system's
    branch venues with no report (a report's status — on time, late, missing — is derived; this is
    the flag people see)."""
    week = RecruitmentWeek.objects.get(pk=week_id)
    if not _missing_due(week, sweeps.now_from(now)):
        return 0
    missing = defaultdict(list)
    branches = _branches_unreported(week, reported_at__lte=week.report_deadline)
    for parent_id, name in (
        sweeps.in_range(branches, after, upto, field="parent_id")
        .order_by("province__code")
        .values_list("parent_id", "name")
    ):
        missing[parent_id].append(name)
    staff = staff_by_venue(list(missing))
    new = [
        NewNotification(
            recipient_id=user.pk,
            kind=NotificationKind.REPORT_MISSING,
            payload={"week_name": week.name, "deadline": _local(week.report_deadline), "lines": names},
            dedupe_key=f"report-missing:{week.pk}:{main_id}:user:{user.pk}",
        )
        for main_id, names in missing.items()
        for user in staff[main_id]
    ]
    return len(notify_many(new))


def report_missing_flag(*, now: dt.datetime | None = None) -> int:
    """Every missing-report batch, here (tests, the shell)."""
    sent = sweeps.run_here(report_missing_batch, report_missing_batches(now=now or timezone.now()))
    logger.info("missing-report lists: %d sent", sent)
    return sent
