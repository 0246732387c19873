"""Employers migration 0023 writes the pair facets of every existing posting (and takes them away
backwards): its SQL, written out in the migration, must give exactly the facets the application
computes for a posting (employers.search_text.posting_facets)."""

import importlib

import pytest
from django.db import connection

from employers.models import JobPosting
from employers.search_text import posting_facets
from tests.factories import PostingFactory, discipline

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the migration runs on PostgreSQL only"),
]
migration = importlib.import_module("employers.migrations.0023_posting_pair_facets")


def stored(pk: int) -> list[str]:
    return JobPosting.objects.get(pk=pk).search_facets.split()


def test_the_migration_writes_the_pairs_the_application_computes_and_removes_them_backwards():
    first = PostingFactory(city="大连 市", degree_requirement="master")
    first.disciplines.set([discipline("08"), discipline("12")])
    second = PostingFactory(city="", degree_requirement="bachelor")  # no city: no city pairs
    postings = [first, second]
    expected = {
        p.pk: set(posting_facets(JobPosting.objects.select_related("employer", "province").get(pk=p.pk)).split())
        for p in postings
    }
    assert {p: {t for t in tokens if t.startswith("§+dc")} for p, tokens in expected.items()} == {
        first.pk: {"§+dcmaster.大连市", "§+dcmaster.连市", "§+dcmaster.市"},
        second.pk: set(),
    }

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the factories' rows checked: an index may be built
        for statement in migration.BACKWARD:
            cursor.execute(statement)
    for posting in postings:
        assert set(stored(posting.pk)) == {t for t in expected[posting.pk] if not t.startswith("§+")}

    with connection.cursor() as cursor:
        for statement in migration.FORWARD:
            cursor.execute(statement)
    for posting in postings:
        assert sorted(stored(posting.pk)) == sorted(expected[posting.pk])
        assert len(stored(posting.pk)) == len(set(stored(posting.pk)))
    with connection.cursor() as cursor:  # the vector the index answers from holds them too
        cursor.execute(
            "SELECT count(*) FROM employers_jobposting WHERE search_vector @@ %s::tsquery",
            ["'§+dcmaster.连':*"],
        )
        assert cursor.fetchone()[0] == 1
