"""Who may see and act on what, for venue staff (named predicates shared by the admin, the API and the pages).

A *venue staff member* is an active ``is_staff`` user with at least one :class:`VenueMembership`.
Membership of a branch venue (省级分会场) gives that venue; membership of a main venue (主会场) gives
the main venue and every branch venue of its system (ministry staff see their whole system).
Superusers manage every venue. The admin, the staff API and the staff pages all scope through
:func:`staff_scope`, so one rule decides what each of them shows.

Records belong to a venue as :data:`VENUE_PATHS` says: employers by ``reviewing_venue``, graduates
by ``reviewing_venue``, fair registrations by ``venue``, postings and applications by the posting
employer's ``reviewing_venue``, site-link reports, contact forms and announcements by ``venue``.
:func:`venue_of` follows it on one record (the venue an audit entry about it is filed under).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .enums import VenueKind
from .models import Venue

_CACHE_ATTR = "_venue_staff_scope"


@dataclass(frozen=True)
class StaffScope:
    """The venues a user manages. ``everything`` is True for superusers (no filter at all)."""

    venue_ids: frozenset[int]
    main_systems: frozenset[str]  # systems whose main venue the user belongs to
    everything: bool = False

    @property
    def is_venue_staff(self) -> bool:
        return self.everything or bool(self.venue_ids)

    @property
    def is_main_staff(self) -> bool:
        """Ministry staff (a main venue's member) or a superuser: may see figures by province."""
        return self.everything or bool(self.main_systems)

    def q(self, path: str) -> Q:
        """A filter for records whose venue is reached by ``path`` (e.g. ``"reviewing_venue"``)."""
        if self.everything:
            return Q()
        return Q(**{f"{path}__in": sorted(self.venue_ids)})

    def filter(self, queryset: QuerySet, path: str) -> QuerySet:
        return queryset if self.everything else queryset.filter(self.q(path))

    def allows(self, venue_id: int | None) -> bool:
        return self.everything or (venue_id is not None and venue_id in self.venue_ids)


NO_SCOPE = StaffScope(venue_ids=frozenset(), main_systems=frozenset())

# Which venue's staff manage a record: the lookup from the record to that venue, by model label.
# (By label, not by class, so this module imports none of the apps above it.)
VENUE_PATHS: dict[str, str] = {
    "employers.employer": "reviewing_venue",
    "employers.jobposting": "employer__reviewing_venue",
    "employers.postingreport": "posting__employer__reviewing_venue",
    "graduates.graduate": "reviewing_venue",
    "graduates.application": "posting__employer__reviewing_venue",
    "events.fairregistration": "venue",
    "fairs.specialfair": "venue",
    "fairs.specialfairparticipation": "special_fair__venue",
    "fairs.session": "venue",
    "fairs.booking": "session__venue",
    "venues.venue": "pk",
    "venues.venuemembership": "venue",
    "venues.sitelinkreport": "venue",
    "venues.contactform": "venue",
    "venues.announcement": "venue",
    "universities.careercentremember": "reviewing_venue",
    "universities.universitynotice": "venue",
}


def venue_id_via(obj, path: str) -> int | None:
    """Follow a venue lookup (``"reviewing_venue"``, ``"posting__employer__reviewing_venue"``,
    ``"pk"`` for a venue itself) on an instance; a relation not loaded yet costs a query."""
    if path == "pk":
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def venue_of(obj) -> int | None:
    """The id of the venue whose staff manage ``obj`` (:data:`VENUE_PATHS`); None for a record of no
    venue (an account, reference data)."""
    path = VENUE_PATHS.get(obj._meta.label_lower)
    return None if path is None else venue_id_via(obj, path)


def _managed(user) -> Q:
    """The venues a (non-superuser) staff member manages: their own, and every branch venue of a main
    venue they belong to. The one definition; staff_scope() reads it eagerly, the subquery lazily."""
    return Q(memberships__user=user) | Q(parent__memberships__user=user)


def managed_venues_subquery(user) -> QuerySet[Venue]:
    """The same venues as a subquery (no query of its own): for one list filtered once, such as the
    reviewers' API lists, where staff_scope()'s extra query would be a cost paid for nothing."""
    if user.is_superuser:
        return Venue.objects.values("pk")
    return Venue.objects.filter(_managed(user)).values("pk")


def staff_scope(user) -> StaffScope:
    """The user's scope, computed with one query and remembered on the user object (which lives for
    one request), because the admin asks for it many times while rendering one page."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        return NO_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = StaffScope(venue_ids=frozenset(), main_systems=frozenset(), everything=True)
    else:
        ids, main_systems = set(), set()
        # A main venue has no parent, so it is in the result only if the user is its member.
        rows = Venue.objects.filter(_managed(user)).values_list("id", "kind", "system")
        for venue_id, kind, system in rows:
            ids.add(venue_id)
            if kind == VenueKind.MAIN:
                main_systems.add(system)
        scope = StaffScope(venue_ids=frozenset(ids), main_systems=frozenset(main_systems))
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_staff_scope(user) -> None:
    """After memberships change within one request (tests, the shell)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


# --- Predicates -----------------------------------------------------------------------------------


def is_venue_staff(user) -> bool:
    """Staff of at least one venue, or a superuser."""
    return staff_scope(user).is_venue_staff


def is_main_venue_staff(user) -> bool:
    return staff_scope(user).is_main_staff


def venues_managed_by(user) -> QuerySet[Venue]:
    """A provincial staff member's own venue(s); main-venue staff: every venue of their system incl.
    the main venue; superuser: all; anyone else: none."""
    return staff_scope(user).filter(Venue.objects.all(), "pk").select_related("province", "parent")


def can_manage_venue(user, venue: Venue | None) -> bool:
    return venue is not None and staff_scope(user).allows(venue.pk)


def can_review_employer(user, employer) -> bool:
    return staff_scope(user).allows(employer.reviewing_venue_id)
