"""The search's GIN index holds each posting's pair facets, computed from its stored facets by the SQL
function facet_pairs() (employers 0023); the search asks for them as employers.search_text.pair_tokens
writes them. The two must agree exactly, or a search with two filters would miss postings."""

import pytest
from django.db import connection

from employers.models import JobPosting
from employers.search_text import pair_tokens
from tests.factories import PostingFactory, discipline

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the index and its function are PostgreSQL's"),
]

FACETS = "§p21 §c大连 §c连 §dmaster §iC §oprivate §k01 §k08 §sx1000 §sn2000 §w3 §vdl §wv3.dl"


def pairs_in_sql(facets: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(facet_pairs(%s))", [facets])
        return sorted(cursor.fetchone()[0])


def test_the_function_gives_every_pair_but_province_with_city_and_two_disciplines():
    pairs = pairs_in_sql(FACETS)
    assert pairs == pair_tokens(FACETS)
    assert len(pairs) == 24  # p: 5 (not the city), i: 6, o: 5, d: 4, each discipline with the 2 city parts: 4
    assert {"§+pi21.C", "§+ocprivate.大连", "§+dk" + "master.08", "§+kc01.连"} <= set(pairs)
    assert not [pair for pair in pairs if pair.startswith(("§+pc", "§+kk"))]
    assert not [pair for pair in pairs if "sx" in pair or "wv" in pair or "3.dl" in pair]  # not paired
    assert pairs_in_sql("§sx1000 §p11") == pair_tokens("§sx1000 §p11") == []
    assert pairs_in_sql("") == []


def test_the_function_and_the_application_agree_on_saved_postings():
    first = PostingFactory(city="大连 市", degree_requirement="master")
    first.disciplines.set([discipline("08"), discipline("12")])
    second = PostingFactory(city="", degree_requirement="bachelor")  # no city: no city pairs
    for posting in (first, second):
        stored = JobPosting.objects.get(pk=posting.pk).search_facets
        assert pairs_in_sql(stored) == pair_tokens(stored)
    stored = JobPosting.objects.get(pk=first.pk).search_facets
    assert {pair for pair in pair_tokens(stored) if pair.startswith("§+dc")} == {
        "§+dcmaster.大连市",
        "§+dcmaster.连市",
        "§+dcmaster.市",
    }
    assert not [pair for pair in pair_tokens(JobPosting.objects.get(pk=second.pk).search_facets) if "c" in pair[2:4]]


def test_the_index_holds_the_pairs_and_answers_a_pair_prefix():
    posting = PostingFactory(city="大连市", degree_requirement="master")
    PostingFactory(city="大连市", degree_requirement="bachelor")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef('posting_search_vector_gin'::regclass)")
        assert "gin (((search_vector || facet_pairs(search_facets))))" in cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = off")
        statement = (
            "SELECT id FROM employers_jobposting WHERE (search_vector || facet_pairs(search_facets)) @@ %s::tsquery"
        )
        cursor.execute(statement, ["'§+dcmaster.连':*"])
        assert cursor.fetchall() == [(posting.pk,)]
        cursor.execute("EXPLAIN " + statement, ["'§+dcmaster.连':*"])
        assert "posting_search_vector_gin" in "\n".join(row[0] for row in cursor.fetchall())
