"""The public job search: keyword and filters over the indexed posting document, keyset pages.

The document itself (what a posting's search text holds) is written by employers.search_text.
"""

import datetime as dt
import math
import re
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, router
from django.db.models import (
    BooleanField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from employers.enums import PostingStatus
from employers.models import CitySuffix, Employer, JobPosting
from employers.search_text import (
    CJK_RUN,
    FACET,
    WORD,
    city_key,
    salary_ceiling_step,
    salary_floor_step,
)
from employers.search_version import postings_version
from recruitment_weeks.cache import inputs_key
from recruitment_weeks.middleware import QueryTimedOut, is_query_timeout
from recruitment_weeks.pagination import InvalidCursor, decode_token, encode_token, utc_representable
from recruitment_weeks.reference.labels import reference_rows, row_labels
from venues.models import Province

from . import search_plan
from .search_plan import CAPPED, INDEX, WALK, WALK_ROWS, Term
from .statements import Composed, Statement

# --- Query side -----------------------------------------------------------------------------------
# Every public list (the /jobs/ page, /api/v1/jobs/, saved-search alerts) calls search_postings().
# On PostgreSQL a keyword becomes a tsquery over the GIN-indexed document: a 1- or 2-character CJK run
# is one lexeme; a longer run is a phrase of its pairs ('会计' <-> '计学': adjacent positions, so exactly
# the run); a Latin word is a prefix lexeme.
# On SQLite every piece is a LIKE (icontains) over the same fields. Pages are keyset (cursor) pages:
# no OFFSET, so page 1,000 costs what page 1 does.

SORT_NEWEST = "new"
SORT_SALARY = "salary"
SORT_KEYS = {SORT_NEWEST: "published_at", SORT_SALARY: "salary_max"}
MAX_PIECES = 8
PAGE_SIZE = 20
# The reference data a search needs (the filter lists, the provinces' ids) changes through the admin
# a few times a year; every search page and API call reads it. Kept (per language) for a minute, as
# the reference tables' rows are (labels.reference_rows): queries saved on the hottest request, and a
# renamed venue shows everywhere within a minute.
CHOICES_SECONDS = 60
# What a result card and the API's list item show, read as plain values (rows of three model
# instances cost the search more than its query). The rest of a posting (description, requirements,
# the search document: kilobytes each) and of its employer (contact person, address) stays unread;
# the province is named from the cached reference rows, not joined.
LIST_COLUMNS = (
    "id",
    "title",
    "city",
    "salary_min",
    "salary_max",
    "degree_requirement",
    "published_at",
    "valid_until",
    "updated_at",  # the version in the search page's card cache
    "province_id",
    "employer_id",
    "employer__name",
    "employer__industry",
    "employer__ownership",
    "employer__reply_median_hours",  # the jobs API's "usually replies within N days"
)


# PostgreSQL only: a stored generated column, to_tsvector('simple', search_text), GIN-indexed
# (employers/migrations/0007). Not a model field, because SQLite has no tsvector; reading the stored
# vector instead of computing it per row is what keeps a filter over many candidate rows cheap.
SEARCH_VECTOR = RawSQL('"employers_jobposting"."search_vector"', [], output_field=TextField())
# The facets alone (array_to_tsvector(search_facets), employers/migrations/0017): what a walk checks
# first. Not indexed: the GIN index on search_vector holds the facets too.
FACET_VECTOR = RawSQL('"employers_jobposting"."facet_vector"', [], output_field=TextField())


class _SimpleTsQuery(Func):
    template = "to_tsquery('simple'::regconfig, %(expressions)s)"
    output_field = TextField()


class _FacetTsQuery(Func):
    """A tsquery of facet lexemes, read verbatim (never parsed: the facets were stored verbatim)."""

    template = "%(expressions)s::tsquery"
    output_field = TextField()


class _TsAnd(Func):
    arg_joiner = " && "
    template = "(%(expressions)s)"
    output_field = TextField()


class _TsMatch(Func):
    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _Unindexed(Func):
    """The vector as an expression no index answers: a walk checks rows with it, so the planner
    cannot swap the walk for a GIN lookup whose size it can only guess."""

    template = "COALESCE(%(expressions)s, ''::tsvector)"
    output_field = TextField()


class _RowCompare(Func):
    """(a, b) < (c, d): compared as rows, so a btree index on (a, b) starts (or stops) exactly
    there — an OR of the two columns would be a filter checked row by row from the index's start."""

    output_field = BooleanField()

    def __init__(self, op: str, *expressions):
        super().__init__(*expressions)
        self.op = op

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, part_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(part_params)
        return f"(({parts[0]}, {parts[1]}) {self.op} ({parts[2]}, {parts[3]}))", params


def keyword_pieces(query: str) -> list[str]:
    """'Java 会计师' → ['java', '会计师']: the CJK runs and Latin words a query must all contain."""
    pieces: list[str] = []
    for word in (query or "").lower().split():
        pieces.extend(WORD.findall(CJK_RUN.sub(" ", word)))
        pieces.extend(CJK_RUN.findall(word))
    return list(dict.fromkeys(pieces))[:MAX_PIECES]


def tsquery_text(pieces: list[str]) -> str:
    """['会', '会计', '会计师', 'java'] → "'会' & '会计' & ('会计' <-> '计师') & 'java':*": one or two
    characters are one lexeme; a longer run is its pairs, each followed by the next (a phrase)."""
    terms: list[str] = []
    for piece in pieces:
        if not CJK_RUN.fullmatch(piece):
            terms.append(f"'{piece}':*")
        elif len(piece) <= 2:
            terms.append(f"'{piece}'")
        else:
            terms.append("(" + " <-> ".join(f"'{piece[i : i + 2]}'" for i in range(len(piece) - 1)) + ")")
    return " & ".join(dict.fromkeys(terms))


def keyword_terms(pieces: list[str]) -> list[Term]:
    """The lexemes a keyword asks for, as search_plan estimates them: a Latin word by its leading
    letters and digits as a prefix (the text parser may cut 'c++' to 'c': the estimate stays an upper
    bound), a longer CJK run by each of its pairs."""
    terms: list[Term] = []
    for piece in pieces:
        if not CJK_RUN.fullmatch(piece):
            terms.append(Term(re.match(r"[0-9a-z]*", piece).group(), prefix=True))
        elif len(piece) <= 2:
            terms.append(Term(piece))
        else:
            terms.extend(Term(piece[i : i + 2]) for i in range(len(piece) - 1))
    return terms


def facet_terms(params: dict[str, Any]) -> list[Term]:
    """The facets (employers.search_text.facet_tokens) a posting must hold to pass the filters of
    ``params``: exact for province, industry, ownership, degree, discipline, week and venue; for the
    city a prefix of one of its suffixes; for a salary bound the nearest step that keeps every match
    (the columns then decide exactly)."""
    terms = [
        Term(f"{FACET}{prefix}{params[name]}")
        for name, prefix in (("province", "p"), ("industry", "i"), ("ownership", "o"), ("degree", "d"))
        if params.get(name)
    ]
    if params.get("discipline"):
        terms.append(Term(f"{FACET}k{params['discipline']}"))
    if params.get("city") and city_key(params["city"]):
        terms.append(Term(f"{FACET}c{city_key(params['city'])}", prefix=True))
    if params.get("salary_min") not in (None, "") and salary_floor_step(params["salary_min"]) > 0:
        terms.append(Term(f"{FACET}sx{salary_floor_step(params['salary_min'])}"))
    if params.get("salary_max") not in (None, "") and salary_ceiling_step(params["salary_max"]) is not None:
        terms.append(Term(f"{FACET}sn{salary_ceiling_step(params['salary_max'])}"))
    week, venue = params.get("week"), params.get("venue")
    if week and venue:
        terms.append(Term(f"{FACET}wv{week}.{venue}"))
    elif week:
        terms.append(Term(f"{FACET}w{week}"))
    elif venue:
        terms.append(Term(f"{FACET}v{venue}"))
    return terms


# The facets of the filters filter_by compares by their columns as well (province, industry,
# ownership, degree, salary): the others (discipline, week, venue) are answered by their facets alone,
# and the city's (a prefix) by its column only on the rows the index gives.
COLUMN_FACETS = tuple(f"{FACET}{kind}" for kind in ("p", "i", "o", "d", "sx", "sn"))


def compared_by_column(term: Term) -> bool:
    return not term.prefix and term.lexeme.startswith(COLUMN_FACETS)


@dataclass(frozen=True)
class AnyOf:
    """Any one of these lexemes (exact): a city filter as the city facets that begin with it."""

    lexemes: tuple[str, ...]


# A city filter (a prefix of a city facet: any part of a city's name) is asked of the GIN index as
# the exact facets that begin with it (employers.CitySuffix) when there are at most this many: the
# index then skips through each facet's postings alongside the other terms, where a prefix has it
# gather every posting of every such facet first and recheck rows (employers/migrations/0023).
CITY_ALTERNATIVES = 16
CITY_FACET = f"{FACET}c"


def city_facets(term: Term) -> Term | AnyOf:
    """The city's prefix ``term`` as AnyOf the city facets that begin with it; a facet nobody holds
    when none does (the search then finds nothing, at once); ``term`` itself when more than
    CITY_ALTERNATIVES do."""
    key = term.lexeme.removeprefix(CITY_FACET)
    suffixes = list(
        CitySuffix.objects.filter(suffix__startswith=key)
        .order_by("suffix")
        .values_list("suffix", flat=True)[: CITY_ALTERNATIVES + 1]
    )
    if len(suffixes) > CITY_ALTERNATIVES:
        return term
    return AnyOf(tuple(CITY_FACET + suffix for suffix in suffixes) or (term.lexeme,))


def tsquery_literal(terms: list[Term | AnyOf]) -> str:
    """Terms as tsquery input (quoted, so any character is taken as it is):
    "'§p11' & '§c南京':*", "'§p32' & ('§c南京市' | '§c南京市江宁区')"."""

    def quoted(lexeme: str) -> str:
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"

    def term_text(term: Term | AnyOf) -> str:
        if isinstance(term, AnyOf):
            text = " | ".join(quoted(lexeme) for lexeme in term.lexemes)
            return f"({text})" if len(term.lexemes) > 1 else text
        return quoted(term.lexeme) + ":*" if term.prefix else quoted(term.lexeme)

    return " & ".join(term_text(term) for term in terms)


def _contains(piece: str) -> Q:
    return (
        Q(title__icontains=piece)
        | Q(description__icontains=piece)
        | Q(requirements__icontains=piece)
        | Q(employer__name__icontains=piece)
    )


def keyword_value(query: str) -> str | list[str] | None:
    """The keyword as the database matches it: a tsquery text on PostgreSQL, the pieces (each a LIKE)
    elsewhere; None for no keyword."""
    pieces = keyword_pieces(query)
    if not pieces:
        return None
    # The phrase operator makes the index answer exact: no LIKE recheck over the candidate rows.
    return tsquery_text(pieces) if connection.vendor == "postgresql" else pieces


def filter_keyword(
    qs: QuerySet[JobPosting], keyword: str | list[str] | None, facets: str | None = None, *, walk: bool = False
) -> QuerySet[JobPosting]:
    """Postings whose title, description, requirements or employer name contain every piece
    (``keyword`` from keyword_value()) and, on PostgreSQL, that hold every facet of ``facets`` (a
    tsquery_literal()): one match of the vector. ``walk``: checked row by row (search_plan.WALK), not
    looked up in the GIN index."""
    if isinstance(keyword, list):
        for piece in keyword:
            qs = qs.filter(_contains(piece))
        return qs
    queries = []
    if keyword is not None:
        queries.append(_SimpleTsQuery(Value(keyword)))
    if facets is not None:
        queries.append(_FacetTsQuery(Value(facets)))
    if not queries:
        return qs
    if walk:
        # Row by row: the facets first, from the small vector kept inline in the row (a few hundred
        # bytes), so a row failing a filter is never compared with its words (kilobytes, out of line).
        if facets is not None:
            qs = qs.filter(_TsMatch(_Unindexed(FACET_VECTOR), _FacetTsQuery(Value(facets))))
        if keyword is not None:
            qs = qs.filter(_TsMatch(_Unindexed(SEARCH_VECTOR), _SimpleTsQuery(Value(keyword))))
        return qs
    query = queries[0] if len(queries) == 1 else _TsAnd(*queries)
    return qs.filter(_TsMatch(SEARCH_VECTOR, query))


def provinces_by_id() -> dict[int, dict[str, str]]:
    """{id: {"code": "11", "name": "北京市"}} for the 32 provinces (the cached reference_rows): the
    API item's province."""
    return {pk: {"code": row["code"], "name": row["name"]} for pk, row in reference_rows(Province).items()}


def province_ids() -> dict[str, int]:
    """{"11": id, …}: every search with a province filter needs one (the cached reference_rows)."""
    return {row["code"]: pk for pk, row in reference_rows(Province).items()}


class ListedEmployer(SimpleNamespace):
    _meta = Employer._meta


class ListedPosting(SimpleNamespace):
    """A search result for the result card (jobs/_posting_card.html): the row's values under the
    model's attribute names, so the card and labels.display() read it as they read a JobPosting with
    its employer and province joined (the class shares the model's _meta: the choice labels) — and
    a page of results builds no model instances."""

    _meta = JobPosting._meta


def listed_postings(rows: list[dict]) -> list[ListedPosting]:
    """Rows of search_postings() as ListedPosting, the province by name (row_labels)."""
    provinces = row_labels(Province)
    return [
        ListedPosting(
            pk=row["id"],
            id=row["id"],
            title=row["title"],
            city=row["city"],
            salary_min=row["salary_min"],
            salary_max=row["salary_max"],
            degree_requirement=row["degree_requirement"],
            published_at=row["published_at"],
            valid_until=row["valid_until"],
            updated_at=row["updated_at"],
            province_id=row["province_id"],
            province=provinces[row["province_id"]],
            employer=ListedEmployer(
                pk=row["employer_id"],
                id=row["employer_id"],
                name=row["employer__name"],
                industry=row["employer__industry"],
                ownership=row["employer__ownership"],
            ),
        )
        for row in rows
    ]


PLAIN_FILTERS = ("city", "industry", "ownership", "degree", "discipline", "week", "venue")


def filter_values(params: dict[str, Any]) -> dict[str, Any]:
    """What a search compares, from the job search form's cleaned values (empty ones are ignored): the
    keyword as the database matches it, the province's id, the others as given."""
    values: dict[str, Any] = {}
    keyword = keyword_value(params.get("q") or "")
    if keyword is not None:
        values["keyword"] = keyword
    if connection.vendor == "postgresql" and (
        asked := search_plan.asked_of_index(facet_terms(params), compared_by_column=compared_by_column)
    ):
        values["facets"] = tsquery_literal(
            [city_facets(term) if term.prefix and term.lexeme.startswith(CITY_FACET) else term for term in asked]
        )
    if params.get("province"):
        # The province's id, not a join: the planner then walks the province's newest postings in
        # index order (posting_province_newest_idx) and stops after one page. From the cached map of
        # the 32 provinces; a code not in it (yet) is looked up by a scalar subquery.
        province_id = province_ids().get(params["province"])
        if province_id is None:
            province_id = Subquery(Province.objects.filter(code=params["province"]).values("pk")[:1])
        values["province"] = province_id
    values.update((name, params[name]) for name in PLAIN_FILTERS if params.get(name))
    values.update((name, params[name]) for name in ("salary_min", "salary_max") if params.get(name) not in (None, ""))
    if "facets" in values:
        for name in ("discipline", "week", "venue"):  # answered by their facets alone (filter_by)
            values.pop(name, None)
    return values


def _unindexed_column(name: str, kind: str) -> Func:
    """A column as an expression no btree index answers (``kind``: "int" or "text")."""
    template = "(%(expressions)s + 0)" if kind == "int" else "(%(expressions)s || '')"
    return Func(F(name), template=template, output_field=TextField() if kind == "text" else IntegerField())


# The filter columns a btree index could answer, by filter: (column, kind) for _unindexed_column.
INDEXED_FILTERS = {
    "province": ("province_id", "int"),
    "degree": ("degree_requirement", "text"),
    "salary_min": ("salary_max", "int"),
    "salary_max": ("salary_min", "int"),
}


def filter_by(
    qs: QuerySet[JobPosting], values: dict[str, Any], *, walk: bool = False, unindexed: Collection[str] = ()
) -> QuerySet[JobPosting]:
    """Apply filter_values(): keyword · province (id) · city: part of the city name · industry:
    employer's GB/T 4754 letter · ownership: employer's 单位性质 · degree: the posting's degree
    requirement · discipline: a 学科门类 code the posting lists · salary_min / salary_max: monthly yuan,
    postings whose range overlaps · week (id) / venue (slug): shown in an approved fair registration
    of that week and/or venue.

    On PostgreSQL the facets (values["facets"]) answer every filter in the vector's match; the
    columns are compared as well where that is cheap (and lets a btree index walk the province), the
    discipline, week and venue only by their facets. ``walk`` (search_plan.WALK): the vectors are
    compared row by row, the facets first (filter_keyword). ``unindexed``: the filters among
    INDEXED_FILTERS whose columns are compared as expressions no btree index answers (_capped_shape)."""
    from events.enums import FairRegistrationStatus
    from events.models import FairRegistration

    qs = filter_keyword(qs, values.get("keyword"), values.get("facets"), walk=walk)
    column = {name: INDEXED_FILTERS[name][0] for name in INDEXED_FILTERS}
    for name in INDEXED_FILTERS:
        if name in unindexed and name in values:
            qs = qs.alias(**{f"unindexed_{name}": _unindexed_column(*INDEXED_FILTERS[name])})
            column[name] = f"unindexed_{name}"
    if "province" in values:
        qs = qs.filter(**{column["province"]: values["province"]})
    if "city" in values:
        qs = qs.filter(city__icontains=values["city"])
    if "industry" in values:
        qs = qs.filter(employer__industry=values["industry"])
    if "ownership" in values:
        qs = qs.filter(employer__ownership=values["ownership"])
    if "degree" in values:
        qs = qs.filter(**{column["degree"]: values["degree"]})
    if "discipline" in values:
        qs = qs.filter(
            Exists(
                JobPosting.disciplines.through.objects.filter(
                    jobposting_id=OuterRef("pk"), discipline_id=values["discipline"]
                )
            )
        )
    if "salary_min" in values:
        qs = qs.filter(**{f"{column['salary_min']}__gte": values["salary_min"]})
    if "salary_max" in values:
        qs = qs.filter(**{f"{column['salary_max']}__lte": values["salary_max"]})
    if "week" in values or "venue" in values:
        shown = FairRegistration.postings.through.objects.filter(
            jobposting_id=OuterRef("pk"), fairregistration__status=FairRegistrationStatus.APPROVED
        )
        if "week" in values:
            shown = shown.filter(fairregistration__week_id=values["week"])
        if "venue" in values:
            shown = shown.filter(fairregistration__venue__slug=values["venue"])
        qs = qs.filter(Exists(shown))
    return qs


def filter_postings(qs: QuerySet[JobPosting], params: dict[str, Any]) -> QuerySet[JobPosting]:
    """The search filters of ``params`` (the job search form's cleaned values) on ``qs``."""
    return filter_by(qs, filter_values(params))


def encode_cursor(direction: str, sort: str, row: dict) -> str:
    """The position of a result row (LIST_COLUMNS) in the ``sort`` order:
    ``[direction, sort, key, id]`` in the API lists' cursor envelope (pagination.encode_token)."""
    key = row[SORT_KEYS[sort]]
    return encode_token([direction, sort, key.isoformat() if isinstance(key, dt.datetime) else key, row["id"]])


BIGINT = (1, 2**63 - 1)  # an id
INTEGER = (0, 2**31 - 1)  # salary_max (a PositiveIntegerField)


def _in_range(value: Any, bounds: tuple[int, int]) -> bool:
    """A column's value: a cursor holding any other is not one we issued (and Django would turn a
    comparison with it into a different query)."""
    return type(value) is int and bounds[0] <= value <= bounds[1]


def decode_cursor(token: str, sort: str) -> tuple[str, Any, int]:
    """(direction, sort key, id). Raises InvalidCursor for anything we did not issue for this sort."""
    try:
        direction, cursor_sort, key, pk = decode_token(token)
        if direction not in ("after", "before") or cursor_sort != sort or not _in_range(pk, BIGINT):
            raise InvalidCursor(token)
        if sort == SORT_NEWEST:
            key = dt.datetime.fromisoformat(key)
            if key.tzinfo is None:
                raise InvalidCursor(token)
            utc_representable(key)  # OverflowError for year 1 east of UTC, year 9999 west of it
        elif not _in_range(key, INTEGER):
            raise InvalidCursor(token)
    except (ValueError, TypeError, OverflowError) as exc:  # InvalidCursor from decode_token too
        raise InvalidCursor(token) from exc
    return direction, key, pk


@dataclass
class SearchPage:
    postings: list[dict]  # rows of LIST_COLUMNS
    next_cursor: str | None = None
    previous_cursor: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def _after_cursor(qs: QuerySet, sort: str, direction: str, values: dict[str, Any]) -> QuerySet:
    """The rows after the cursor (values' cursor_key, cursor_pk) in the ``sort`` order, ``direction``
    "after" (descending) or "before" (ascending); all rows when there is no cursor."""
    if values.get("cursor_pk") is None:
        return qs
    key_field, after = SORT_KEYS[sort], direction == "after"
    return qs.filter(
        _RowCompare(
            "<" if after else ">", F(key_field), F("pk"), Value(values["cursor_key"]), Value(values["cursor_pk"])
        )
    )


def _walked_columns(sort: str, values: dict[str, Any]) -> tuple[str, ...]:
    """The filters the walked btree index holds before its sort key: the province's (newest first
    with its degree, posting_province_degree_idx; best paid first, posting_province_salary_idx), a
    degree's (posting_degree_newest_idx, posting_degree_salary_idx), or none (the whole table's)."""
    if "province" in values:
        return ("province", "degree") if "degree" in values and sort == SORT_NEWEST else ("province",)
    return ("degree",) if "degree" in values else ()


def _walked(sort: str, values: dict[str, Any]) -> QuerySet:
    """The rows a walk steps through: published, in the btree index the planner walks."""
    walked = JobPosting.objects.filter(status=PostingStatus.PUBLISHED)
    columns = _walked_columns(sort, values)
    if "province" in columns:
        walked = walked.filter(province_id=values["province"])
    if "degree" in columns:
        walked = walked.filter(degree_requirement=values["degree"])
    return walked


def _walk_from(sort: str, direction: str, values: dict[str, Any], rows: int | None = None) -> QuerySet:
    """The rows a walk may read: the first ``rows`` (WALK_ROWS) after the cursor in the walked index, in order.
    As the FROM of the page's statement (an ordered LIMIT the planner can only answer by walking that
    index, row by row as the page asks for them), it bounds the walk however rare the matches."""
    key_field, after = SORT_KEYS[sort], direction == "after"
    walked = _walked(sort, values).annotate(search_vector=SEARCH_VECTOR, facet_vector=FACET_VECTOR)
    walked = _after_cursor(walked, sort, direction, values)
    order = (F(key_field).desc(), F("pk").desc()) if after else (F(key_field).asc(), F("pk").asc())
    return walked.order_by(*order)[: rows or WALK_ROWS]


def _walk_page(page: QuerySet, walked: QuerySet) -> Composed:
    """``page`` (a values() queryset over postings) reading its postings from ``walked``."""
    compiler = page.query.get_compiler(using=page.db)
    page_sql, page_params = compiler.as_sql()
    walked_sql, walked_params = walked.query.sql_with_params()
    table = f"FROM {connection.ops.quote_name(JobPosting._meta.db_table)} "
    head, found, tail = page_sql.partition(table)
    if not found or "%s" in head:  # the statement is not the shape this was written for
        raise AssertionError(page_sql)
    converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
    return Composed(
        sql=f"{head}FROM ({walked_sql}) {connection.ops.quote_name(JobPosting._meta.db_table)} {tail}",
        params=tuple(walked_params) + tuple(page_params),
        names=tuple(page.query.values_select),
        using=page.db,
        reusable=not converters,
        model=JobPosting,
    )


def _page_queryset(shape: tuple[str, str, int, str], values: dict[str, Any]) -> QuerySet | Composed:
    """One page of search_postings() and the row after it: ``shape`` is (sort, direction, limit, plan), and
    for a walk optionally how many rows it may check (search_plan.walk_rows; WALK_ROWS without);
    ``values`` are filter_values() with today's date and, for a later page, the cursor's sort key and
    id. Built by the ORM once per shape and then reused as SQL (marketplace.statements).

    ``plan`` (search_plan): WALK reads the sort key's btree index from the cursor, at most WALK_ROWS
    rows when there are terms to check (_walk_from); INDEX sorts the GIN index's matches (the sort
    keys as expressions no btree answers, so the planner cannot walk instead)."""
    from employers.selectors import postings_public

    sort, direction, limit, plan, *walk_rows = shape
    key_field, after = SORT_KEYS[sort], direction == "after"
    planned = connection.vendor == "postgresql" and ("keyword" in values or "facets" in values)
    walk = planned and plan == WALK
    capped = planned and plan == CAPPED
    unindexed = walk_rows[0] if capped and walk_rows else ()  # _capped_shape
    qs = filter_by(postings_public(today=values["today"]), values, walk=walk, unindexed=unindexed)
    qs = qs.values(*LIST_COLUMNS)
    if not walk:  # a walk starts after the cursor already (_walk_from)
        qs = _after_cursor(qs, sort, direction, values)
    if planned and plan == INDEX and values.get("edge_pk") is not None:
        # Only the matches up to that row of the walked index (search_postings widens it step by step).
        qs = qs.filter(
            _RowCompare(
                ">=" if after else "<=", F(key_field), F("pk"), Value(values["edge_key"]), Value(values["edge_pk"])
            )
        )
    if capped:
        return qs.order_by()[: CAPPED_ROWS + 1]  # in no order: the matches as the index gives them
    if planned and plan == INDEX:
        zero = Value(dt.timedelta(0)) if sort == SORT_NEWEST else Value(0)
        keys = (F(key_field) + zero, F("pk") + Value(0))
    else:
        keys = (F(key_field), F("pk"))
    qs = qs.order_by(*(key.desc() if after else key.asc() for key in keys))[: limit + 1]
    return _walk_page(qs, _walk_from(sort, direction, values, *walk_rows)) if walk else qs


SEARCH_PAGE = Statement(_page_queryset)
# After a walk that filled no page, the index's matches are read up to the row this many times
# WALK_ROWS further along the walked index, then four times further, and so on to the end.
WIDEN_FROM, WIDEN_BY = 4, 4


def _edge(sort: str, direction: str, values: dict[str, Any], offset: int) -> tuple[Any, int] | None:
    """(sort key, id) of the row ``offset`` rows after the cursor in the walked index (an index-only
    read of that many entries), or None when fewer rows remain."""
    key_field, after = SORT_KEYS[sort], direction == "after"
    walked = _walked(sort, values)
    walked = _after_cursor(walked, sort, direction, values)
    order = (F(key_field).desc(), F("pk").desc()) if after else (F(key_field).asc(), F("pk").asc())
    return walked.order_by(*order).values_list(key_field, "pk")[offset : offset + 1].first()


# At most this many of the index's matches are read in no order (then sorted here) before the
# matches are read stretch by stretch along the walked order instead.
CAPPED_ROWS = 2000


def _sorted_rows(rows: list[dict], sort: str, direction: str) -> list[dict]:
    key_field = SORT_KEYS[sort]
    return sorted(rows, key=lambda row: (row[key_field], row["id"]), reverse=direction == "after")


# A salary bound's btree range is ANDed into the capped read only when it holds at most this share of
# the postings (by the planner's own estimate): a narrow range spares reading matches it excludes
# (salary ≥ 18,500, whose facet is the 15,000 step: 124,540 matches read for none, 0.7 s at 10 M),
# a wide one costs what it holds (salary ≥ 11,500: 5,000,000 rows, 0.37 s).
RANGE_SHARE = 0.1


def _capped_shape(sort: str, direction: str, limit: int, values: dict[str, Any]) -> tuple:
    """The CAPPED statement's shape: with the filters whose columns no btree index may answer there.
    The province and the degree always (their facets are exact, and in the GIN answer unless most
    postings hold them: a btree range beside adds nothing but the rows it holds — 1,900,000 of one
    degree at 10 M, 0.55 s); a salary bound unless its range is narrow (RANGE_SHARE)."""
    unindexed = {"province", "degree"}
    stats = search_plan.lexeme_stats()
    for name, lookup in (("salary_min", "salary_max__gte"), ("salary_max", "salary_min__lte")):
        if name in values:
            ranged = JobPosting.objects.filter(status=PostingStatus.PUBLISHED, **{lookup: values[name]})
            if search_plan.estimated_rows(ranged) > RANGE_SHARE * stats.rows:
                unindexed.add(name)
    return (sort, direction, limit, CAPPED, tuple(sorted(unindexed)))


def _widen(sort: str, direction: str, limit: int, values: dict[str, Any]) -> list[dict]:
    """The page when the walk's rows held fewer than a page: the terms are common but seldom
    together, or seldom near the cursor (a degree rare among the best paid).

    First the GIN index's matches, at most CAPPED_ROWS + 1 of them in no order: if there are no more,
    that is every match, sorted here. Otherwise the matches are read within a growing stretch of the
    walked order — up to the row 4 × WALK_ROWS along, then 16 ×, … — until a stretch holds a page.
    Each stretch is exact (every match in it is read and sorted) and costs what its matches do, not
    the table. planned() keeps the planner on the GIN index: multiplying the terms' shares as if
    independent, it might otherwise prefer a sequential scan.

    The CAPPED_ROWS + 1 matches already read bound the stretches: the page surely lies within the
    row that is the (limit + 1)-th of them in the page's order (those rows are matches themselves),
    so that row ends the last stretch, or any stretch that would reach past it. And where the rows'
    physical order says nothing of the sort's (LexemeStats.in_no_order), those matches are a sample
    of where along the order all of them lie: a stretch holding none of them is skipped. (10 M
    postings, a word and a discipline common together only among the lower salaries: five stretches,
    the last holding 66,548 matches to sort for a page of 21 and 2.9 s of the 3 s limit.)"""
    key_field, after = SORT_KEYS[sort], direction == "after"
    with search_plan.planned(CAPPED):
        few = SEARCH_PAGE.rows(_capped_shape(sort, direction, limit, values), values)
    if len(few) <= CAPPED_ROWS:
        return _sorted_rows(few, sort, direction)[: limit + 1]
    sample = [(row[key_field], row["id"]) for row in _sorted_rows(few, sort, direction)]
    surely = sample[limit] if len(sample) > limit else None  # None: fewer read than a page (tests)
    skip = surely is not None and search_plan.lexeme_stats().in_no_order(key_field)

    def within(key: tuple[Any, int] | None, edge: tuple[Any, int]) -> bool:
        return key is not None and (key >= edge if after else key <= edge)

    offset = WALK_ROWS * WIDEN_FROM
    with search_plan.planned(INDEX):
        while (edge := _edge(sort, direction, values, offset)) is not None and not within(surely, edge):
            if not skip or within(sample[0], edge):  # the sample's rows found in this stretch
                edged = {**values, "edge_key": edge[0], "edge_pk": edge[1]}
                rows = SEARCH_PAGE.rows((sort, direction, limit, INDEX), edged)
                if len(rows) > limit:
                    return rows
            offset *= WIDEN_BY
        last = {**values, "edge_key": surely[0], "edge_pk": surely[1]} if surely else values
        return SEARCH_PAGE.rows((sort, direction, limit, INDEX), last)


def search_postings(
    *, params: dict[str, Any], cursor: str | None = None, limit: int = PAGE_SIZE, remember: bool = True
) -> SearchPage:
    """One page of public postings matching ``params``, newest first (sort="new", by published_at)
    or best paid first (sort="salary", by salary_max); ties by id. One query.

    ``cursor`` is a token from a previous page's next_cursor/previous_cursor; raises InvalidCursor.
    The postings are dicts of LIST_COLUMNS: the API's items (posting_list_items) and the page's
    cards (listed_postings) are made from them.

    The page is kept SEARCH_CACHE_SECONDS in the default cache under everything it was searched
    from: the parameters, the cursor, the size, the Asia/Shanghai date (postings expire by it) and
    the postings' version (employers.search_version: any write to a posting or an employer changes
    it). Many people asking the same search at once (a popular word at a week's opening) cost one
    search; nobody reads a page from before a change. A page read from a replica is not kept.
    ``remember=False`` always searches.
    """
    from employers.selectors import postings_public

    seconds = settings.SEARCH_CACHE_SECONDS
    if not remember or seconds <= 0:
        return _searched(params=params, cursor=cursor, limit=limit)
    inputs = [postings_version(), timezone.localdate().isoformat(), params, cursor, limit]
    # Read from the primary only: a replica may not yet hold a write the version already counts, and
    # its page would be kept under that version as if it did.
    keep = router.db_for_read(JobPosting) in (None, DEFAULT_DB_ALIAS)

    def searched() -> tuple[list[dict], str | None, str | None]:
        page = _searched(params=params, cursor=cursor, limit=limit)
        return page.postings, page.next_cursor, page.previous_cursor

    postings, next_cursor, previous_cursor, was_kept = _kept_or_searched(
        inputs_key("search", inputs), searched, seconds, keep=keep
    )
    if was_kept and postings:  # still public, read again: a posting or employer changed by any path vanishes at once
        public = set(postings_public().filter(pk__in=[row["id"] for row in postings]).values_list("pk", flat=True))
        postings = [row for row in postings if row["id"] in public]
    return SearchPage(postings=postings, next_cursor=next_cursor, previous_cursor=previous_cursor, params=params)


# A request waiting for another's search of the same page looks again after this many seconds,
# doubling up to the longest pause.
FIRST_PAUSE, LONGEST_PAUSE = 0.02, 0.2
# A search cancelled by statement_timeout is answered the same way, for this long, to whoever asks
# that page (the requests that waited for it and the next ones): not searched again by each of them.
TIMED_OUT_SECONDS = 5


def _kept_or_searched(name: str, search, seconds: int, *, keep: bool) -> tuple:
    """The page kept under ``name`` (and True), or ``search()``'s (and False), kept ``seconds`` when
    ``keep``. One request at a time searches a page nobody kept yet: it claims the page (cache.add,
    which only one of them wins); the others wait for its page — many people asking the same heavy
    search at a week's opening cost one search, not one each, and none of them the statement limit.
    When the claim ends without a page (its search failed), the next waiter claims it; after
    SEARCH_WAIT_SECONDS (the claim's search is slow or its process died) a waiter searches and keeps
    the page itself. With the cache unreachable nobody can claim, so everyone searches at once."""
    claim, timed_out = f"{name}:searching", f"{name}:timed-out"
    deadline = time.monotonic() + settings.SEARCH_WAIT_SECONDS
    pause, claimed = FIRST_PAUSE, False
    while True:
        found = cache.get_many([name, timed_out, claim])  # one round trip
        if name in found:
            return (*found[name], True)
        if timed_out in found:
            raise QueryTimedOut("another request's search of this page was cancelled by statement_timeout")
        if not keep:
            return (*search(), False)
        if claim not in found:
            if claimed := cache.add(claim, 1, math.ceil(settings.SEARCH_WAIT_SECONDS)):  # Redis: whole seconds
                break
            if not cache.has_key(claim):  # not added and not there: the cache is unreachable
                return (*search(), False)
        elif time.monotonic() >= deadline:  # the claim's search is slow, or its process died: search too
            break
        time.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE)
    try:
        page = search()
    except OperationalError as error:
        if is_query_timeout(error):
            cache.set(timed_out, 1, TIMED_OUT_SECONDS)
        raise
    else:
        cache.set(name, page, seconds)
    finally:
        if claimed:
            cache.delete(claim)
    return (*page, False)


