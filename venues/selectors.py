"""Reads of venues, organisers and contacts for the public pages.

Each selector runs a fixed number of queries whatever the number of venues or contacts: rows are
fetched once with their parents joined (select_related) and grouped in Python.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from events.models import RecruitmentWeek

from .enums import OrganisationRole, ReportStatus, System, VenueKind
from .models import (
    Announcement,
    Organisation,
    OrganiserContact,
    Platform,
    Province,
    SiteLinkReport,
    Venue,
    VenueMembership,
)
from .permissions import venues_managed_by


def venues_for_choice() -> QuerySet[Venue]:
    """Every venue for a form's choice of venue: the main venues first, then the branch venues by
    province code, education before human resources; each with its province."""
    return Venue.objects.select_related("province").order_by("-kind", "province__code", "system")


# The notice names the education system first, then human resources and social security.
SYSTEM_ORDER = {value: index for index, value in enumerate(System.values)}


def _system_key(venue: Venue) -> int:
    return SYSTEM_ORDER.get(venue.system, len(SYSTEM_ORDER))


@dataclass(frozen=True)
class ProvinceVenues:
    """The branch venues of one provincial-level unit: education first, then HR."""

    province: Province
    venues: list[Venue]


@dataclass(frozen=True)
class VenueDirectory:
    """The two main venues and the branch venues grouped by province (ordered by province code)."""

    main: list[Venue]
    provinces: list[ProvinceVenues]

    @property
    def branches(self) -> list[Venue]:
        return [venue for group in self.provinces for venue in group.venues]

    @property
    def branch_count(self) -> int:
        return sum(len(group.venues) for group in self.provinces)


def staff_by_venue(venue_ids) -> dict[int, list]:
    """The active staff accounts of each venue, for the sweeps that notify them."""
    staff: dict[int, list] = defaultdict(list)
    memberships = VenueMembership.objects.filter(venue_id__in=venue_ids, user__is_active=True).select_related("user")
    for membership in memberships:
        staff[membership.venue_id].append(membership.user)
    return staff


def _venues() -> QuerySet[Venue]:
    return Venue.objects.select_related("province", "parent")


def venues_for_api(*, system: str | None = None, province: str | None = None) -> QuerySet[Venue]:
    """Every venue for the API, main venues first, then by province code and system; ``system`` and
    ``province`` (a province code) narrow it."""
    qs = _venues().order_by("kind", "province__code", "system")
    if system:
        qs = qs.filter(system=system)
    if province:
        qs = qs.filter(province__code=province)
    return qs


def venues_grouped_by_province() -> VenueDirectory:
    """Main venues and branch venues grouped by province. One query."""
    main: list[Venue] = []
    groups: dict[int, ProvinceVenues] = {}
    for venue in _venues().order_by("province__code", "pk"):
        if venue.kind == VenueKind.MAIN:
            main.append(venue)
            continue
        group = groups.setdefault(venue.province_id, ProvinceVenues(province=venue.province, venues=[]))
        group.venues.append(venue)
    for group in groups.values():
        group.venues.sort(key=_system_key)
    main.sort(key=_system_key)
    # dicts keep insertion order, and rows arrived ordered by province code.
    return VenueDirectory(main=main, provinces=list(groups.values()))


def venue_detail(*, slug: str) -> Venue | None:
    """A venue by slug with its province and main venue; None if there is no such venue. One query."""
    return _venues().filter(slug=slug).first()


def venue_branches(*, venue: Venue) -> list[Venue]:
    """A main venue's branch venues, ordered by province code ([] for a branch venue). One query at
    most; the venue page reads it only when its cached fragment has expired."""
    if not venue.is_main:
        return []
    return list(venue.branches.select_related("province").order_by("province__code"))


@dataclass(frozen=True)
class Organisers:
    """Section 二 of the notice: hosts, undertakers and online platforms."""

    hosts: list[Organisation]
    undertakers: list[Organisation]
    platforms: list[Platform]


def organisers() -> Organisers:
    """Hosts, undertakers (each in their published order) and platforms. Two queries."""
    organisations = list(Organisation.objects.order_by("role", "position", "pk"))
    return Organisers(
        hosts=[o for o in organisations if o.role == OrganisationRole.HOST],
        undertakers=[o for o in organisations if o.role == OrganisationRole.UNDERTAKER],
        platforms=list(Platform.objects.order_by("position", "pk")),
    )


@dataclass(frozen=True)
class SystemContacts:
    """The contacts of one ministry's system, as listed under one heading of section 五."""

    system: System
    contacts: list[OrganiserContact]


