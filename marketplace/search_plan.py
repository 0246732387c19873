"""How a search runs on PostgreSQL: which of two bounded plans, from how common its terms are.

A search's keyword pieces and filter values are all terms of one tsquery over the posting's vector
(words and facets: employers.search_text). A posting matches only if it holds every term, so the
answer is never larger than the rarest term's postings. Two plans:

- INDEX: the GIN index gives exactly the matching rows (its cost follows the rarest term's postings:
  GIN intersects the terms' lists), which are then sorted. Chosen when the rarest term is rare.
- WALK: the sort order's btree index is walked from the cursor, each row checked against the terms,
  until a page is full. When every term is common a page fills after a few rows; the walk is bounded
  to a few times the rows the terms are expected to need (walk_rows), WALK_ROWS at most, and when
  those did not fill the page, INDEX answers (the terms were common but seldom together, so their
  intersection is small).

The walk is the page's statement over an ordered LIMIT of WALK_ROWS rows (marketplace.search), which
the planner can only answer by reading that index in order. The INDEX plan that follows a walk which
filled no page runs under planned(): the planner, multiplying the terms' shares as if independent,
might otherwise prefer a sequential scan for terms that are common one by one; there it may use no
sequential scan and no parallel workers (SET LOCAL, in a short transaction), and gathers the matches
of a prefix term (the city) in settings.SEARCH_WORK_MEM_MB rather than PostgreSQL's 4 MB, where a
common city's bitmap turned to pages that were all read and rechecked to find nothing.

How common a term is comes from the planner's own statistics on the vector (pg_stats'
most_common_elems, 1,000 entries a column since employers 0015), read once a few minutes per process.
A term not among them is rarer than the rarest of them.
"""

import bisect
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from threading import Lock

from django.conf import settings
from django.db import connection, connections, router, transaction

from employers.models import JobPosting

WALK = "walk"
INDEX = "index"
CAPPED = "capped"  # the GIN index's matches, a bounded number of them in no order
# A walk checks at most this many rows after the cursor (btree order) before INDEX takes over.
WALK_ROWS = 4000
# INDEX when the rarest term is expected in at most this many postings (each is read and sorted).
INDEX_ROWS = 4000
# A walk reads WALK_MARGIN times the rows its terms are expected to need for a page (walk_rows), at
# least WALK_MIN_ROWS, in powers of two (a few statement shapes) up to WALK_ROWS.
WALK_MARGIN = 4
WALK_MIN_ROWS = 256
# A walk that found part of a page walks again, WALK_AGAIN_MARGIN times as far as the share of rows
# it found says a page needs (walk_again): that share is measured, not guessed from independent terms.
WALK_AGAIN_MARGIN = 2
STATS_SECONDS = 300
# A filter held by more than this share of the postings is not asked of the GIN index when its column
# is compared as well (asked_of_index).
COMMON_SHARE = 0.5
# Below this |pg_stats.correlation| a sort column counts as in no physical order (LexemeStats.in_no_order).
SAMPLE_CORRELATION = 0.3


@dataclass(frozen=True)
class Term:
    lexeme: str
    prefix: bool = False  # a Latin word matches every lexeme it begins ('java' → 'javascript')


@dataclass(frozen=True)
class LexemeStats:
    rows: float  # the table's estimated row count
    lexemes: tuple[str, ...]  # sorted, for prefix lookups
    frequency: dict[str, float]  # share of rows holding the lexeme
    floor: float  # a lexeme not listed is in fewer than this share of rows
    # pg_stats.correlation of each sort column with the rows' physical order (absent: never analysed)
    correlation: dict[str, float] = field(default_factory=dict)

    def in_no_order(self, column: str) -> bool:
        """Whether rows read in physical order are in no particular order of ``column``: then the
        first of the GIN index's matches (a bitmap is read in physical order) are a fair sample of
        where along ``column`` the matches lie. New postings are written at the table's end, so the
        publication time is usually in order; the salary seldom is."""
        return abs(self.correlation.get(column, 1.0)) < SAMPLE_CORRELATION

    def estimate(self, term: Term) -> float:
        """Postings expected to hold the term (an upper bound for a lexeme not listed)."""
        if not term.prefix:
            return self.rows * self.frequency.get(term.lexeme, self.floor)
        start = bisect.bisect_left(self.lexemes, term.lexeme)
        share = 0.0
        for lexeme in self.lexemes[start:]:
            if not lexeme.startswith(term.lexeme):
                break
            share += self.frequency[lexeme]
        return self.rows * (share + self.floor)


