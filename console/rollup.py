"""Refreshing the statistics rollup (console.models) from the big tables, set-based.

One transaction: delete the rollup, then one ``INSERT … SELECT … GROUP BY`` per source (employers,
graduates, fair registrations, the postings the fairs show, the applications to them) and one for the
review-time bins, so a refresh costs a few scans whatever the number of rows and never loads a row into
Python. Readers see the previous rollup until the transaction commits (PostgreSQL) or wait for it
(SQLite). Running it twice gives the same rows (idempotent). The rules (which period a row counts in,
what counts as approved, pending or reviewed) are those of console.statistics, whose figures the tests
compare with a direct count.

Review times are kept as exact microseconds in bins of a tenth of an hour (see ReviewTimeBin), which is
enough to give the median of any set of venues exactly as ``statistics.median`` over the rows would.
"""

import time

from django.db import connection, transaction
from django.utils import timezone

from console.models import ReviewTimeBin, StatisticsCell, StatisticsRefresh, StatisticsSource
from employers.enums import EmployerStatus
from employers.models import Employer, JobPosting
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from fairs.enums import BookingStatus, SessionStatus
from fairs.models import Booking, Session
from graduates.enums import GraduateStatus
from graduates.models import Application, Graduate

HALF_BIN_US = 180_000_000  # 0.05 h: bins are centred on the tenths of an hour the median is rounded to
BIN_US = 2 * HALF_BIN_US

COUNTERS = (
    "employers_registered",
    "employers_approved",
    "postings",
    "headcount",
    "graduates_registered",
    "graduates_approved",
    "applications",
    "interviews",
    "backlog",
    "sessions",
    "signups",
    "attendance",
)


def _period(column: str, weeks: list[RecruitmentWeek]) -> tuple[str, list]:
    """SQL for the id of the week whose period holds ``column`` (the first week that closes after it,
    else the latest week), as console.statistics defines the periods. ``weeks`` ordered by starts_on."""
    adapt = connection.ops.adapt_datetimefield_value
    sql = "CASE" + "".join(f" WHEN {column} < %s THEN %s" for _w in weeks[:-1]) + " ELSE %s END"
    params: list = []
    for week in weeks[:-1]:
        params += [adapt(week.closes_at), week.pk]
    params.append(weeks[-1].pk)
    if len(weeks) == 1:
        return "%s", params
    return sql, params


def _duration_us(reviewed: str, submitted: str) -> str:
    """SQL for ``reviewed − submitted`` in whole microseconds, exactly (both backends)."""
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM ({reviewed} - {submitted})) * 1000000 AS bigint)"

    # SQLite keeps UTC datetimes as 'YYYY-MM-DD HH:MM:SS[.ffffff]'.
    def micros(column: str) -> str:
        return (
            f"(CAST(strftime('%%s', {column}) AS INTEGER) * 1000000"
            f" + CAST(substr({column} || '.000000', 21, 6) AS INTEGER))"
        )

    return f"({micros(reviewed)} - {micros(submitted)})"


def _in(values) -> tuple[str, list]:
    values = list(values)
    return "(" + ", ".join(["%s"] * len(values)) + ")", values


def _insert_cells(cursor, source: str, select: str, params: list, columns: tuple[str, ...]) -> None:
    """``select`` yields (week id, venue id, *columns); the other counters are 0."""
    table = StatisticsCell._meta.db_table
    zeros = ", ".join("0" for name in COUNTERS if name not in columns)
    names = [*columns, *(name for name in COUNTERS if name not in columns)]
    cursor.execute(
        f"INSERT INTO {table} (week_id, venue_id, source, {', '.join(names)}) "
        f"SELECT s.week_id, s.venue_id, %s, {', '.join(f's.{c}' for c in columns)}{', ' + zeros if zeros else ''} "
        f"FROM ({select}) s",
        [source, *params],
    )


