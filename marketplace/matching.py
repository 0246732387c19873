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

Cost: on PostgreSQL each direction ranks a bounded candidate set gathered through indexes
(marketplace.candidates: what is bounded and what that can leave out is said there), so its cost
does not grow with the tables; elsewhere (SQLite, development) every public posting or visible
graduate is scored. A ranking is remembered for MATCHING_CACHE_SECONDS under the inputs it reads
(_remembered); each request re-scores the remembered rows, so reasons and scores are always current.
"""

import functools
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
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
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.enums import EmployerStatus, PostingStatus
from employers.models import JobPosting
from employers.selectors import postings_public
from graduates.models import Graduate
from graduates.selectors import graduates_visible_to_employers
from recruitment_weeks.cache import inputs_key
from recruitment_weeks.reference.enums import DegreeLevel, DegreeRequirement, Industry

from . import candidates, search_plan

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
# The ranking in SQL (_ranked) and the candidates it reads.
_POSTINGS = JobPosting._meta.db_table
_EMPLOYERS = JobPosting.employer.field.related_model._meta.db_table
_DISCIPLINES = JobPosting.disciplines.through._meta.db_table
_PUBLIC = "p.status = %(published)s AND p.valid_until >= %(today)s AND e.status = %(approved)s"


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
    return list(_degrees_meeting_cached(degree))


@functools.cache
def _degrees_meeting_cached(degree: str) -> tuple[str, ...]:
    # A batch of the week digest asks this once per graduate: the enum's values are built each call.
    rank = DegreeLevel.rank(degree)
    return (DegreeRequirement.ANY.value, *(level for level in DegreeLevel.values if DegreeLevel.rank(level) <= rank))


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


def _remembered(key: tuple, rank) -> list[int]:
    """The ids ``rank()`` gives, kept MATCHING_CACHE_SECONDS under ``key`` (every input the ranking
    reads, so a changed profile or posting is a new key and nothing needs forgetting)."""
    seconds = settings.MATCHING_CACHE_SECONDS
    if seconds <= 0:
        return rank()
    name = inputs_key(f"matching:{key[0]}", key)
    ids = cache.get(name)
    if ids is None:
        ids = rank()
        cache.set(name, ids, seconds)
    return ids


def recommended_postings(*, graduate: Graduate, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """The public postings that fit the graduate best, best first, each with its reasons.

    The ranking is remembered (``_remembered``) under the graduate's matching inputs and the day; each
    request then scores the remembered postings afresh (one query, plus one for the graduate's
    preferred provinces unless prefetched), leaving out any that is no longer public or no longer
    fits. Ranking itself is one more query; on PostgreSQL it ranks the bounded candidates
    (marketplace.candidates) instead of every public posting, with its planner settings
    (search_plan.planned)."""
    prefetch_related_objects([graduate], "preferred_provinces")
    key = (
        "postings",
        limit,
        timezone.localdate(),
        graduate.discipline_id,
        graduate.degree,
        sorted(_preferred_cities(graduate)),
        sorted(p.pk for p in graduate.preferred_provinces.all()),
        sorted(graduate.preferred_industries or []),
        graduate.expected_salary,
    )
    ids = _remembered(key, lambda: _recommended_ids(graduate, limit))
    scored = _postings_scored(graduate, base=postings_public().filter(pk__in=ids)).filter(_fits()).in_bulk()
    return _best_first([_posting_match(graduate, scored[pk]) for pk in ids if pk in scored])


def _best_first(matches: list[Match]) -> list[Match]:
    """Re-scored remembered matches, best first again: a row whose score changed since the ranking
    moves; equal scores keep the ranking's order (newest first, then by id)."""
    return sorted(matches, key=lambda match: -match.score)


