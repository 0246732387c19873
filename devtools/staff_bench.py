"""The staff pages to time at national scale, for `manage.py bench` and scripts/staff_pages_timing.py:
every changelist of a big table, the review queues and the statistics (page, charts, downloads), as a
provincial staff member and as a main-venue staff member.

:func:`staff_pages` returns (label, url, role); :func:`staff_users` makes (or finds) the two users the
roles name, in the database the benchmark runs on (the one seed_scale filled).
"""

from django.db import transaction

from recruitment_weeks.accounts.models import User
from venues.enums import System, VenueKind
from venues.models import Venue, VenueMembership

PROVINCIAL, MAIN = "provincial", "main"
ROLES = (PROVINCIAL, MAIN)
USERNAMES = {PROVINCIAL: "bench-staff-provincial", MAIN: "bench-staff-main"}

# (label, path): the same paths for both roles; each role sees its own venues' rows.
PAGES: list[tuple[str, str]] = [
    ("admin_index", "/admin/"),
    ("employers", "/admin/employers/employer/"),
    ("employers_pending", "/admin/employers/employer/?status__exact=pending"),
    ("employers_search", "/admin/employers/employer/?q=%E7%A7%91%E6%8A%80"),
    ("employers_queue", "/admin/employers/employer/queue/"),
    ("postings", "/admin/employers/jobposting/"),
    ("postings_published", "/admin/employers/jobposting/?status__exact=published"),
    ("graduates", "/admin/graduates/graduate/"),
    ("graduates_pending", "/admin/graduates/graduate/?status__exact=pending"),
    ("graduates_queue", "/admin/graduates/graduate/queue/"),
    ("applications", "/admin/graduates/application/"),
    ("fair_registrations", "/admin/events/fairregistration/"),
    ("fair_registrations_queue", "/admin/events/fairregistration/queue/"),
    ("audit_log", "/admin/audit/auditentry/"),
    ("notifications", "/admin/notifications/notification/"),
    ("statistics", "/admin/venues/venue/statistics/"),
    ("statistics_by_province", "/admin/venues/venue/statistics/?group=province"),
    ("statistics_csv", "/admin/venues/venue/statistics.csv"),
    ("statistics_xlsx", "/admin/venues/venue/statistics.xlsx"),
]


def staff_pages() -> list[tuple[str, str, str]]:
    """(label, url, role) for every staff page and role."""
    return [(f"{label}[{role}]", url, role) for role in ROLES for label, url in PAGES]


@transaction.atomic
def staff_users() -> dict[str, User]:
    """role → a staff user: the provincial one is a member of the HR and education venues of the first
    province with both, the main one of the HR main venue. Created once, found afterwards."""
    users = {}
    branches = Venue.objects.filter(kind=VenueKind.BRANCH).order_by("province__code", "system")
    province_id = branches.filter(system=System.HR).values_list("province_id", flat=True).first()
    venues = {
        PROVINCIAL: list(branches.filter(province_id=province_id)),
        MAIN: list(Venue.objects.filter(kind=VenueKind.MAIN, system=System.HR)),
    }
    for role in ROLES:
        user, _created = User.objects.get_or_create(
            username=USERNAMES[role], defaults={"is_staff": True, "email": f"{USERNAMES[role]}@example.cn"}
        )
        for venue in venues[role]:
            VenueMembership.objects.get_or_create(user=user, venue=venue)
        users[role] = user
    return users
