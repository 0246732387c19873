"""Bounded candidate sets for precision matching on PostgreSQL (marketplace.matching).

Ranking every public posting for a graduate (or every visible graduate for a posting) reads the whole
table: 4 s per graduate at 1 M postings. Here each direction first gathers, through indexes only, a
bounded set of rows that may fit; matching then scores those exactly with the same signals, weights,
fit rule and order, and gives the same reasons. What is bounded, and so what can be missed: an older
row that fits is left out only when more than the bound of newer rows share its signals (the page
favours what is new, as the week digest does). While a table is smaller than the walk, the candidates
hold every row that can fit, so the answer is exactly the exhaustive ranking's.

Postings for a graduate (one statement, three parts in a UNION):
    walk     among the newest POSTING_WALK published postings (posting_newest_idx, an ordered LIMIT as
             FROM, so never more rows), the first WALK_FITS whose facets (employers.search_text) hold
             one of the graduate's fit values — discipline, a preferred city, province or industry —
             and a degree requirement the graduate meets;
    regional in each preferred province, among its newest postings (posting_province_newest_idx,
             PROVINCES_WALK rows shared among the provinces), the first REGIONAL that hold another
             fit value as well (discipline, city or industry: the strongest fits) and a degree
             requirement the graduate meets;
    rare     every posting (at most RARE_ROWS) holding a fit value that PostgreSQL's statistics say is
             rare (a small city, a rare discipline), by the GIN index — so those are never crowded out.

Graduates for a posting (one statement, three parts in a UNION):
    walk     among the newest GRADUATE_WALK visible graduates (graduate_visible_newest_idx), the first
             WALK_FITS fitting by discipline, city, province or industry whose degree meets the
             requirement;
    discipline the newest visible graduates of each discipline the posting lists, REGIONAL in all
             per discipline shared among the degrees that meet the requirement
             (graduate_visible_subject_idx, a LIMIT per discipline and degree);
    province the REGIONAL most recently registered visible graduates (highest ids: the through
             table's (province_id, graduate_id) index, at most PROVINCE_READ entries read) who prefer
             the posting's province.
"""

from django.db import connection

from employers.enums import PostingStatus
from employers.models import JobPosting
from employers.search_text import FACET, city_key
from graduates.enums import GraduateStatus
from graduates.models import Graduate

from . import search_plan
from .search_plan import Term

POSTING_WALK = 2000  # rows of the newest-first index a walk reads
GRADUATE_WALK = 2000
WALK_FITS = 600  # of which at most this many fitting rows are kept (someone who fits everything)
REGIONAL = 20  # per preferred province (postings) or listed discipline (graduates)
PROVINCES_WALK = 4000  # rows of the preferred provinces' newest postings read in all (at least REGIONAL each)
RARE_ROWS = 500  # a fit value held by at most this many postings is read whole from the GIN index
PROVINCE_READ = 4 * REGIONAL


def _quoted(term: Term) -> str:
    text = "'" + term.lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
    return text + ":*" if term.prefix else text


def _any(terms: list[Term]) -> str:
    return "(" + " | ".join(_quoted(term) for term in terms) + ")"


def posting_fit_terms(
    *, discipline: str | None, cities: list[str], province_codes: list[str], industries: list[str]
) -> list[Term]:
    """The facets of which a posting must hold one to fit (a superset of matching's fit rule: a city
    by the prefix of its key, so '上海' also finds '上海市')."""
    terms = [Term(f"{FACET}k{discipline}")] if discipline else []
    # '上海' and '上海市' are one prefix: the city without 市 (matching's variants) as a prefix term
    keys = dict.fromkeys(city_key(city.removesuffix("市")) or city_key(city) for city in cities)
    terms += [Term(f"{FACET}c{key}", prefix=True) for key in keys if key]
    terms += [Term(f"{FACET}p{code}") for code in province_codes]
    terms += [Term(f"{FACET}i{letter}") for letter in industries]
    return terms