def _recommended_ids(graduate: Graduate, limit: int) -> list[int]:
    if connection.vendor != "postgresql":
        rows = _postings_scored(graduate).filter(_fits()).order_by("-match_score", "-published_at", "-id")
        return list(rows.values_list("pk", flat=True)[:limit])
    statement = candidates.posting_candidates(
        discipline=graduate.discipline_id,
        degrees=[str(degree) for degree in _degrees_meeting(graduate.degree)],
        cities=_preferred_cities(graduate),
        provinces=[(p.pk, p.code) for p in graduate.preferred_provinces.all()],
        industries=list(graduate.preferred_industries or []),
    )
    if statement is None:
        return []
    union, params = statement
    candidates_sql = f"""candidates AS (
        SELECT g.id AS gid, p.id AS pid FROM g CROSS JOIN ({union}) AS u(id)
        JOIN {_POSTINGS} p ON p.id = u.id JOIN {_EMPLOYERS} e ON e.id = p.employer_id WHERE {_PUBLIC})"""
    params = {**params, "today": timezone.localdate(), "approved": EmployerStatus.APPROVED}
    with search_plan.planned(search_plan.INDEX), connection.cursor() as cursor:
        return [pid for _, pid, _, _ in _ranked(cursor, [graduate], candidates_sql, params, limit)]


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
        "codes": codes,
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
    first, with reasons. The ranking is remembered like recommended_postings()' (under the posting's
    matching inputs); each request re-scores those graduates, leaving out any no longer visible or
    no longer fitting. Contact details are not part of this: see selectors.employer_may_see_contact."""
    spec = _graduate_flags(posting)
    key = (
        "graduates",
        limit,
        posting.pk,
        sorted(spec["codes"]),
        posting.degree_requirement,
        posting.city,
        posting.province_id,
        posting.employer.industry,
        posting.salary_max,
    )
    ids = _remembered(key, lambda: _matching_ids(posting, spec, limit))
    rows = _graduates_scored(spec, posting, graduates_visible_to_employers().filter(pk__in=ids)).in_bulk()
    return _best_first(
        [
            Match(
                obj=graduate,
                score=graduate.match_score,
                reasons=_reasons(
                    {signal: bool(getattr(graduate, f"m_{signal}")) for signal in WEIGHTS}, graduate, posting
                ),
            )
            for graduate in (rows[pk] for pk in ids if pk in rows)
        ]
    )


def _graduates_scored(spec: dict, posting: JobPosting, graduates: QuerySet[Graduate]) -> QuerySet[Graduate]:
    return (
        graduates.filter(degree__in=_levels_meeting(posting.degree_requirement))
        .select_related("discipline", "university_province")
        .annotate(m_cities=spec["padded"], m_industries=Cast("preferred_industries", TextField()))
        .annotate(**spec["flags"])
        .annotate(match_score=_score())
        .filter(_fits())
    )


def _matching_ids(posting: JobPosting, spec: dict, limit: int) -> list[int]:
    visible = graduates_visible_to_employers()
    if connection.vendor == "postgresql":
        ids = candidates.graduate_candidates(
            disciplines=spec["codes"],
            degrees=[str(level) for level in _levels_meeting(posting.degree_requirement)],
            cities=_city_variants(posting.city),
            province_id=posting.province_id,
            industry=posting.employer.industry,
        )
        if not ids:
            return []
        visible = visible.filter(pk__in=ids)
    rows = _graduates_scored(spec, posting, visible).order_by("-match_score", "-submitted_at", "-id")
    return list(rows.values_list("pk", flat=True)[:limit])


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


# --- Postings for many graduates at once (the week digest) --------------------------------------------

DIGEST_REGIONAL_CANDIDATES = 10  # newest public postings per (preferred province, degree requirement)
DIGEST_NATIONAL_CANDIDATES = 100  # newest public postings nationwide, shared by every graduate of a batch


@dataclass(frozen=True)
class PostingLine:
    posting_id: int
    title: str
    employer_name: str


def recommended_postings_for_many(
    graduates: list[Graduate],
    *,
    limit: int = DEFAULT_LIMIT,
    regional: int = DIGEST_REGIONAL_CANDIDATES,
    national: int = DIGEST_NATIONAL_CANDIDATES,
) -> dict[int, list[PostingLine]]:
    """recommended_postings() for a batch of graduates in one query, at a cost bounded per graduate
    (their preferred provinces are read in the same query). Returns {graduate id: best first}.

    Same signals, weights, fit rule and order as recommended_postings(), but ranked among bounded
    candidates instead of every public posting: for each (preferred province, degree requirement the
    graduate meets) the ``regional`` newest public postings (the index posting_province_degree_idx,
    LIMIT per pair — each pair walked once per batch, whatever the number of graduates sharing it),
    plus the ``national`` newest public postings of any province (for fits by discipline, city or
    industry outside the preferred provinces). A strong but older fit outside those candidates is
    not recommended: the digest favours what is new, and its cost no longer grows with the table.
    Where the candidates hold every fitting posting (a small database) the answer is exactly
    recommended_postings()'s. SQLite (development) runs recommended_postings() per graduate."""
    if not graduates:
        return {}
    if connection.vendor != "postgresql":
        return {
            g.pk: [
                PostingLine(m.obj.pk, m.obj.title, m.obj.employer.name)
                for m in recommended_postings(graduate=g, limit=limit)
            ]
            for g in graduates
        }
    posting, employer, public = _POSTINGS, _EMPLOYERS, _PUBLIC
    candidates_sql = f"""
    pairs AS (
        SELECT DISTINCT gp.province_id, gd.req
        FROM g CROSS JOIN unnest(g.provinces) AS gp(province_id) CROSS JOIN unnest(g.degrees) AS gd(req)
    ),
    regional AS MATERIALIZED (
        SELECT pairs.province_id, pairs.req, c.id
        FROM pairs CROSS JOIN LATERAL (
            SELECT p.id FROM {posting} p JOIN {employer} e ON e.id = p.employer_id
            WHERE p.province_id = pairs.province_id AND p.degree_requirement = pairs.req AND {public}
            ORDER BY p.published_at DESC, p.id DESC LIMIT %(regional)s
        ) AS c
    ),
    national AS MATERIALIZED (
        SELECT p.id, p.degree_requirement, p.city, p.province_id, e.industry,
               ARRAY(SELECT d.discipline_id FROM {_DISCIPLINES} d WHERE d.jobposting_id = p.id) AS disciplines
        FROM {posting} p JOIN {employer} e ON e.id = p.employer_id
        WHERE {public} ORDER BY p.published_at DESC, p.id DESC LIMIT %(national)s
    ),
    candidates AS (
        SELECT g.id AS gid, r.id AS pid
        FROM g CROSS JOIN unnest(g.provinces) AS gp(province_id) CROSS JOIN unnest(g.degrees) AS gd(req)
        JOIN regional r ON r.province_id = gp.province_id AND r.req = gd.req
        UNION
        SELECT g.id, n.id FROM g CROSS JOIN unnest(g.degrees) AS gd(req) JOIN national n
            ON n.degree_requirement = gd.req AND (
                g.discipline = ANY(n.disciplines) OR n.city = ANY(g.cities)
                OR n.province_id = ANY(g.provinces) OR n.industry = ANY(g.industries))
    )"""
    params = {
        "today": timezone.localdate(),
        "published": PostingStatus.PUBLISHED,
        "approved": EmployerStatus.APPROVED,
        "regional": regional,
        "national": national,
    }
    found: dict[int, list[PostingLine]] = {g.pk: [] for g in graduates}
    with transaction.atomic(), connection.cursor() as cursor:
        # A batch's candidates and their sort fit in memory (~150,000 pairs for 1,000 graduates)
        # instead of spilling to disk under the default 4 MB; only for this transaction.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        for gid, pid, title, employer_name in _ranked(cursor, graduates, candidates_sql, params, limit):
            found[gid].append(PostingLine(pid, title, employer_name))
    return found


