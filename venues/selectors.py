"""Reads of venues, organisers and contacts for the public pages.

Each selector runs a fixed number of queries whatever the number of venues or contacts: rows are
fetched once with their parents joined (select_related) and grouped in Python.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from .enums import OrganisationRole, System, VenueKind
from .models import Organisation, OrganiserContact, Platform, Province, Venue

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
