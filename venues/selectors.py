"""Reads of venues, organisers and contacts for the public pages.

Each selector runs a fixed number of queries whatever the number of venues or contacts: rows are
fetched once with their parents joined (select_related) and grouped in Python.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from employers.enums import EmployerStatus
from employers.models import Employer, JobPosting
from employers.selectors import public_posting_q
from events.enums import FairRegistrationStatus
from events.models import FairRegistration, RecruitmentWeek
from graduates.enums import GraduateStatus
from graduates.models import Graduate

from .enums import OrganisationRole, ReportStatus, System, VenueKind
from .models import Announcement, Organisation, OrganiserContact, Platform, Province, SiteLinkReport, Venue
from .permissions import staff_scope, venues_managed_by

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


def _venues() -> QuerySet[Venue]:
    return Venue.objects.select_related("province", "parent")


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


@dataclass(frozen=True)
class VenueWithBranches:
    venue: Venue
    branches: list[Venue] = field(default_factory=list)


def venue_detail(*, slug: str) -> VenueWithBranches | None:
    """A venue by slug with its province and main venue; a main venue also gets its branch venues
    (ordered by province code). Two queries at most; None if there is no such venue."""
    venue = _venues().filter(slug=slug).first()
    if venue is None:
        return None
    branches: list[Venue] = []
    if venue.is_main:
        branches = list(venue.branches.select_related("province").order_by("province__code"))
    return VenueWithBranches(venue=venue, branches=branches)


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


# --- Public venue page: announcements and the fair of each week -------------------------------------


def venue_announcements(*, venue: Venue, limit: int = 20) -> list[Announcement]:
    """The venue's published announcements, newest first. One query."""
    return list(
        Announcement.objects.filter(venue=venue, is_published=True, published_at__lte=timezone.now()).order_by(
            "-published_at", "-id"
        )[:limit]
    )


@dataclass(frozen=True)
class WeekFair:
    """One week's fair at one venue: the approved employers, each with its public postings."""

    week: RecruitmentWeek
    registrations: list[FairRegistration]


def venue_fairs(*, venue: Venue) -> list[WeekFair]:
    """Approved fair registrations of the venue grouped by week (latest week first), each with only
    the postings the public may see (published, unexpired, employer approved). Two queries."""
    public = JobPosting.objects.filter(public_posting_q()).select_related("province").order_by("-published_at", "-id")
    registrations = (
        FairRegistration.objects.filter(
            venue=venue, status=FairRegistrationStatus.APPROVED, employer__status=EmployerStatus.APPROVED
        )
        .select_related("week", "employer")
        .prefetch_related(Prefetch("postings", queryset=public, to_attr="public_postings"))
        .order_by("-week__starts_on", "employer__name", "pk")
    )
    weeks: dict[int, WeekFair] = {}
    for registration in registrations:
        weeks.setdefault(registration.week_id, WeekFair(week=registration.week, registrations=[]))
        weeks[registration.week_id].registrations.append(registration)
    return list(weeks.values())


# --- Staff: site-link reports by week ----------------------------------------------------------------

# Late and missing first: those are what main-venue staff chase.
REPORT_STATUS_ORDER = {
    ReportStatus.MISSING: 0,
    ReportStatus.LATE: 1,
    ReportStatus.NOT_DUE: 2,
    ReportStatus.ON_TIME: 3,
}


def report_status(*, week: RecruitmentWeek, report: SiteLinkReport | None, now: dt.datetime) -> ReportStatus:
    """On time / late from the first report's time and the week's deadline; without a report,
    missing once the deadline has passed, otherwise not yet due. Derived, never stored."""
    if report is not None:
        return ReportStatus.ON_TIME if week.is_report_on_time(report.reported_at) else ReportStatus.LATE
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


# --- Staff: review queues (pending, oldest first) -----------------------------------------------------


def pending_employers(*, user) -> QuerySet[Employer]:
    """Employers waiting for review at the user's venues, the longest-waiting first."""
    queryset = Employer.objects.filter(status=EmployerStatus.PENDING).select_related("province", "reviewing_venue")
    return staff_scope(user).filter(queryset, "reviewing_venue").order_by("submitted_at", "pk")


def pending_graduates(*, user) -> QuerySet[Graduate]:
    """Graduates waiting for review at the user's venues, the longest-waiting first."""
    queryset = Graduate.objects.filter(status=GraduateStatus.PENDING).select_related(
        "university_province", "reviewing_venue"
    )
    return staff_scope(user).filter(queryset, "reviewing_venue").order_by("submitted_at", "pk")


def pending_fair_registrations(*, user) -> QuerySet[FairRegistration]:
    """Fair registrations waiting for review at the user's venues, the longest-waiting first."""
    queryset = FairRegistration.objects.filter(status=FairRegistrationStatus.PENDING).select_related(
        "employer", "week", "venue"
    )
    return staff_scope(user).filter(queryset, "venue").order_by("submitted_at", "pk")


def pending_counts(*, user) -> dict[str, int]:
    """How many of each kind wait for the user's review (the admin index panel). Three queries."""
    return {
        "employers": pending_employers(user=user).count(),
        "graduates": pending_graduates(user=user).count(),
        "fair_registrations": pending_fair_registrations(user=user).count(),
    }
