"""Precision matching (人岗精准对接): how well a posting fits a graduate, with the reasons why.

One definition serves both directions — postings for a graduate ("recommended for you") and
graduates for an employer's posting. Each signal is a boolean computed in SQL (so a list is ranked by
the database with LIMIT, whatever the number of postings); the score is the sum of the weights of
the signals that hold; the reasons are read from the same signals, so score and explanation cannot
disagree. A graduate whose degree is below the posting's requirement never matches.

Signals and weights (points):
    discipline      30  the posting lists the graduate's 学科门类
    discipline_any  10  the posting lists no 学科门类 (open to all)
    degree          20  the graduate's degree meets a stated requirement
    degree_any      10  the posting requires no particular degree
    city            20  the posting's city is one the graduate prefers
    province        15  …else its province is one the graduate prefers
    industry        15  the employer's industry is one the graduate prefers
    salary          15  the posting's top salary reaches the graduate's expectation
    salary_near      5  …else it reaches at least 80% of it

A posting is recommended (and a graduate listed for a posting) only when at least one of
discipline, city, province or industry holds: degree and salary alone say nothing about fit.
Ties are broken by newest posting (or most recently registered graduate), then by id: deterministic.

Cost: one query that scores every public posting the graduate's degree allows (hashed subplans, no
per-row lookups). Measured on PostgreSQL 15 with 270,000 public postings: ~0.4 s per graduate with
jit=off (~0.9 s with JIT on, which spends most of it compiling). Capping to the newest N fitting
postings was measured too and saved almost nothing (the scan dominates), so the ranking stays exact.
"""

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from employers.models import JobPosting
from employers.selectors import postings_public
from graduates.models import Graduate
from graduates.selectors import graduates_visible_to_employers
from recruitment_weeks.reference.enums import DegreeLevel, DegreeRequirement, Industry

WEIGHTS: dict[str, int] = {
    "discipline": 30,
    "discipline_any": 10,
    "degree": 20,
    "degree_any": 10,
    "city": 20,
    "province": 15,
    "industry": 15,
    "salary": 15,
    "salary_near": 5,
}
FIT_SIGNALS = ("discipline", "city", "province", "industry")
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Reason:
    signal: str
    points: int
    text: str


@dataclass
class Match:
    """A posting (for a graduate) or a graduate (for a posting), its score and why."""

    obj: object
    score: int
    reasons: list[Reason] = field(default_factory=list)


def _flag(condition) -> ExpressionWrapper | Value:
    if condition is None:
        return _const(False)
    return ExpressionWrapper(condition, output_field=BooleanField())


def _const(value: bool) -> Value:
    return Value(value, output_field=BooleanField())


def _score() -> object:
    total = Value(0)
    for signal, weight in WEIGHTS.items():
        total = total + Case(When(**{f"m_{signal}": True}, then=Value(weight)), default=Value(0))
    return total


def _city_variants(city: str) -> list[str]:
    """'上海' ↔ '上海市': people write a city with or without 市."""
    city = city.strip()
    if not city:
        return []
    base = city.removesuffix("市")
    return list(dict.fromkeys([city, base, f"{base}市"]))


def _preferred_cities(graduate: Graduate) -> list[str]:
    return [variant for city in graduate.preferred_cities.split(",") for variant in _city_variants(city)]


def _degrees_meeting(degree: str) -> list[str]:
    """Requirements a graduate with ``degree`` meets: 'any' and every level up to theirs."""
    rank = DegreeLevel.rank(degree)
    return [DegreeRequirement.ANY, *(level for level in DegreeLevel.values if DegreeLevel.rank(level) <= rank)]


def _levels_meeting(requirement: str) -> list[str]:
    """Degrees that meet a posting's requirement."""
    if requirement == DegreeRequirement.ANY:
        return list(DegreeLevel.values)
    rank = DegreeLevel.rank(requirement)
    return [level for level in DegreeLevel.values if DegreeLevel.rank(level) >= rank]


# --- Postings for a graduate ------------------------------------------------------------------------