def posting_candidates(
    *,
    discipline: str | None,
    degrees: list[str],
    cities: list[str],
    provinces: list[tuple[int, str]],
    industries: list[str],
) -> tuple[str, dict] | None:
    """The statement (SQL, params) of the ids of the postings that may fit a graduate (see the
    module's docstring), for the caller to rank within it; None when nothing can fit. ``degrees``: the
    requirements the graduate meets; ``provinces``: (id, code) of each preferred province. Run it
    under search_plan.planned(INDEX): every part is an index's bounded range, and the planner, which
    multiplies the terms' shares as if independent, might otherwise prefer a sequential scan."""
    fit = posting_fit_terms(
        discipline=discipline, cities=cities, province_codes=[code for _, code in provinces], industries=industries
    )
    if not fit or not degrees:
        return None
    degree_query = _any([Term(f"{FACET}d{degree}") for degree in degrees])
    table = connection.ops.quote_name(JobPosting._meta.db_table)
    parts = [
        f"""(SELECT w.id FROM (
            SELECT p.id, p.facet_vector FROM {table} p WHERE p.status = %(published)s
            ORDER BY p.published_at DESC, p.id DESC LIMIT %(walk)s
        ) w WHERE w.facet_vector @@ %(fit)s::tsquery LIMIT %(walk_fits)s)"""
    ]
    params = {
        "published": PostingStatus.PUBLISHED,
        "walk": POSTING_WALK,
        "walk_fits": WALK_FITS,
        "fit": f"{_any(fit)} & {degree_query}",
        "degrees": degrees,
        "provinces": [pk for pk, _ in provinces],
        "regional": REGIONAL,
        "rare_rows": RARE_ROWS,
    }
    if provinces:
        # Within each preferred province, its newest postings that also hold another fit value (the
        # strongest fits: the province's 15 points and more), or, with none, any degree met.
        strong = [term for term in fit if not term.lexeme.startswith(f"{FACET}p")]
        params["strong"] = f"{_any(strong)} & {degree_query}" if strong else degree_query
        params["province_walk"] = max(REGIONAL, PROVINCES_WALK // len(provinces))
        parts.append(
            f"""SELECT c.id FROM unnest(%(provinces)s::bigint[]) AS pr(id)
            CROSS JOIN LATERAL (
                SELECT w.id FROM (
                    SELECT p.id, p.facet_vector FROM {table} p
                    WHERE p.province_id = pr.id AND p.status = %(published)s
                    ORDER BY p.published_at DESC, p.id DESC LIMIT %(province_walk)s
                ) w WHERE w.facet_vector @@ %(strong)s::tsquery LIMIT %(regional)s
            ) AS c"""
        )
    stats = search_plan.lexeme_stats()
    rare = [term for term in fit if stats.rows > POSTING_WALK and stats.estimate(term) <= RARE_ROWS]
    if rare:
        params["rare"] = f"{_any(rare)} & {degree_query}"
        parts.append(
            f"""(SELECT p.id FROM {table} p
            WHERE p.search_vector @@ %(rare)s::tsquery AND p.status = %(published)s LIMIT %(rare_rows)s)"""
        )
    return " UNION ".join(parts), params


def graduate_candidates(
    *, disciplines: list[str], degrees: list[str], cities: list[str], province_id: int | None, industry: str
) -> list[int]:
    """Ids of the visible graduates who may fit a posting (see the module's docstring). ``degrees``:
    the degrees that meet its requirement; ``cities``: its city's variants."""
    if not degrees:
        return []
    table = connection.ops.quote_name(Graduate._meta.db_table)
    through = connection.ops.quote_name(Graduate.preferred_provinces.through._meta.db_table)
    visible = "g.status = %(approved)s AND g.visible_to_employers"
    parts = [
        f"""(SELECT w.id FROM (
            SELECT g.id, g.discipline_id, g.degree, g.preferred_cities, g.preferred_industries FROM {table} g
            WHERE {visible} ORDER BY g.submitted_at DESC, g.id DESC LIMIT %(walk)s
        ) w WHERE w.degree = ANY(%(degrees)s::text[]) AND (
            w.discipline_id = ANY(%(disciplines)s::text[])
            OR (',' || w.preferred_cities || ',') LIKE ANY(%(city_patterns)s::text[])
            OR w.preferred_industries @> %(industry)s::jsonb
            OR EXISTS (SELECT 1 FROM {through} t WHERE t.graduate_id = w.id AND t.province_id = %(province)s)
        ) LIMIT %(walk_fits)s)"""
    ]
    params = {
        "approved": GraduateStatus.APPROVED,
        "walk": GRADUATE_WALK,
        "walk_fits": WALK_FITS,
        "degrees": degrees,
        "disciplines": disciplines,
        "city_patterns": [f"%,{_like(city)},%" for city in cities],
        "industry": f'["{industry}"]' if industry else "[]",
        "province": province_id,
        "regional": REGIONAL,
        "per_pair": max(1, REGIONAL // len(degrees)),
        "province_read": PROVINCE_READ,
    }
    if not industry:  # '[]' is contained in every list: no industry fits nothing
        params["industry"] = '["-"]'
    if disciplines:
        parts.append(
            f"""SELECT c.id FROM unnest(%(disciplines)s::text[]) AS k(code)
            CROSS JOIN unnest(%(degrees)s::text[]) AS d(level)
            CROSS JOIN LATERAL (
                SELECT g.id FROM {table} g
                WHERE {visible} AND g.discipline_id = k.code AND g.degree = d.level
                ORDER BY g.submitted_at DESC, g.id DESC LIMIT %(per_pair)s
            ) AS c"""
        )
    if province_id is not None:
        parts.append(
            f"""(SELECT g.id FROM (
                SELECT t.graduate_id FROM {through} t WHERE t.province_id = %(province)s
                ORDER BY t.graduate_id DESC LIMIT %(province_read)s
            ) t JOIN {table} g ON g.id = t.graduate_id
            WHERE {visible} AND g.degree = ANY(%(degrees)s::text[]) LIMIT %(regional)s)"""
        )
    with search_plan.planned(search_plan.INDEX), connection.cursor() as cursor:
        cursor.execute(" UNION ".join(parts), params)
        return [row[0] for row in cursor.fetchall()]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
