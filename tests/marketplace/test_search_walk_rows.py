"""How far a search walks before the GIN index answers (search_plan.walk_rows): as far as its terms
are expected to need for a page, taken as independent, and not at all when even the longest walk is
not expected to fill one. From given statistics: no database needed."""

import time

import pytest

from marketplace import search_plan
from marketplace.search_plan import LexemeStats, Term

WORD, PROVINCE, DEGREE, RARE = Term("会计"), Term("§p11"), Term("§dbachelor"), Term("§k0712")


@pytest.fixture
def stats():
    """A million postings: the word in a quarter, the province in 1/32, the degree in a fifth."""
    frequency = {"会计": 0.25, "§p11": 1 / 32, "§dbachelor": 0.2, "§k0712": 0.001}
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