_cache: dict[str, tuple[float, LexemeStats]] = {}
_lock = Lock()


def lexeme_stats() -> LexemeStats:
    """The vector's statistics for this database (cached per process for STATS_SECONDS)."""
    alias = connection.settings_dict["NAME"]
    now = time.monotonic()
    with _lock:
        found = _cache.get(alias) or _cache.get(None)
    if found and now - found[0] < STATS_SECONDS:
        return found[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs, "
            "(SELECT json_object_agg(o.attname, o.correlation) FROM pg_stats o WHERE o.schemaname = current_schema() "
            "AND o.tablename = c.relname AND o.attname IN ('published_at', 'salary_max')) "
            "FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = c.relname AND s.attname = 'search_vector' "
            "AND s.schemaname = current_schema() WHERE c.relname = 'employers_jobposting' "
            "AND c.relnamespace = current_schema()::regnamespace"
        )
        row = cursor.fetchone()
    reltuples, elems, freqs, correlation = row if row else (0, None, None, None)
    elems, freqs = elems or [], freqs or []
    # most_common_elem_freqs ends with the minimum and maximum frequency (and the null share).
    frequency = dict(zip(elems, freqs[: len(elems)], strict=True))
    floor = freqs[len(elems)] if len(freqs) > len(elems) else 1.0
    stats = LexemeStats(
        rows=max(reltuples, 0),
        lexemes=tuple(sorted(frequency)),
        frequency=frequency,
        floor=floor,
        correlation={name: value for name, value in (correlation or {}).items() if value is not None},
    )
    with _lock:
        _cache[alias] = (now, stats)
    return stats


def assume_small_table() -> None:
    """Take the statistics of a table never analysed (tests: no query to read them; the same plan)."""
    with _lock:
        _cache.clear()
        _cache[None] = (time.monotonic(), LexemeStats(rows=0, lexemes=(), frequency={}, floor=1.0))


def forget_stats() -> None:
    """After ANALYZE (tests): read the statistics afresh."""
    with _lock:
        _cache.clear()


def estimated_rows(queryset) -> float:
    """The rows the planner expects ``queryset`` to return (its EXPLAIN; no row is read)."""
    plan = json.loads(queryset.explain(format="json"))
    return float(plan[0]["Plan"]["Plan Rows"])


def choose(terms: list[Term]) -> str:
    """INDEX when the rarest term is rare, WALK otherwise (and when there is no term: every public
    posting matches, so the first rows of the walk are the page)."""
    if not terms:
        return WALK
    stats = lexeme_stats()
    if stats.rows <= INDEX_ROWS:
        return INDEX  # a small table (or one never analysed): reading every match is cheap
    return INDEX if min(stats.estimate(term) for term in terms) <= INDEX_ROWS else WALK


def asked_of_index(terms: list[Term], *, compared_by_column: Callable[[Term], bool]) -> list[Term]:
    """The terms to ask the GIN index for: all but a filter that more than COMMON_SHARE of the postings
    hold and whose column the statement compares anyway (``compared_by_column``: a salary floor most
    postings pay, a degree most accept). Intersecting such a term reads its posting list, millions
    of entries at national scale, to remove next to nothing; the column then decides on the rows
    the other terms leave. As asked on a small table (or one never analysed)."""
    if not terms:
        return terms
    stats = lexeme_stats()
    if stats.rows <= INDEX_ROWS:
        return terms
    return [t for t in terms if not (compared_by_column(t) and stats.estimate(t) > COMMON_SHARE * stats.rows)]


