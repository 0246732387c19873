"""The statistics counted directly from the big tables, row by row in Python: how console.statistics
computed them before the rollup, kept as the reference the rollup's figures must equal."""

import datetime as dt
import statistics
from collections import defaultdict

from console.statistics import GROUP_VENUE, METRICS
from employers.enums import EmployerStatus
from employers.models import Employer
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from fairs.enums import BookingStatus, SessionStatus
from fairs.models import Booking, Session
from graduates.enums import GraduateStatus
from graduates.models import Application, Graduate
from venues.models import Venue

COUNTS = [name for name, _label in METRICS]


def _hours(submitted: dt.datetime, reviewed: dt.datetime | None) -> float | None:
    if reviewed is None or reviewed < submitted:
        return None
    return (reviewed - submitted).total_seconds() / 3600


def _cell():
    return {**dict.fromkeys(COUNTS, 0), "review_hours": []}


def _period(weeks, moment):
    for week in weeks:
        if moment < week.closes_at:
            return week.pk
    return weeks[-1].pk if weeks else None


def direct_cells(venue_ids) -> dict[tuple[int, int], dict]:
    """(week id, venue id) → counts and the list of review times, for the given venues."""
    weeks = list(RecruitmentWeek.objects.order_by("starts_on"))
    cells = defaultdict(_cell)
    for venue_id, status, submitted, reviewed in Employer.objects.filter(reviewing_venue__in=venue_ids).values_list(
        "reviewing_venue_id", "status", "submitted_at", "reviewed_at"
    ):
        cell = cells[_period(weeks, submitted), venue_id]
        cell["employers_registered"] += 1
        cell["employers_approved"] += status in (EmployerStatus.APPROVED, EmployerStatus.SUSPENDED)
        cell["backlog"] += status == EmployerStatus.PENDING
        decided = status in (EmployerStatus.APPROVED, EmployerStatus.REJECTED)
        if decided and (h := _hours(submitted, reviewed)) is not None:
            cell["review_hours"].append(h)
    for venue_id, status, submitted, reviewed in Graduate.objects.filter(reviewing_venue__in=venue_ids).values_list(
        "reviewing_venue_id", "status", "submitted_at", "reviewed_at"
    ):
        cell = cells[_period(weeks, submitted), venue_id]
        cell["graduates_registered"] += 1
        cell["graduates_approved"] += status == GraduateStatus.APPROVED
        cell["backlog"] += status == GraduateStatus.PENDING
        decided = status in (GraduateStatus.APPROVED, GraduateStatus.REJECTED)
        if decided and (h := _hours(submitted, reviewed)) is not None:
            cell["review_hours"].append(h)
    for venue_id, week_id, status, submitted, reviewed in FairRegistration.objects.filter(
        venue__in=venue_ids
    ).values_list("venue_id", "week_id", "status", "submitted_at", "reviewed_at"):
        cell = cells[week_id, venue_id]
        cell["backlog"] += status == FairRegistrationStatus.PENDING
        if status in FairRegistrationStatus.decided and (h := _hours(submitted, reviewed)) is not None:
            cell["review_hours"].append(h)
    shown = defaultdict(set)
    headcounts = {}
    for venue_id, week_id, posting_id, headcount in FairRegistration.postings.through.objects.filter(
        fairregistration__venue__in=venue_ids, fairregistration__status=FairRegistrationStatus.APPROVED
    ).values_list("fairregistration__venue_id", "fairregistration__week_id", "jobposting_id", "jobposting__headcount"):
        shown[week_id, venue_id].add(posting_id)
        headcounts[posting_id] = headcount
    where = defaultdict(list)
    for (week_id, venue_id), posting_ids in shown.items():
        cells[week_id, venue_id]["postings"] += len(posting_ids)
        cells[week_id, venue_id]["headcount"] += sum(headcounts[p] for p in posting_ids)
        for posting_id in posting_ids:
            where[posting_id].append((week_id, venue_id))
    for posting_id, created, interview_at in Application.objects.filter(posting_id__in=list(where)).values_list(
        "posting_id", "created_at", "interview_at"
    ):
        period = _period(weeks, created)
        for week_id, venue_id in where[posting_id]:
            if week_id == period:
                cells[week_id, venue_id]["applications"] += 1
                cells[week_id, venue_id]["interviews"] += interview_at is not None
    for week_id, venue_id, status, attended_at in Booking.objects.filter(
        session__venue__in=venue_ids, session__status=SessionStatus.APPROVED
    ).values_list("session__week_id", "session__venue_id", "status", "attended_at"):
        cells[week_id, venue_id]["signups"] += status == BookingStatus.BOOKED
        cells[week_id, venue_id]["attendance"] += status == BookingStatus.BOOKED and attended_at is not None
    for week_id, venue_id in Session.objects.filter(venue__in=venue_ids, status=SessionStatus.APPROVED).values_list(
        "week_id", "venue_id"
    ):
        cells[week_id, venue_id]["sessions"] += 1
    return cells


def direct_values(venues: list[Venue], group: str) -> dict[tuple[int, str], list]:
    """(week id, row key or "total") → the row's values as Figures.values() lists them."""
    cells = direct_cells([v.pk for v in venues])
    result = {}
    for week in RecruitmentWeek.objects.all():
        grouped = defaultdict(_cell)
        for venue in venues:
            key = venue.slug if group == GROUP_VENUE or venue.province_id is None else venue.province.code
            for target in (grouped[key], grouped["total"]):
                source = cells.get((week.pk, venue.pk), _cell())
                for name in COUNTS:
                    target[name] += source[name]
                target["review_hours"] += source["review_hours"]
        for key, cell in grouped.items():
            hours = cell["review_hours"]
            median = round(statistics.median(hours), 1) if hours else None
            result[week.pk, key] = [cell[name] for name in COUNTS] + [median]
    return result