def organiser_contacts() -> list[SystemContacts]:
    """Section 五 of the notice: contacts grouped by system (education first), each group in its
    published order. One query."""
    groups: dict[str, list[OrganiserContact]] = {}
    for contact in OrganiserContact.objects.order_by("position", "pk"):
        groups.setdefault(contact.system, []).append(contact)
    return [
        SystemContacts(system=System(system), contacts=contacts)
        for system, contacts in sorted(groups.items(), key=lambda item: SYSTEM_ORDER.get(item[0], len(SYSTEM_ORDER)))
    ]


# --- Public venue page: announcements -------------------------------------


def venue_announcements(*, venue: Venue, limit: int = 20) -> list[Announcement]:
    """The venue's published announcements, newest first. One query."""
    return list(
        Announcement.objects.filter(venue=venue, is_published=True, published_at__lte=timezone.now()).order_by(
            "-published_at", "-id"
        )[:limit]
    )


REPORT_STATUS_ORDER = {
    ReportStatus.MISSING: 0,
    ReportStatus.LATE: 1,
    ReportStatus.NOT_DUE: 2,
    ReportStatus.NO_DEADLINE: 3,
    ReportStatus.ON_TIME: 4,
}


def report_status(*, week: RecruitmentWeek, report: SiteLinkReport | None, now: dt.datetime) -> ReportStatus:
    """On time / late from the first report's time and the week's deadline; without a report,
    missing once the deadline has passed, otherwise not yet due. A week that began less than a
    week after its notice has no deadline: a report is on time, no report is never missing.
    Derived, never stored."""
    if report is not None:
        return ReportStatus.ON_TIME if week.is_report_on_time(report.reported_at) else ReportStatus.LATE
    if not week.report_deadline_applies:
        return ReportStatus.NO_DEADLINE
    return ReportStatus.NOT_DUE if week.is_report_on_time(now) else ReportStatus.MISSING


@dataclass(frozen=True)
class ReportRow:
    venue: Venue
    report: SiteLinkReport | None
    status: ReportStatus


def site_report_board(*, user, week: RecruitmentWeek, now: dt.datetime | None = None) -> list[ReportRow]:
    """Every branch venue the user manages with its report for ``week`` and its status, late and
    missing first, then by province code (education before HR). Two queries."""
    moment = now or timezone.now()
    venues = list(
        venues_managed_by(user).filter(kind=VenueKind.BRANCH).select_related("province").order_by("province__code")
    )
    reports = {
        report.venue_id: report
        for report in SiteLinkReport.objects.filter(week=week, venue__in=[v.pk for v in venues]).select_related(
            "reported_by"
        )
    }
    rows = [
        ReportRow(
            venue=v, report=reports.get(v.pk), status=report_status(week=week, report=reports.get(v.pk), now=moment)
        )
        for v in venues
    ]
    rows.sort(key=lambda r: (REPORT_STATUS_ORDER[r.status], r.venue.province.code, _system_key(r.venue)))
    return rows


def default_report_week(
    *, now: dt.datetime | None = None, weeks: list[RecruitmentWeek] | None = None
) -> RecruitmentWeek | None:
    """The week staff most likely report for: the first whose fair has not closed yet, else the last.
    One query, none if the caller has the weeks already."""
    moment = now or timezone.now()
    weeks = list(RecruitmentWeek.objects.order_by("starts_on")) if weeks is None else weeks
    return next((w for w in weeks if moment < w.closes_at), weeks[-1] if weeks else None)