def walk_rows(terms: list[Term], page: int, *, covered: frozenset[Term], longest: int) -> int | None:
    """How many rows of the walked index a walk may check for a page of ``page`` rows: WALK_MARGIN
    times the rows the terms are expected to need, taken as independent (``covered``: the terms the
    walked index holds already, which every walked row has), rounded up to a power of two from
    WALK_MIN_ROWS; None when that is more than ``longest`` (the walk is expected to fail: the GIN
    index answers at once).

    Terms each common but seldom together (a word and a province and a degree that never meet) pass
    choose()'s test for a walk, and a walk of ``longest`` rows then checks that many rows, reading
    each one's vector, for nothing: under load the costliest search there is. A walk as long as the
    estimate needs fails after a few hundred rows instead, and the GIN index answers."""
    stats = lexeme_stats()
    density = 1.0
    for term in terms:
        if term not in covered and stats.rows > 0:
            density *= min(1.0, stats.estimate(term) / stats.rows)
    return _walk_length(WALK_MARGIN * page / max(density, 1e-12), start=WALK_MIN_ROWS, longest=longest)


def _walk_length(wanted: float, *, start: int, longest: int) -> int | None:
    """``wanted`` rows rounded up to a power of two from ``start`` (a few statement shapes), at most
    ``longest``; None when more than ``longest`` are wanted."""
    if wanted > longest:
        return None
    rows = start
    while rows < wanted:
        rows *= 2
    return min(rows, longest)


def walk_again(found: int, walked: int, page: int, *, longest: int) -> int | None:
    """How many rows a second walk from the same cursor may check after a walk of ``walked`` rows
    found ``found`` matches, fewer than ``page``: WALK_AGAIN_MARGIN times the rows that share of
    matches needs for a page, in powers of two (from twice ``walked``) up to ``longest``; None when
    it found none (the share is unknown), when even ``longest`` rows are not expected to be enough,
    or when the walk was already the longest.

    Terms guessed independent can be common together but less so than guessed (a frequent character
    with a degree, at 10 M postings: 19 of a page in 256 rows). The GIN index then intersected
    posting lists of millions of entries and read each match for the two missing rows: 3 s. Walking
    1,024 rows instead reads a thousand rows in order."""
    if found <= 0 or walked >= longest:
        return None
    return _walk_length(WALK_AGAIN_MARGIN * page * walked / found, start=walked * 2, longest=longest)


# The matches (a few thousand at most, each joined to its employer) are joined row by row through the
# employer's primary key: guessing them many, the planner would otherwise hash every employer first,
# and with no sequential scan allowed it reads the whole employer table through its index to do so
# (1 M postings, 100,000 employers: 91 of a stretch's 183 ms; at 10 M, a second a stretch).
_JOINS = ("enable_hashjoin", "enable_mergejoin")
_SETTINGS = {
    INDEX: ("enable_seqscan", "max_parallel_workers_per_gather", *_JOINS),
    # In no order and with a LIMIT, a btree walk filtering row by row looks cheap to the planner when
    # it guesses the matches many: the GIN index's bitmap only.
    CAPPED: ("enable_seqscan", "enable_indexscan", "max_parallel_workers_per_gather", *_JOINS),
}


@contextmanager
def planned(plan: str) -> Iterator[None]:
    """Run the statements inside with ``plan``'s paths only (PostgreSQL), and a search's bitmap in
    settings.SEARCH_WORK_MEM_MB. In a transaction of its own, or, inside the caller's, put back as
    they were when done."""
    values = {name: "0" if name.startswith("max_") else "off" for name in _SETTINGS[plan]}
    values["work_mem"] = f"{int(settings.SEARCH_WORK_MEM_MB)}MB"  # int(): read from the environment
    names = list(values)
    # On the connection the search reads from (a replica's, for public reads: recruitment_weeks/replicas.py).
    using = router.db_for_read(JobPosting)
    conn = connections[using]
    nested = conn.in_atomic_block
    with transaction.atomic(using=using):
        with conn.cursor() as cursor:
            if nested:  # SET LOCAL lasts to the end of the outermost transaction: undone below
                cursor.execute("SELECT " + ", ".join("current_setting(%s)" for _ in names), names)
                before = cursor.fetchone()
            cursor.execute("SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names), _pairs(values))
        yield
        if nested:
            with conn.cursor() as cursor:
                cursor.execute(
                    "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names),
                    _pairs(dict(zip(names, before, strict=True))),
                )


def _pairs(values: dict[str, str]) -> list[str]:
    return [item for pair in values.items() for item in pair]
