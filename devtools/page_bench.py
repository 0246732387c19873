"""`bench --pages`: the pages whose cost once grew with the data — a venue page, a graduate's
recommendations, a posting's matching graduates, a staff member's name search — each in a typical
shape and in the worst shape a user can make, as (label, path, user) for the benchmark's load runs.

The worst shapes are made on the benchmark database (seed_scale's rows, deleted by its --reset):
- a graduate who prefers every province, every industry and as many cities as the form takes, with
  the highest degree (so every degree requirement is met): the last approved seeded graduate;
- a posting that lists every 学科门类 and requires no particular degree: the newest public posting
  of the employer whose posting is the typical one's neighbour.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.db import transaction
from django.db.models import Count, Q

from employers.models import JobPosting
from employers.search_text import refresh_search_text
from employers.selectors import postings_public
from events.enums import FairRegistrationStatus
from graduates.enums import GraduateStatus
from graduates.models import Graduate
from recruitment_weeks.reference.enums import DegreeLevel, DegreeRequirement, Industry
from recruitment_weeks.reference.models import Discipline
from venues.enums import VenueKind
from venues.models import Province, Venue

# Up to the form's 200 characters of cities.
WORST_CITIES = (
    "苏州,无锡,常州,南通,宁波,温州,嘉兴,绍兴,金华,台州,厦门,泉州,福州,青岛,烟台,潍坊,大连,沈阳,长春,哈尔滨,"
    "石家庄,唐山,保定,太原,大同,郑州,洛阳,合肥,芜湖,南昌,长沙,武汉,宜昌,成都,绵阳,重庆,贵阳,昆明,南宁,桂林"
)
NAME_ABSENT = "鬣蜥"  # a name nobody has
EVERYONE = "大学"  # in (nearly) every graduate's university


@dataclass(frozen=True)
class PageRun:
    label: str
    path: str
    user: object | None  # None: anonymous


@transaction.atomic
def worst_graduate() -> Graduate:
    graduate = (
        Graduate.objects.filter(status=GraduateStatus.APPROVED, user__username__startswith="scale-")
        .select_related("user")
        .order_by("-pk")
        .first()
    )
    graduate.degree = DegreeLevel.values[-1]
    graduate.preferred_cities = WORST_CITIES
    graduate.preferred_industries = list(Industry.values)
    graduate.save(update_fields=["degree", "preferred_cities", "preferred_industries"])
    graduate.preferred_provinces.set(Province.objects.all())
    return graduate


@transaction.atomic
def worst_posting(typical: JobPosting) -> JobPosting:
    posting = (
        postings_public()
        .filter(employer__user__username__startswith="scale-")
        .exclude(employer_id=typical.employer_id)
        .order_by("-published_at", "-id")
        .first()
    )
    posting.degree_requirement = DegreeRequirement.ANY
    posting.save(update_fields=["degree_requirement"])
    posting.disciplines.set(Discipline.objects.all())
    refresh_search_text(posting=posting)
    return posting


def page_runs(*, main_staff) -> list[PageRun]:
    """The pages, typical and worst, with the user each is fetched as. ``main_staff``: a main-venue
    staff user (the bench's --staff user), who searches every graduate by name."""
    typical_graduate = (
        Graduate.objects.filter(status=GraduateStatus.APPROVED, user__username__startswith="scale-")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    typical_posting = (
        postings_public()
        .filter(employer__user__username__startswith="scale-")
        .select_related("employer__user")
        .order_by("-published_at", "-id")
        .first()
    )
    if typical_graduate is None or typical_posting is None:
        raise ValueError("no seeded graduate or posting: run seed_scale first")
    worst_g = worst_graduate()
    worst_p = worst_posting(typical_posting)
    branch = (
        Venue.objects.filter(kind=VenueKind.BRANCH)
        .annotate(n=Count("fair_registrations", filter=Q(fair_registrations__status=FairRegistrationStatus.APPROVED)))
        .order_by("-n", "slug")
        .first()
    )
    main = Venue.objects.filter(kind=VenueKind.MAIN).order_by("slug").first()
    common_name = typical_graduate.name
    return [
        PageRun("venue page: branch with most fair employers", f"/venues/{branch.slug}/", None),
        PageRun("venue page: main venue", f"/venues/{main.slug}/", None),
        PageRun("recommendations: typical graduate", "/graduate/recommended/", typical_graduate.user),
        PageRun("recommendations: widest preferences", "/graduate/recommended/", worst_g.user),
        PageRun("matches: typical posting", f"/jobs/{typical_posting.pk}/matches/", typical_posting.employer.user),
        PageRun("matches: every discipline, any degree", f"/jobs/{worst_p.pk}/matches/", worst_p.employer.user),
        PageRun("staff name search: common name", f"/admin/graduates/graduate/?q={quote(common_name)}", main_staff),
        PageRun("staff name search: nobody's name", f"/admin/graduates/graduate/?q={quote(NAME_ABSENT)}", main_staff),
        PageRun("staff search: a word in every record", f"/admin/graduates/graduate/?q={quote(EVERYONE)}", main_staff),
    ]
