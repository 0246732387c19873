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
* 审核用时中位数 — the median of ``reviewed_at − submitted_at`` over the approved or rejected employers
  and graduates of the period and fair registrations of the week, in hours (computed in Python, so
  the same on SQLite and PostgreSQL).

Seven queries whatever the amount of data.
"""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field, fields

from django.utils.translation import gettext_lazy as _

from employers.enums import EmployerStatus
from employers.models import Employer
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from graduates.enums import GraduateStatus
from graduates.models import Application, Graduate
from venues.enums import VenueKind
from venues.models import Venue
from venues.permissions import staff_scope, venues_managed_by
from venues.selectors import _system_key

GROUP_VENUE, GROUP_PROVINCE = "venue", "province"

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
    review_hours: list[float] = field(default_factory=list, repr=False)

    @property
    def median_review_hours(self) -> float | None:
        return round(statistics.median(self.review_hours), 1) if self.review_hours else None

    def add(self, other: "Figures") -> None:
        for f in fields(self):
            if f.name == "review_hours":
                self.review_hours.extend(other.review_hours)
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

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

    def week(self, week_id: int | None) -> WeekStatistics | None:
        return next((w for w in self.weeks if w.week.pk == week_id), self.weeks[-1] if self.weeks else None)


def _hours(submitted: dt.datetime, reviewed: dt.datetime | None) -> float | None:
    if reviewed is None or reviewed < submitted:
        return None
    return (reviewed - submitted).total_seconds() / 3600


class _Periods:
    """Maps an instant to the week whose period contains it (see the module docstring)."""

    def __init__(self, weeks: list[RecruitmentWeek]):
        self.weeks = weeks
        self.closes = [w.closes_at for w in weeks]

    def week_id(self, moment: dt.datetime) -> int | None:
        for week, closes in zip(self.weeks, self.closes, strict=True):
            if moment < closes:
                return week.pk
        return self.weeks[-1].pk if self.weeks else None


def venue_statistics(*, user, group: str = GROUP_VENUE) -> Statistics:
    """Every week × every venue the user manages (or province, for ministry staff and superusers)."""
    scope = staff_scope(user)
    if group == GROUP_PROVINCE and not scope.is_main_staff:
        group = GROUP_VENUE
    weeks = list(RecruitmentWeek.objects.order_by("starts_on"))
    venues = sorted(
        venues_managed_by(user), key=lambda v: (v.kind != VenueKind.MAIN, _province_code(v), _system_key(v))
    )
    venue_ids = [v.pk for v in venues]
    periods = _Periods(weeks)
    cells: dict[tuple[int, int], Figures] = defaultdict(Figures)  # (week id, venue id) → figures

    for venue_id, status, submitted, reviewed in Employer.objects.filter(reviewing_venue__in=venue_ids).values_list(
        "reviewing_venue_id", "status", "submitted_at", "reviewed_at"
    ):
        cell = cells[periods.week_id(submitted), venue_id]
        cell.employers_registered += 1
        cell.employers_approved += status in (EmployerStatus.APPROVED, EmployerStatus.SUSPENDED)
        cell.backlog += status == EmployerStatus.PENDING
        if (
            status in (EmployerStatus.APPROVED, EmployerStatus.REJECTED)
            and (h := _hours(submitted, reviewed)) is not None
        ):
            cell.review_hours.append(h)

    for venue_id, status, submitted, reviewed in Graduate.objects.filter(reviewing_venue__in=venue_ids).values_list(
        "reviewing_venue_id", "status", "submitted_at", "reviewed_at"
    ):
        cell = cells[periods.week_id(submitted), venue_id]
        cell.graduates_registered += 1
        cell.graduates_approved += status == GraduateStatus.APPROVED
        cell.backlog += status == GraduateStatus.PENDING
        if (
            status in (GraduateStatus.APPROVED, GraduateStatus.REJECTED)
            and (h := _hours(submitted, reviewed)) is not None
        ):
            cell.review_hours.append(h)

    for venue_id, week_id, status, submitted, reviewed in FairRegistration.objects.filter(
        venue__in=venue_ids
    ).values_list("venue_id", "week_id", "status", "submitted_at", "reviewed_at"):
        cell = cells[week_id, venue_id]
        cell.backlog += status == FairRegistrationStatus.PENDING
        if status in FairRegistrationStatus.decided and (h := _hours(submitted, reviewed)) is not None:
            cell.review_hours.append(h)

    # The postings shown at each fair (distinct per week and venue), and where each posting is shown.
    shown: dict[tuple[int, int], set[int]] = defaultdict(set)
    headcounts: dict[int, int] = {}
    for venue_id, week_id, posting_id, headcount in FairRegistration.postings.through.objects.filter(
        fairregistration__venue__in=venue_ids, fairregistration__status=FairRegistrationStatus.APPROVED
    ).values_list("fairregistration__venue_id", "fairregistration__week_id", "jobposting_id", "jobposting__headcount"):
        shown[week_id, venue_id].add(posting_id)
        headcounts[posting_id] = headcount
    where: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (week_id, venue_id), posting_ids in shown.items():
        cells[week_id, venue_id].postings += len(posting_ids)
        cells[week_id, venue_id].headcount += sum(headcounts[p] for p in posting_ids)
        for posting_id in posting_ids:
            where[posting_id].append((week_id, venue_id))

    for posting_id, created, interview_at in Application.objects.filter(posting_id__in=list(where)).values_list(
        "posting_id", "created_at", "interview_at"
    ):
        period = periods.week_id(created)
        for week_id, venue_id in where[posting_id]:
            if week_id == period:
                cells[week_id, venue_id].applications += 1
                cells[week_id, venue_id].interviews += interview_at is not None

    result = []
    for week in weeks:
        rows = _group_rows(week, venues, cells, group)
        total = Figures()
        for row in rows:
            total.add(row.figures)
        result.append(WeekStatistics(week=week, rows=rows, total=total))
    return Statistics(group=group, weeks=result)


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
