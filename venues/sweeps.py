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
from django.utils import timezone
from django.utils.formats import date_format

from events.models import RecruitmentWeek
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.services import notify_if_new

from .enums import VenueKind
from .models import SiteLinkReport, Venue
from .selectors import staff_by_venue

logger = logging.getLogger(__name__)

REMINDER_OFFSETS = (dt.timedelta(days=3), dt.timedelta(days=1))  # before the report deadline
MISSING_WINDOW = dt.timedelta(days=7)  # the missing-report list is sent within a week of the deadline


def _local(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


@transaction.atomic
def report_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the staff of branch venues that have not reported their site link for a week, three days
    and one day before the deadline (only the latest reminder that is due, if beat was down)."""
    now = now or timezone.now()
    sent = 0
    for week in RecruitmentWeek.objects.all():
        deadline = week.report_deadline
        if not week.report_deadline_applies or not deadline - max(REMINDER_OFFSETS) <= now <= deadline:
            continue
        offset = min(o for o in REMINDER_OFFSETS if deadline - o <= now)
        reported = SiteLinkReport.objects.filter(week=week).values_list("venue_id", flat=True)
        venues = list(Venue.objects.filter(kind=VenueKind.BRANCH).exclude(pk__in=reported))
        staff = staff_by_venue([v.pk for v in venues])
        for venue in venues:
            for user in staff[venue.pk]:
                sent += notify_if_new(
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
        # A week that began less than a week after its notice has no deadline: nobody is flagged.
        if not week.report_deadline_applies or not deadline < now <= deadline + MISSING_WINDOW:
            continue
        reported = SiteLinkReport.objects.filter(week=week, reported_at__lte=deadline).values_list(
            "venue_id", flat=True
        )
        missing = defaultdict(list)
        for venue in Venue.objects.filter(kind=VenueKind.BRANCH).exclude(pk__in=reported).order_by("province__code"):
            missing[venue.parent_id].append(venue.name)
        staff = staff_by_venue(list(missing))
        for main_id, names in missing.items():
            for user in staff[main_id]:
                sent += notify_if_new(
                    recipient=user,
                    kind=NotificationKind.REPORT_MISSING,
                    payload={"week_name": week.name, "deadline": _local(deadline), "lines": names},
                    dedupe_key=f"report-missing:{week.pk}:{main_id}:user:{user.pk}",
                )
    logger.info("missing-report lists: %d sent", sent)
    return sent