def refresh_statistics() -> StatisticsRefresh:
    """Rebuild the rollup from the big tables (see the module docstring). Returns the refresh row."""
    started = time.monotonic()
    with transaction.atomic():
        # Two refreshes at once (a slow one overlapping the next beat tick, or the command) wait for
        # each other on the refresh row instead of colliding on the rollup's unique keys.
        list(StatisticsRefresh.objects.select_for_update().filter(pk=1).values_list("pk", flat=True))
        weeks = list(RecruitmentWeek.objects.order_by("starts_on"))
        ReviewTimeBin.objects.all().delete()
        StatisticsCell.objects.all().delete()
        with connection.cursor() as cursor:
            _fill(cursor, weeks)
        refresh = StatisticsRefresh(
            pk=1, refreshed_at=timezone.now(), duration_ms=int((time.monotonic() - started) * 1000)
        )
        if not StatisticsRefresh.objects.filter(pk=1).update(
            refreshed_at=refresh.refreshed_at, duration_ms=refresh.duration_ms
        ):
            refresh.save(force_insert=True)
    return refresh


def _fill(cursor, weeks: list[RecruitmentWeek]) -> None:
    employer, graduate = Employer._meta.db_table, Graduate._meta.db_table
    fair, application, posting = (
        FairRegistration._meta.db_table,
        Application._meta.db_table,
        JobPosting._meta.db_table,
    )
    shown = FairRegistration.postings.through._meta.db_table
    approved = FairRegistrationStatus.APPROVED

    # Fair registrations are counted in their own week, the rest in the period of a moment.
    _insert_cells(
        cursor,
        StatisticsSource.FAIRS,
        f"SELECT week_id, venue_id, SUM(CASE WHEN status = %s THEN 1 ELSE 0 END) AS backlog "
        f"FROM {fair} GROUP BY week_id, venue_id",
        [FairRegistrationStatus.PENDING],
        ("backlog",),
    )
    # The distinct postings each fair shows (an employer's registration is unique per week and venue,
    # but two registrations may show one posting), their headcount, and the applications to them made
    # in the week's period.
    fair_postings = (
        f"SELECT DISTINCT r.week_id, r.venue_id, t.jobposting_id FROM {shown} t "
        f"JOIN {fair} r ON r.id = t.fairregistration_id WHERE r.status = %s"
    )
    _insert_cells(
        cursor,
        StatisticsSource.POSTINGS,
        f"SELECT f.week_id, f.venue_id, COUNT(*) AS postings, SUM(COALESCE(p.headcount, 0)) AS headcount "
        f"FROM ({fair_postings}) f JOIN {posting} p ON p.id = f.jobposting_id GROUP BY f.week_id, f.venue_id",
        [approved],
        ("postings", "headcount"),
    )
    # Sessions in their own week at the venue that approved them: the approved ones, their booked
    # places and the places attended.
    _insert_cells(
        cursor,
        StatisticsSource.SESSIONS,
        f"SELECT s.week_id, s.venue_id, COUNT(DISTINCT s.id) AS sessions, "
        f"SUM(CASE WHEN b.status = %s THEN 1 ELSE 0 END) AS signups, "
        f"SUM(CASE WHEN b.status = %s AND b.attended_at IS NOT NULL THEN 1 ELSE 0 END) AS attendance "
        f"FROM {Session._meta.db_table} s LEFT JOIN {Booking._meta.db_table} b ON b.session_id = s.id "
        f"WHERE s.status = %s GROUP BY s.week_id, s.venue_id",
        [BookingStatus.BOOKED, BookingStatus.BOOKED, SessionStatus.APPROVED],
        ("sessions", "signups", "attendance"),
    )
    if not weeks:
        return  # no week: no period to count the rest in (and nothing to show)

    applied_in, applied_params = _period("a.created_at", weeks)
    _insert_cells(
        cursor,
        StatisticsSource.APPLICATIONS,
        f"SELECT f.week_id, f.venue_id, COUNT(*) AS applications, "
        f"SUM(CASE WHEN a.interview_at IS NOT NULL THEN 1 ELSE 0 END) AS interviews "
        f"FROM ({fair_postings}) f JOIN {application} a ON a.posting_id = f.jobposting_id "
        f"WHERE {applied_in} = f.week_id GROUP BY f.week_id, f.venue_id",
        [approved, *applied_params],
        ("applications", "interviews"),
    )
    submitted_in, submitted_params = _period("submitted_at", weeks)
    employers_approved, employers_approved_params = _in([EmployerStatus.APPROVED, EmployerStatus.SUSPENDED])
    _insert_cells(
        cursor,
        StatisticsSource.EMPLOYERS,
        f"SELECT week_id, venue_id, COUNT(*) AS employers_registered, "
        f"SUM(CASE WHEN status IN {employers_approved} THEN 1 ELSE 0 END) AS employers_approved, "
        f"SUM(CASE WHEN status = %s THEN 1 ELSE 0 END) AS backlog "
        f"FROM (SELECT {submitted_in} AS week_id, reviewing_venue_id AS venue_id, status FROM {employer} "
        f"WHERE reviewing_venue_id IS NOT NULL) e GROUP BY week_id, venue_id",
        [*employers_approved_params, EmployerStatus.PENDING, *submitted_params],
        ("employers_registered", "employers_approved", "backlog"),
    )
    _insert_cells(
        cursor,
        StatisticsSource.GRADUATES,
        f"SELECT week_id, venue_id, COUNT(*) AS graduates_registered, "
        f"SUM(CASE WHEN status = %s THEN 1 ELSE 0 END) AS graduates_approved, "
        f"SUM(CASE WHEN status = %s THEN 1 ELSE 0 END) AS backlog "
        f"FROM (SELECT {submitted_in} AS week_id, reviewing_venue_id AS venue_id, status FROM {graduate} "
        f"WHERE reviewing_venue_id IS NOT NULL) g GROUP BY week_id, venue_id",
        [GraduateStatus.APPROVED, GraduateStatus.PENDING, *submitted_params],
        ("graduates_registered", "graduates_approved", "backlog"),
    )

    # Review times: employers and graduates approved or rejected (a suspension is not a review), fair
    # registrations decided; never a review recorded before the submission.
    duration = _duration_us("reviewed_at", "submitted_at")
    decided_employer, decided_employer_params = _in([EmployerStatus.APPROVED, EmployerStatus.REJECTED])
    decided_graduate, decided_graduate_params = _in([GraduateStatus.APPROVED, GraduateStatus.REJECTED])
    decided_fair, decided_fair_params = _in(FairRegistrationStatus.decided)
    reviewed = "reviewed_at IS NOT NULL AND reviewed_at >= submitted_at"
    times = (
        f"SELECT {submitted_in} AS week_id, reviewing_venue_id AS venue_id, {duration} AS us FROM {employer} "
        f"WHERE reviewing_venue_id IS NOT NULL AND status IN {decided_employer} AND {reviewed} "
        f"UNION ALL SELECT {submitted_in}, reviewing_venue_id, {duration} FROM {graduate} "
        f"WHERE reviewing_venue_id IS NOT NULL AND status IN {decided_graduate} AND {reviewed} "
        f"UNION ALL SELECT week_id, venue_id, {duration} FROM {fair} WHERE status IN {decided_fair} AND {reviewed}"
    )
    times_params = [
        *submitted_params,
        *decided_employer_params,
        *submitted_params,
        *decided_graduate_params,
        *decided_fair_params,
    ]
    key = (
        f"CASE WHEN (us + {HALF_BIN_US}) % {BIN_US} = 0 THEN 2 * ((us + {HALF_BIN_US}) / {BIN_US}) - 1 "
        f"ELSE 2 * ((us + {HALF_BIN_US}) / {BIN_US}) END"
    ).replace("%", "%%")
    cursor.execute(
        f"INSERT INTO {ReviewTimeBin._meta.db_table} "
        f"(week_id, venue_id, key, count, shortest_us, longest_us, running, cell_count) "
        f"SELECT week_id, venue_id, k, c, lo, hi, "
        f"SUM(c) OVER (PARTITION BY week_id, venue_id ORDER BY k ROWS UNBOUNDED PRECEDING), "
        f"SUM(c) OVER (PARTITION BY week_id, venue_id) "
        f"FROM (SELECT week_id, venue_id, k, COUNT(*) AS c, MIN(us) AS lo, MAX(us) AS hi "
        f"FROM (SELECT week_id, venue_id, us, {key} AS k FROM ({times}) t) b GROUP BY week_id, venue_id, k) g",
        times_params,
    )
