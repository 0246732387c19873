"""How quickly each employer answers applications: the figure graduates read beside a posting
("通常 N 天内回复") and venue staff rank employers by.

The figure is the median time from an application's submission to the employer's first answer
(``Application.first_answered_at``: a decision or a first message, never a mere view), over the
applications submitted in the last 90 days that are at least 7 days old (younger ones may still be
answered in time). An unanswered application counts as slower than every answered one, so when more
than half are unanswered there is no median. The figure is shown only with at least
``MIN_COUNTED`` applications counted and at least half of them answered; with exactly half answered
the two middle applications are the slowest answered one and an unanswered one, and the median is
the former (the lower median), so "at least half answered" is exactly when a figure exists.

Applications the graduate withdrew before any answer are not counted: nobody waited for them.

An hourly beat sweep (``marketplace.task_reply_times``) computes it in batches of employers
(recruitment_weeks.sweeps), one query per batch — ``percentile_cont`` on PostgreSQL, the same
median in Python on SQLite — and stores it on the employer, so pages read three columns.
"""

import dataclasses
import datetime as dt
import logging
import statistics
from collections import defaultdict
from collections.abc import Iterator, Sequence

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from employers.models import Employer, JobPosting
from graduates.enums import ApplicationStatus
from graduates.models import Application
from recruitment_weeks import sweeps

logger = logging.getLogger(__name__)

WINDOW = dt.timedelta(days=90)
MIN_AGE = dt.timedelta(days=7)
MIN_COUNTED = 5
BATCH_TASK = "marketplace.task_reply_times_batch"
# An unanswered application in PostgreSQL's percentile_cont: slower than any answer (hours; a
# finite number, because Infinity - Infinity is NaN when both middle values are unanswered).
UNANSWERED_HOURS = 1e12


@dataclasses.dataclass(frozen=True)
class ReplyTime:
    counted: int
    median_hours: float | None  # None: not shown


def reply_time(hours: Sequence[float | None]) -> ReplyTime:
    """The figure for one employer from the hours each counted application took to be answered
    (None: unanswered)."""
    answered = sorted(h for h in hours if h is not None)
    counted = len(hours)
    if counted < MIN_COUNTED or 2 * len(answered) < counted:
        return ReplyTime(counted, None)
    if 2 * len(answered) == counted:
        return ReplyTime(counted, answered[-1])
    # Unanswered ones sort after every answer, so the middle of all of them lies among the answers.
    ranked = answered + [float("inf")] * (counted - len(answered))
    return ReplyTime(counted, float(statistics.median(ranked)))


def _counted(now: dt.datetime):
    withdrawn_unanswered = Q(status=ApplicationStatus.WITHDRAWN, first_answered_at__isnull=True)
    return Application.objects.filter(created_at__gte=now - WINDOW, created_at__lte=now - MIN_AGE).exclude(
        withdrawn_unanswered
    )


def _hours(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 3600


def _python_reply_times(now: dt.datetime, after: int, upto: int | None) -> dict[int, ReplyTime]:
    rows = sweeps.in_range(_counted(now), after, upto, field="posting__employer_id").values_list(
        "posting__employer_id", "created_at", "first_answered_at"
    )
    hours: dict[int, list[float | None]] = defaultdict(list)
    for employer_id, created_at, answered_at in rows.iterator():
        hours[employer_id].append(_hours(answered_at - created_at) if answered_at else None)
    return {employer_id: reply_time(values) for employer_id, values in hours.items()}


def _postgresql_reply_times(now: dt.datetime, after: int, upto: int | None) -> dict[int, ReplyTime]:
    queryset = sweeps.in_range(_counted(now), after, upto, field="posting__employer_id")
    where_sql, params = queryset.values("pk").query.sql_with_params()
    application, posting = Application._meta.db_table, JobPosting._meta.db_table
    # NULL for an unanswered one (no GREATEST here: it skips NULLs and would make those 0 hours)
    hours = "EXTRACT(EPOCH FROM (a.first_answered_at - a.created_at))::float8 / 3600.0"
    sql = f"""
        SELECT p.employer_id,
               count(*),
               count(a.first_answered_at),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY COALESCE({hours}, %s::float8)),
               max({hours})
        FROM {application} a JOIN {posting} p ON p.id = a.posting_id
        WHERE a.id IN ({where_sql})
        GROUP BY p.employer_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [UNANSWERED_HOURS, *params])
        rows = cursor.fetchall()
    result = {}
    for employer_id, counted, answered, median, slowest in rows:
        if counted < MIN_COUNTED or 2 * answered < counted:
            result[employer_id] = ReplyTime(counted, None)
        elif 2 * answered == counted:
            result[employer_id] = ReplyTime(counted, float(slowest))
        else:
            result[employer_id] = ReplyTime(counted, float(median))
    return result


def reply_times(*, now: dt.datetime, after: int = 0, upto: int | None = None) -> dict[int, ReplyTime]:
    """The figure of every employer of the id range with at least one counted application."""
    if connection.vendor == "postgresql":
        return _postgresql_reply_times(now, after, upto)
    return _python_reply_times(now, after, upto)


def reply_times_batches(*, now: dt.datetime) -> Iterator[dict]:
    for after, upto in sweeps.id_ranges(Employer.objects.all()):
        yield {"after": after, "upto": upto, "now": sweeps.now_arg(now)}


@transaction.atomic
def reply_times_batch(*, after: int, upto: int | None, now: str) -> int:
    """Store the figure on every employer of the range with applications counted, and clear it on
    those that had some and have none now; the many employers with nothing counted, before and
    after, are not rewritten every hour. Idempotent: it only overwrites derived columns. Returns
    how many employers have a figure."""
    moment = sweeps.now_from(now)
    figures = reply_times(now=moment, after=after, upto=upto)
    employers = sweeps.in_range(Employer.objects.all(), after, upto).only("pk", "reply_counted", "reply_median_hours")
    changed = []
    for employer in employers.order_by("pk"):
        figure = figures.get(employer.pk, ReplyTime(0, None))
        if figure.counted == 0 and employer.reply_counted == 0 and employer.reply_median_hours is None:
            continue
        employer.reply_counted = figure.counted
        employer.reply_median_hours = figure.median_hours
        employer.reply_computed_at = moment
        changed.append(employer)
    Employer.objects.bulk_update(changed, ["reply_counted", "reply_median_hours", "reply_computed_at"])
    return sum(1 for figure in figures.values() if figure.median_hours is not None)


def reply_times_refresh(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    shown = sweeps.run_here(reply_times_batch, reply_times_batches(now=now))
    logger.info("reply times: %d employers with a figure", shown)
    return shown