def _posting_flags(graduate: Graduate) -> dict:
    through = JobPosting.disciplines.through
    cities = _preferred_cities(graduate)
    province_ids = [p.pk for p in graduate.preferred_provinces.all()]
    expected = graduate.expected_salary
    city = Q(city__in=cities) if cities else None
    province = Q(province_id__in=province_ids) if province_ids else None
    if province is not None and city is not None:
        province &= ~city
    return {
        "m_discipline": Exists(
            through.objects.filter(jobposting_id=OuterRef("pk"), discipline_id=graduate.discipline_id)
        ),
        "m_discipline_any": ~Exists(through.objects.filter(jobposting_id=OuterRef("pk"))),
        "m_degree": _flag(~Q(degree_requirement=DegreeRequirement.ANY)),
        "m_degree_any": _flag(Q(degree_requirement=DegreeRequirement.ANY)),
        "m_city": _flag(city),
        "m_province": _flag(province),
        "m_industry": _flag(
            Q(employer__industry__in=graduate.preferred_industries) if graduate.preferred_industries else None
        ),
        # salary_max ≥ expected; near: salary_max ≥ 80% of expected (integers: 5·max ≥ 4·expected)
        "m_salary": _flag(Q(salary_max__gte=expected) if expected else None),
        "m_salary_near": _flag(
            Q(salary_max__gte=-(-4 * expected // 5)) & Q(salary_max__lt=expected) if expected else None
        ),
    }


def _postings_scored(graduate: Graduate, base: QuerySet[JobPosting] | None = None) -> QuerySet[JobPosting]:
    flags = _posting_flags(graduate)
    qs = (base if base is not None else postings_public()).filter(
        degree_requirement__in=_degrees_meeting(graduate.degree)
    )
    return qs.annotate(**flags).annotate(match_score=_score())


def _fits() -> Q:
    q = Q()
    for signal in FIT_SIGNALS:
        q |= Q(**{f"m_{signal}": True})
    return q


def recommended_postings(*, graduate: Graduate, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """The public postings that fit the graduate best, best first, each with its reasons. One query
    (plus one for the graduate's preferred provinces unless prefetched)."""
    rows = _postings_scored(graduate).filter(_fits()).order_by("-match_score", "-published_at", "-id")[:limit]
    return [_posting_match(graduate, posting) for posting in rows]


def match_posting(*, graduate: Graduate, posting: JobPosting) -> Match | None:
    """How one posting fits the graduate (None if their degree does not meet its requirement)."""
    row = _postings_scored(graduate, base=JobPosting.objects.select_related("employer", "province")).filter(
        pk=posting.pk
    )
    row = row.first()
    return _posting_match(graduate, row) if row is not None else None


def _posting_match(graduate: Graduate, posting: JobPosting) -> Match:
    signals = {signal: bool(getattr(posting, f"m_{signal}")) for signal in WEIGHTS}
    return Match(obj=posting, score=posting.match_score, reasons=_reasons(signals, graduate, posting))


# --- Graduates for a posting ------------------------------------------------------------------------


def _graduate_flags(posting: JobPosting) -> dict:
    codes = [d.pk for d in posting.disciplines.all()]
    cities = _city_variants(posting.city)
    padded = Concat(Value(","), "preferred_cities", Value(","), output_field=TextField())
    city = Q()
    for variant in cities:
        city |= Q(m_cities__contains=f",{variant},")
    province = Exists(
        Graduate.preferred_provinces.through.objects.filter(graduate_id=OuterRef("pk"), province_id=posting.province_id)
    )
    industry = posting.employer.industry
    salary = posting.salary_max
    return {
        "padded": padded,
        "flags": {
            "m_discipline": _flag(Q(discipline_id__in=codes) if codes else None),
            "m_discipline_any": _const(not codes),
            "m_degree": _const(posting.degree_requirement != DegreeRequirement.ANY),
            "m_degree_any": _const(posting.degree_requirement == DegreeRequirement.ANY),
            "m_city": _flag(city if cities else None),
            "m_province": _flag(Q(province) & ~city if cities else Q(province)),
            # preferred_industries is a JSON list of letters: its text contains "X" (quotes included)
            "m_industry": _flag(Q(m_industries__contains=f'"{industry}"')),
            "m_salary": _flag(Q(expected_salary__lte=salary) if salary else None),
            "m_salary_near": _flag(
                Q(expected_salary__gt=salary, expected_salary__lte=5 * salary // 4) if salary else None
            ),
        },
    }


def matching_graduates(*, posting: JobPosting, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """Approved graduates who show their job-seeking information and fit the posting best, best
    first, with reasons. Contact details are not part of this: see selectors.employer_may_see_contact."""
    spec = _graduate_flags(posting)
    rows = (
        graduates_visible_to_employers()
        .filter(degree__in=_levels_meeting(posting.degree_requirement))
        .select_related("discipline", "university_province")
        .annotate(m_cities=spec["padded"], m_industries=Cast("preferred_industries", TextField()))
        .annotate(**spec["flags"])
        .annotate(match_score=_score())
        .filter(_fits())
        .order_by("-match_score", "-submitted_at", "-id")[:limit]
    )
    return [
        Match(
            obj=graduate,
            score=graduate.match_score,
            reasons=_reasons({signal: bool(getattr(graduate, f"m_{signal}")) for signal in WEIGHTS}, graduate, posting),
        )
        for graduate in rows
    ]


# --- Reasons ------------------------------------------------------------------------------------------


def _reasons(signals: dict[str, bool], graduate: Graduate, posting: JobPosting) -> list[Reason]:
    texts = {
        "discipline": lambda: _("学科门类对口：%(name)s") % {"name": graduate.discipline},
        "discipline_any": lambda: _("不限学科门类"),
        "degree": lambda: (
            _("学历符合要求：%(required)s及以上") % {"required": posting.get_degree_requirement_display()}
        ),
        "degree_any": lambda: _("不限学历"),
        "city": lambda: _("位于意向城市：%(city)s") % {"city": posting.city},
        "province": lambda: _("位于意向省份：%(province)s") % {"province": posting.province},
        "industry": lambda: _("属于意向行业：%(industry)s") % {"industry": Industry(posting.employer.industry).label},
        "salary": lambda: (
            _("月薪最高%(max)s元，达到期望的%(expected)s元")
            % {"max": posting.salary_max, "expected": graduate.expected_salary}
        ),
        "salary_near": lambda: (
            _("月薪最高%(max)s元，接近期望的%(expected)s元")
            % {"max": posting.salary_max, "expected": graduate.expected_salary}
        ),
    }
    return [Reason(signal, WEIGHTS[signal], str(texts[signal]())) for signal in WEIGHTS if signals.get(signal)]
