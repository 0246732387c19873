"""The sweeps' cost for the benchmark: ``run_sweep_for_bench(name, limit)`` runs the first batches of
one sweep (enough for ``limit`` rows) in this process, inside a transaction it rolls back (nothing
is left behind, no delivery is queued), and answers the time and the process's peak RSS.

It writes, then rolls back: run it on a database of your own (a copy of the seeded one), never on a
shared one you may only read. ``dispatch_for_bench`` publishes the same batches to the broker for
real workers instead (they commit), e.g. to time two worker processes.
"""

import datetime as dt
import itertools
import resource
import time

from django.db import transaction
from django.utils import timezone

import conversations.tasks  # noqa: F401 - registers the batch tasks dispatch_for_bench publishes by name
import employers.tasks  # noqa: F401
import fairs.tasks  # noqa: F401
import marketplace.tasks  # noqa: F401
import venues.tasks  # noqa: F401
from conversations import sweeps as conversation_sweeps
from employers import sweeps as employer_sweeps
from events.models import RecruitmentWeek
from fairs import sweeps as fair_sweeps
from marketplace import sweeps as market_sweeps
from recruitment_weeks import sweeps
from venues import sweeps as venue_sweeps


def _digest_moment(now: dt.datetime) -> dt.datetime:
    """``now`` if a week is open then, else the opening of the latest week (a seeded database's weeks
    are in the past): the digest has something to do either way."""
    weeks = list(RecruitmentWeek.objects.order_by("-starts_on"))
    if any(week.opens_at <= now < week.closes_at for week in weeks) or not weeks:
        return now
    return weeks[0].opens_at


# name: (batches(now), batch function, the batch task's name)
SWEEPS = {
    "week_digest": (
        lambda now: market_sweeps.week_digest_batches(now=_digest_moment(now)),
        market_sweeps.week_digest_batch,
        market_sweeps.DIGEST_BATCH_TASK,
    ),
    "unanswered_applications": (
        lambda now: market_sweeps.unanswered_applications_batches(now=now),
        market_sweeps.unanswered_applications_batch,
        market_sweeps.UNANSWERED_BATCH_TASK,
    ),
    "saved_search_alerts": (
        lambda now: market_sweeps.saved_search_alerts_batches(now=now),
        market_sweeps.saved_search_alerts_batch,
        market_sweeps.ALERTS_BATCH_TASK,
    ),
    "report_reminders": (
        lambda now: venue_sweeps.report_reminders_batches(now=now),
        venue_sweeps.report_reminders_batch,
        venue_sweeps.REMINDERS_BATCH_TASK,
    ),
    "report_missing": (
        lambda now: venue_sweeps.report_missing_batches(now=now),
        venue_sweeps.report_missing_batch,
        venue_sweeps.MISSING_BATCH_TASK,
    ),
    "close_expired": (
        lambda now: employer_sweeps.close_expired_batches(today=timezone.localdate(now)),
        employer_sweeps.close_expired_batch,
        employer_sweeps.CLOSE_EXPIRED_BATCH_TASK,
    ),
    "week_opening": (
        lambda now: fair_sweeps.week_opening_batches(now=now),
        fair_sweeps.week_opening_batch,
        fair_sweeps.OPENING_BATCH_TASK,
    ),
    "week_closing": (
        lambda now: fair_sweeps.week_closing_batches(now=now),
        fair_sweeps.week_closing_batch,
        fair_sweeps.CLOSING_BATCH_TASK,
    ),
    "unread_messages": (
        lambda now: conversation_sweeps.unread_messages_batches(now=now),
        conversation_sweeps.unread_messages_batch,
        conversation_sweeps.BATCH_TASK,
    ),
}


def _first_batches(name: str, limit: int, now: dt.datetime | None) -> list[dict]:
    batches, _, _ = SWEEPS[name]
    count = max(1, -(-limit // sweeps.batch_size()))
    return list(itertools.islice(batches(now or timezone.now()), count))


class _Rollback(Exception):
    pass


def run_sweep_for_bench(name: str, limit: int, *, now: dt.datetime | None = None) -> dict:
    """Run the first batches of sweep ``name`` (a key of SWEEPS) covering ``limit`` rows here, then
    roll everything back. Returns {"name", "batches", "rows_limit", "result", "plan_seconds",
    "seconds", "seconds_per_1000_rows", "peak_rss_mb"} (rows: graduates, employers, … per sweep)."""
    _, batch, _ = SWEEPS[name]
    started = time.perf_counter()
    todo = _first_batches(name, limit, now)
    planned = time.perf_counter()
    outcome: dict = {}
    try:
        with transaction.atomic():
            outcome["result"] = sweeps.run_here(batch, todo)
            raise _Rollback
    except _Rollback:
        pass
    done = time.perf_counter()
    rows = min(limit, len(todo) * sweeps.batch_size())
    return {
        "name": name,
        "batches": len(todo),
        "rows_limit": rows,
        "result": outcome.get("result"),
        "plan_seconds": round(planned - started, 3),
        "seconds": round(done - planned, 3),
        "seconds_per_1000_rows": round((done - planned) * 1000 / max(rows, 1), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def dispatch_for_bench(name: str, limit: int, *, now: dt.datetime | None = None) -> int:
    """Publish the first batches of sweep ``name`` covering ``limit`` rows to the broker (real workers
    run and commit them). Returns how many."""
    _, _, task = SWEEPS[name]
    return sweeps.fan_out(task, _first_batches(name, limit, now))