def _searched(*, params: dict[str, Any], cursor: str | None, limit: int) -> SearchPage:
    sort = params.get("sort") or SORT_NEWEST
    if sort not in SORT_KEYS:
        raise InvalidCursor(sort)
    values = {**filter_values(params), "today": timezone.localdate()}
    direction = "after"
    if cursor:
        direction, values["cursor_key"], values["cursor_pk"] = decode_cursor(cursor, sort)
    plan, terms = WALK, []
    if connection.vendor == "postgresql":
        terms = keyword_terms(keyword_pieces(params.get("q") or "")) + facet_terms(params)
        plan = search_plan.choose(terms)
    if plan == WALK and terms:
        # Only as far as the terms are expected to need (search_plan.walk_rows), then the index; not
        # at all when even WALK_ROWS rows are not expected to fill the page.
        covered = frozenset(facet_terms({name: params.get(name) for name in _walked_columns(sort, values)}))
        walk_rows = search_plan.walk_rows(terms, limit + 1, covered=covered, longest=WALK_ROWS)
        rows = SEARCH_PAGE.rows((sort, direction, limit, plan, walk_rows), values) if walk_rows else []
        if 0 < len(rows) <= limit:  # part of a page: as far again as its share needs
            longer = search_plan.walk_again(len(rows), walk_rows, limit + 1, longest=WALK_ROWS)
            if longer:
                rows = SEARCH_PAGE.rows((sort, direction, limit, plan, longer), values)
        if len(rows) <= limit:
            rows = _widen(sort, direction, limit, values)
    else:
        rows = SEARCH_PAGE.rows((sort, direction, limit, plan), values)
    if direction == "after":
        more, rows = len(rows) > limit, rows[:limit]
        has_next, has_previous = more, bool(cursor)
    else:
        more, rows = len(rows) > limit, rows[:limit][::-1]
        has_next, has_previous = True, more
    return SearchPage(
        postings=rows,
        next_cursor=encode_cursor("after", sort, rows[-1]) if rows and has_next else None,
        previous_cursor=encode_cursor("before", sort, rows[0]) if rows and has_previous else None,
        params=params,
    )