def _ranked(cursor, graduates: list[Graduate], candidates_sql: str, params: dict, limit: int) -> list[tuple]:
    """Rank candidate postings for each of ``graduates`` in SQL, with the signals, weights, fit rule
    and order of _posting_flags()/_score() (the tests compare the two): (graduate id, posting id,
    title, employer name) rows, best first, at most ``limit`` per graduate. ``candidates_sql`` defines
    the CTE "candidates" (gid, pid) — it may use the CTE "g" (the graduates: id, discipline, degrees,
    cities, provinces, industries, expected) and the earlier CTEs it defines itself."""
    rows = [
        {
            "id": g.pk,
            "discipline": g.discipline_id,
            "degrees": _degrees_meeting(g.degree),
            "cities": _preferred_cities(g),
            "industries": list(g.preferred_industries or []),
            "expected": g.expected_salary,
        }
        for g in graduates
    ]
    posting, employer = _POSTINGS, _EMPLOYERS
    through = connection.ops.quote_name(Graduate.preferred_provinces.through._meta.db_table)
    score = " + ".join(f"CASE WHEN {signal} THEN {weight} ELSE 0 END" for signal, weight in WEIGHTS.items())
    sql = f"""
    WITH g AS MATERIALIZED (
        SELECT g.*, ARRAY(SELECT t.province_id FROM {through} t WHERE t.graduate_id = g.id) AS provinces
        FROM jsonb_to_recordset(%(graduates)s::jsonb) AS g(
            id bigint, discipline text, degrees text[], cities text[], industries text[], expected integer)
    ),
    {candidates_sql},
    postings AS MATERIALIZED (
        SELECT p.id, p.title, p.city, p.province_id, p.degree_requirement, p.salary_max, p.published_at,
               e.name AS employer_name, e.industry,
               ARRAY(SELECT d.discipline_id FROM {_DISCIPLINES} d WHERE d.jobposting_id = p.id) AS disciplines
        FROM (SELECT DISTINCT pid FROM candidates) AS c
        JOIN {posting} p ON p.id = c.pid JOIN {employer} e ON e.id = p.employer_id
    ),
    signals AS (
        SELECT c.gid, p.id, p.title, p.employer_name, p.published_at,
            COALESCE(g.discipline = ANY(p.disciplines), false) AS discipline,
            cardinality(p.disciplines) = 0 AS discipline_any,
            p.degree_requirement <> %(any)s AS degree,
            p.degree_requirement = %(any)s AS degree_any,
            COALESCE(p.city = ANY(g.cities), false) AS city,
            COALESCE(p.province_id = ANY(g.provinces) AND NOT p.city = ANY(g.cities), false) AS province,
            COALESCE(p.industry = ANY(g.industries), false) AS industry,
            COALESCE(p.salary_max >= g.expected, false) AS salary,
            COALESCE(p.salary_max >= (4 * g.expected + 4) / 5 AND p.salary_max < g.expected, false)
                AS salary_near
        FROM candidates c JOIN g ON g.id = c.gid JOIN postings p ON p.id = c.pid
    ),
    ranked AS (
        SELECT gid, id, title, employer_name,
            row_number() OVER (PARTITION BY gid ORDER BY {score} DESC, published_at DESC, id DESC) AS rank
        FROM signals WHERE discipline OR city OR province OR industry
    )
    SELECT gid, id, title, employer_name FROM ranked WHERE rank <= %(limit)s ORDER BY gid, rank
    """
    cursor.execute(sql, {**params, "graduates": json.dumps(rows), "any": DegreeRequirement.ANY, "limit": limit})
    return cursor.fetchall()
