"""Figures per recruitment week and venue (or province) for staff, scoped like everything else.

What is counted (the page and docs/readme-staff.md say the same):

* A week's **period** runs from the close of the previous week to the close of this one; the first
  week's period has no start and the latest week's period has no end (activity after the last week
  counts towards it until a later week is added). Registrations are counted in the period of their
  ``submitted_at``, applications in the period of their ``created_at``.
* 用人单位 — employers reviewed by the venue that registered in the period; 通过: approved (or approved
  and later suspended).
* 毕业生 — graduates reviewed by the venue that registered in the period; 通过: approved.
* 职位 / 招聘人数 — the distinct postings that approved employers show at the venue's fair of the week
  (``FairRegistration.postings``) and their headcount.
* 求职申请 — applications made in the period to those postings; 面试 — those with an interview set.
* 待审核 — employers and graduates of the period and fair registrations of the week still pending.
* 场次 / 预约人次 / 出席人次 — the approved sessions (宣讲会 and one-to-one) of the week at the venue
  that approved them, their booked places, and those places attended (by the join link or marked by
  the employer). By 专场: :func:`special_fair_statistics`.
* 审核用时中位数 — the median of ``reviewed_at − submitted_at`` over the approved or rejected employers
  and graduates of the period and fair registrations of the week, in hours rounded to 0.1 (exactly
  what ``statistics.median`` over those times would give, on SQLite and PostgreSQL alike).

The figures come from the rollup (console.models), which console.rollup rebuilds from the big tables
every few minutes (the beat task console.task_refresh_statistics); :func:`last_refreshed` says when.
Reading them takes six queries whatever the amount of data.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from console.models import ReviewTimeBin, StatisticsCell, StatisticsRefresh
from console.rollup import COUNTERS
from events.models import SHANGHAI, RecruitmentWeek
from fairs.enums import BookingStatus, SessionStatus
from fairs.models import SpecialFair
from fairs.permissions import special_fair_reviewers_q
from venues.enums import VenueKind
from venues.models import Venue
from venues.permissions import staff_scope, venues_managed_by
from venues.selectors import _system_key

GROUP_VENUE, GROUP_PROVINCE = "venue", "province"
TOTAL = "total"

# (attribute, label) in the order of the table, the CSV and the workbook.
METRICS: list[tuple[str, str]] = [
    ("employers_registered", _("用人单位注册")),
    ("employers_approved", _("用人单位通过")),
    ("postings", _("职位数")),
    ("headcount", _("招聘人数")),
    ("graduates_registered", _("毕业生注册")),
    ("graduates_approved", _("毕业生通过")),
    ("applications", _("求职申请")),
    ("interviews", _("面试")),
    ("backlog", _("待审核")),
    ("sessions", _("场次")),
    ("signups", _("预约人次")),
    ("attendance", _("出席人次")),
]
MEDIAN_LABEL = _("审核用时中位数（小时）")


@dataclass
class Figures:
    employers_registered: int = 0
    employers_approved: int = 0
    postings: int = 0
    headcount: int = 0
    graduates_registered: int = 0
    graduates_approved: int = 0
    applications: int = 0
    interviews: int = 0
    backlog: int = 0
    sessions: int = 0
    signups: int = 0
    attendance: int = 0
    median_review_hours: float | None = None  # of the row's venues together (not a sum: see medians())

    def add(self, other: "Figures") -> None:
        """Add the counts (not the median)."""
        for name in COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def values(self) -> list:
        return [getattr(self, name) for name, _label in METRICS] + [self.median_review_hours]


@dataclass
class StatRow:
    key: str  # venue slug or province code ("main-…" for a main venue in province grouping)
    label: str
    figures: Figures


@dataclass
class WeekStatistics:
    week: RecruitmentWeek
    rows: list[StatRow]
    total: Figures


@dataclass
class Statistics:
    group: str
    weeks: list[WeekStatistics]
    refreshed_at: dt.datetime | None = None  # when the rollup the figures come from was refreshed

    def week(self, week_id: int | None) -> WeekStatistics | None:
        return next((w for w in self.weeks if w.week.pk == week_id), self.weeks[-1] if self.weeks else None)


def venue_statistics(*, user, group: str = GROUP_VENUE) -> Statistics:
    """Every week × every venue the user manages (or province, for ministry staff and superusers), read
    from the rollup (console.models, refreshed by console.rollup). Six queries whatever the data."""
    scope = staff_scope(user)
    if group == GROUP_PROVINCE and not scope.is_main_staff:
        group = GROUP_VENUE
    weeks = list(RecruitmentWeek.objects.order_by("starts_on"))
    venues = sorted(
        venues_managed_by(user), key=lambda v: (v.kind != VenueKind.MAIN, _province_code(v), _system_key(v))
    )
    venue_ids = [v.pk for v in venues]
    cells: dict[tuple[int, int], Figures] = defaultdict(Figures)  # (week id, venue id) → figures
    counters = StatisticsCell.objects.filter(venue_id__in=venue_ids).values("week_id", "venue_id")
    for row in counters.annotate(**{f"sum_{name}": Sum(name) for name in COUNTERS}).order_by():
        cell = cells[row["week_id"], row["venue_id"]]
        for name in COUNTERS:
            setattr(cell, name, row[f"sum_{name}"])

    result = []
    keys = _row_keys(venues, group)
    row_medians = medians(keys)
    total_medians = medians(dict.fromkeys(venue_ids, TOTAL))
    for week in weeks:
        rows = _group_rows(week, venues, cells, group)
        total = Figures()
        for row in rows:
            total.add(row.figures)
            row.figures.median_review_hours = row_medians.get((week.pk, row.key))
        total.median_review_hours = total_medians.get((week.pk, TOTAL))
        result.append(WeekStatistics(week=week, rows=rows, total=total))
    return Statistics(group=group, weeks=result, refreshed_at=last_refreshed())


@dataclass
class SpecialFairRow:
    special_fair: SpecialFair
    sessions: int
    signups: int
    attendance: int


def special_fair_statistics(*, user, week: RecruitmentWeek) -> list[SpecialFairRow]:
    """The 专场 of ``week`` organised or co-organised at the venues the user manages, each with its approved sessions,
    their booked places and the places attended. One query, counted directly (a week has tens of
    专场, not millions of rows)."""
    return special_fair_statistics_of(user=user, weeks=[week])


def special_fair_statistics_of(*, user, weeks: list[RecruitmentWeek]) -> list[SpecialFairRow]:
    """special_fair_statistics() for several weeks in one query, in the order of ``weeks``."""
    approved = Q(sessions__status=SessionStatus.APPROVED)
    booked = approved & Q(sessions__bookings__status=BookingStatus.BOOKED)
    # The organiser's staff and, for a joint 专场, each partner venue's see it (fairs.permissions);
    # it is one row however many of their venues organise it, so it is counted once.
    rows = (
        SpecialFair.objects.filter(special_fair_reviewers_q(staff_scope(user)), week__in=[w.pk for w in weeks])
        .select_related("venue")
        .annotate(
            n_sessions=Count("sessions", filter=approved, distinct=True),
            n_signups=Count("sessions__bookings", filter=booked),
            n_attendance=Count("sessions__bookings", filter=booked & Q(sessions__bookings__attended_at__isnull=False)),
        )
        .order_by("venue__kind", "venue__province__code", "title", "pk")
    )
    place = {w.pk: i for i, w in enumerate(weeks)}
    found = [SpecialFairRow(row, row.n_sessions, row.n_signups, row.n_attendance) for row in rows]
    return sorted(found, key=lambda r: place[r.special_fair.week_id])  # stable: the query's order within


def last_refreshed() -> dt.datetime | None:
    """When the rollup was last refreshed (None: never yet)."""
    return StatisticsRefresh.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()


def freshness_line(refreshed_at: dt.datetime | None) -> str:
    """ "数据更新于 2030-04-23 10:00（北京时间）" under the table and the downloads; a refresh is due when
    the rollup has never been built."""
    if refreshed_at is None:
        return str(_("统计数据尚未汇总，后台任务将在几分钟内完成汇总。"))
    moment = timezone.localtime(refreshed_at, SHANGHAI).strftime("%Y-%m-%d %H:%M")
    return str(_("数据更新于 %(time)s（北京时间）")) % {"time": moment}


def _row_keys(venues: list[Venue], group: str) -> dict[int, str]:
    """Venue id → the key of its row (see :func:`_group_rows`)."""
    if group == GROUP_VENUE:
        return {v.pk: v.slug for v in venues}
    return {v.pk: (v.province.code if v.province_id else v.slug) for v in venues}


def medians(groups: dict[int, str]) -> dict[tuple[int, str], float | None]:
    """The median review time in hours (rounded to 0.1) of each week × group of venues (``groups``:
    venue id → group key), exactly as ``statistics.median`` over the review times would give it. One
    query: the bins holding the middle review(s) of each week and group, found with running totals."""
    if not groups:
        return {}
    labels = sorted(set(groups.values()))
    if len(labels) == len(groups):
        return _venue_medians(groups)
    index = {label: i for i, label in enumerate(labels)}
    # venue id → group number, as a VALUES list joined to the bins (SQLite and PostgreSQL alike)
    mapping = ", ".join(["(%s, %s)"] * len(groups))
    params = [value for venue_id, label in groups.items() for value in (venue_id, index[label])]
    table = ReviewTimeBin._meta.db_table
    sql = f"""
        WITH m AS (SELECT column1 AS venue_id, column2 AS g FROM (VALUES {mapping}) v),
        b AS (
            SELECT t.week_id, m.g, t.key, SUM(t.count) AS c, MIN(t.shortest_us) AS lo, MAX(t.longest_us) AS hi
            FROM {table} t JOIN m ON m.venue_id = t.venue_id GROUP BY t.week_id, m.g, t.key
        ), r AS (
            SELECT week_id, g, key, c, lo, hi,
                   CAST(SUM(c) OVER (PARTITION BY week_id, g ORDER BY key ROWS UNBOUNDED PRECEDING) AS bigint)
                       AS upto,
                   CAST(SUM(c) OVER (PARTITION BY week_id, g) AS bigint) AS n
            FROM b
        )
        SELECT week_id, g, key, c, lo, hi, upto, n FROM r
        WHERE upto >= (n + 1) / 2 AND upto - c < n / 2 + 1
        ORDER BY week_id, g, key"""
    found: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for week_id, g, key, c, lo, hi, upto, n in cursor.fetchall():
            found[week_id, g].append((int(key), int(c), int(lo), int(hi), int(upto), int(n)))
    return {(week_id, labels[g]): _median(bins) for (week_id, g), bins in found.items()}


def _venue_medians(groups: dict[int, str]) -> dict[tuple[int, str], float | None]:
    """:func:`medians` when every group is one venue: the middle bins are marked in the rollup."""
    found: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    rows = (
        ReviewTimeBin.objects.filter(venue_id__in=list(groups))
        .filter(running__gte=(F("cell_count") + 1) / 2, running__lt=F("count") + F("cell_count") / 2 + 1)
        .order_by("week_id", "venue_id", "key")
        .values_list("week_id", "venue_id", "key", "count", "shortest_us", "longest_us", "running", "cell_count")
    )
    for week_id, venue_id, *bin_ in rows:
        found[week_id, venue_id].append(tuple(bin_))
    return {(week_id, groups[venue_id]): _median(bins) for (week_id, venue_id), bins in found.items()}


def _hours(us: int) -> float:
    # As timedelta.total_seconds() / 3600 on the rows: microseconds / 10**6, correctly rounded.
    return us / 10**6 / 3600


def _median(bins: list[tuple]) -> float | None:
    """The rounded median from the one or two bins holding the middle review(s) (see ReviewTimeBin)."""
    n = bins[0][5]
    if n == 0:
        return None
    low, high = (n + 1) // 2, n // 2 + 1  # 1-based positions of the middle review(s)

    def at(position: int) -> tuple[int, float | None]:
        """(bin key, the exact time in hours if the bin tells it, else None) of a position."""
        for key, count, lo, hi, upto, _n in bins:
            if upto - count < position <= upto:
                if lo == hi or position == upto - count + 1:
                    return key, _hours(lo)
                if position == upto:
                    return key, _hours(hi)
                return key, None
        raise AssertionError("the middle review is in the bins found")

    (key_low, value_low), (key_high, value_high) = at(low), at(high)
    if value_low is not None and value_high is not None:
        return round(value_low if low == high else (value_low + value_high) / 2, 1)
    # The middle review(s) lie inside one bin 2q, where every time and every mean of two times rounds
    # to q/10 hours.
    assert key_low == key_high and key_low % 2 == 0
    return round(key_low // 2 / 10, 1)


def _province_code(venue: Venue) -> str:
    return venue.province.code if venue.province_id else ""


def _group_rows(week, venues: list[Venue], cells, group: str) -> list[StatRow]:
    if group == GROUP_VENUE:
        return [StatRow(key=v.slug, label=str(v), figures=_copy(cells.get((week.pk, v.pk)))) for v in venues]
    rows: dict[str, StatRow] = {}
    for venue in venues:
        if venue.province_id is None:
            key, label = venue.slug, str(venue)
        else:
            key, label = venue.province.code, str(venue.province)
        row = rows.setdefault(key, StatRow(key=key, label=label, figures=Figures()))
        row.figures.add(cells.get((week.pk, venue.pk)) or Figures())
    return list(rows.values())


def _copy(figures: Figures | None) -> Figures:
    copy = Figures()
    if figures is not None:
        copy.add(figures)
    return copy


def special_fair_table(*, user, stats: Statistics) -> list[list]:
    """The downloads' second table: a header row, then each week's 专场 at the user's venues with
    their sessions, booked places and places attended (nothing when there is no 专场). One query."""
    names = {w.week.pk: w.week.display_name for w in stats.weeks}
    lines = [
        [names[row.special_fair.week_id], row.special_fair.title, row.special_fair.venue.name, row.sessions,
         row.signups, row.attendance]
        for row in special_fair_statistics_of(user=user, weeks=[w.week for w in stats.weeks])
    ]  # fmt: skip
    if not lines:
        return []
    header = [
        str(_("招聘周")),
        str(_("专场")),
        str(_("主办会场")),
        str(_("场次")),
        str(_("预约人次")),
        str(_("出席人次")),
    ]
    return [header, *lines]


def statistics_table(stats: Statistics) -> tuple[list[str], list[list]]:
    """Header and rows (every week, every row, then the week's total) for CSV and XLSX."""
    header = [
        str(_("招聘周")),
        str(_("省份") if stats.group == GROUP_PROVINCE else _("会场")),
        *[str(label) for _name, label in METRICS],
        str(MEDIAN_LABEL),
    ]
    lines = []
    for week_stats in stats.weeks:
        name = week_stats.week.display_name
        lines.extend([name, row.label, *row.figures.values()] for row in week_stats.rows)
        lines.append([name, str(_("合计")), *week_stats.total.values()])
    return header, lines
