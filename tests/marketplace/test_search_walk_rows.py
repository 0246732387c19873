"""How far a search walks before the GIN index answers (search_plan.walk_rows): as far as its terms
are expected to need for a page, taken as independent, and not at all when even the longest walk is
not expected to fill one. From given statistics: no database needed."""

import time

import pytest

from marketplace import search_plan
from marketplace.search_plan import LexemeStats, Term

WORD, PROVINCE, DEGREE, RARE = Term("会计"), Term("§p11"), Term("§dbachelor"), Term("§k0712")
# Pair facets: the province and the degree together in 1/200 (1/160 if independent); the degree with the
# rare discipline in 1/5,000 (1/1,000 of the degree's rows); the province with it never listed.
PROVINCE_DEGREE = Term("§+pd11.bachelor", parts=(PROVINCE, DEGREE))
DEGREE_RARE = Term("§+dkbachelor.0712", parts=(DEGREE, RARE))
PROVINCE_RARE = Term("§+pk11.0712", parts=(PROVINCE, RARE))


@pytest.fixture
def stats():
    """A million postings: the word in a quarter, the province in 1/32, the degree in a fifth."""
    frequency = {
        "会计": 0.25,
        "§p11": 1 / 32,
        "§dbachelor": 0.2,
        "§k0712": 0.001,
        "§+pd11.bachelor": 0.005,
        "§+dkbachelor.0712": 0.0002,
    }
    search_plan._cache.clear()
    search_plan._cache[None] = (
        time.monotonic(),
        LexemeStats(rows=1_000_000, lexemes=tuple(sorted(frequency)), frequency=frequency, floor=0.0001),
    )
    yield
    search_plan.forget_stats()


@pytest.mark.parametrize(
    ("terms", "covered", "rows"),
    [
        # The walked index holds the province and the degree: only the word is checked, 4 × 21 / 0.25.
        ([WORD, PROVINCE, DEGREE], {PROVINCE, DEGREE}, 512),
        ([WORD], set(), 512),
        # Checked row by row, the province and the degree make a page need 4 × 21 / (0.25 / 32 / 5) rows.
        ([WORD, PROVINCE, DEGREE], set(), None),
        ([PROVINCE], set(), 4000),  # 2,688 rows wanted: up to the longest walk, not past it
        ([PROVINCE], {PROVINCE}, 256),  # nothing left to check: the shortest walk
        ([WORD, RARE], set(), None),
        # A pair's share is measured: 4 × 21 / (0.25 × 0.005) = 67,200 rows, more than the longest walk.
        ([WORD, PROVINCE_DEGREE], set(), None),
        # The walk holds the province: the degree in 0.005 × 32 = 0.16 of its rows; 2,100 rows wanted.
        ([WORD, PROVINCE_DEGREE], {PROVINCE}, 4000),
        # The walk holds both: the pair is in every walked row, only the word is checked.
        ([WORD, PROVINCE_DEGREE], {PROVINCE, DEGREE}, 512),
        # The rarer pair counts first; the other shares its degree, so the province counts alone:
        # 0.0002 / 32 = 6.25e-6, not 0.0002 × 0.005 (which would count the degree twice).
        ([PROVINCE_DEGREE, DEGREE_RARE], set(), None),
        # Walking the province and the degree, the degree's pair with the discipline: 0.0002 / 0.2 = 0.001
        # of the walked rows; 84,000 rows wanted.
        ([PROVINCE_DEGREE, DEGREE_RARE], {PROVINCE, DEGREE}, None),
        # A pair not among the statistics is rarer than the rarest listed (0.0001): no walk.
        ([PROVINCE_RARE], set(), None),
    ],
)
def test_a_walk_reads_what_its_terms_are_expected_to_need(stats, terms, covered, rows):
    assert search_plan.walk_rows(terms, 21, covered=frozenset(covered), longest=4000) == rows


def test_on_a_table_never_analysed_every_term_counts_as_in_every_row():
    search_plan.assume_small_table()
    try:
        assert search_plan.walk_rows([WORD, PROVINCE], 21, covered=frozenset(), longest=4000) == 256
    finally:
        search_plan.forget_stats()


@pytest.mark.parametrize(
    ("found", "walked", "rows"),
    [
        # 19 of a page of 21 in 256 rows: 2 × 21 × 256 / 19 = 566 rows wanted, the next power of two.
        (19, 256, 1024),
        # 5 in 256: 2,150 wanted; 4,096 is past the longest walk, which is taken instead.
        (5, 256, 4000),
        (1, 256, None),  # 10,752 wanted: more than the longest walk, the index answers
        (0, 256, None),  # nothing found: the share is unknown
        (20, 256, 1024),  # one row short of a page: 538 rows wanted
        (3, 4000, None),  # already the longest walk
    ],
)
def test_a_walk_that_found_part_of_a_page_walks_again_as_far_as_its_share_needs(found, walked, rows):
    assert search_plan.walk_again(found, walked, 21, longest=4000) == rows
