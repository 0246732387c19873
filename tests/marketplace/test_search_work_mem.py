"""A search's GIN answer gathers a prefix term's matches (the city filter) exactly: under
search_plan.planned() the bitmap has settings.SEARCH_WORK_MEM_MB, not the session's work_mem.

Past work_mem PostgreSQL's bitmap keeps pages instead of rows ("lossy"), and every page holding the
prefix is then read and rechecked, even when nothing else the search asks for is there: at 10 M
postings a city of one in 31 postings read 183,000 pages to answer nothing. Here the session's
work_mem is PostgreSQL's least (64 kB) and the prefix is every posting's city ('市'), so a lossy
bitmap is certain outside planned()."""

import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from marketplace import search_plan
from marketplace.search_plan import CAPPED, INDEX

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="work_mem is PostgreSQL's"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STATEMENT = "SELECT id FROM employers_jobposting WHERE search_vector @@ %s::tsquery LIMIT 2001"


@pytest.fixture
def seeded():
    call_command("seed_scale", employers=60, postings=12_000, graduates=10, applications=10, stdout=None)


def disjoint_query(cursor) -> str:
    """'§c省市':* and the province with most postings whose city does not hold 省市."""
    cursor.execute(
        "SELECT p.code, count(*) FROM employers_jobposting j JOIN venues_province p ON p.id = j.province_id "
        "WHERE j.city NOT LIKE '%%省市%%' GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1"
    )
    code, count = cursor.fetchone()
    assert count > 100
    return f"'§c省市':* & '§p{code}'"


def explained(cursor) -> str:
    query = disjoint_query(cursor)
    cursor.execute(STATEMENT, [query])
    assert cursor.fetchall() == []
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) " + STATEMENT, [query])
    return "\n".join(row[0] for row in cursor.fetchall())


def rechecked(plan: str) -> int:
    """Rows the heap scan read and threw away because the bitmap named only their page."""
    found = re.search(r"Rows Removed by Index Recheck: (\d+)", plan)
    return int(found.group(1)) if found else 0


def heap_blocks(plan: str) -> int:
    """Heap pages the bitmap heap scan read (EXPLAIN leaves the line out when there were none)."""
    return sum(int(n) for n in re.findall(r"(?:exact|lossy)=(\d+)", plan))


@pytest.mark.parametrize("plan", [CAPPED, INDEX])
def test_a_prefix_terms_matches_are_gathered_row_by_row_under_planned(seeded, settings, plan):
    settings.SEARCH_WORK_MEM_MB = 64
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64kB'")
        lossy = explained(cursor)
        with search_plan.planned(plan):
            cursor.execute("SHOW work_mem")
            assert cursor.fetchone()[0] == "64MB"
            exact = explained(cursor)
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "64kB"  # put back inside the caller's transaction

    # Lossy: heap pages read, and rows on them rechecked, to find nothing (how many depends on how
    # the prefix's and the province's postings share pages).
    assert heap_blocks(lossy) > 0 and rechecked(lossy) > 0
    # Exact: the index alone proved the answer empty; no heap page was read.
    assert heap_blocks(exact) == 0 and rechecked(exact) == 0
