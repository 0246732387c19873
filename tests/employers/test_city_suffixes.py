"""The city suffixes table (employers.CitySuffix) holds every city facet the postings' facets hold,
whichever way the facets were written, and the job search asks a city filter as those exact facets
(marketplace.search.city_facets) with the same answer as the city column's."""

import importlib
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from employers.models import CitySuffix, JobPosting
from marketplace import search
from marketplace.search import CITY_ALTERNATIVES, filter_values, search_postings
from tests.factories import EmployerFactory, PostingFactory
from tests.factories.graduates import public_posting

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the facets and triggers are PostgreSQL's")

MISSING = """SELECT count(*) FROM employers_jobposting p, unnest(string_to_array(p.search_facets, ' ')) AS t
             WHERE left(t, 2) = '§c'
               AND NOT EXISTS (SELECT 1 FROM employers_citysuffix s WHERE s.suffix = substr(t, 3))"""


def missing() -> int:
    """City facets some posting holds and the table does not."""
    with connection.cursor() as cursor:
        cursor.execute(MISSING)
        return cursor.fetchone()[0]


def suffixes() -> set[str]:
    return set(CitySuffix.objects.values_list("suffix", flat=True))


@pytest.mark.django_db
def test_a_posting_written_by_the_services_path_brings_every_suffix_of_its_city():
    PostingFactory(city="南京市 江宁区")

    assert suffixes() >= {"南京市江宁区", "京市江宁区", "市江宁区", "江宁区", "宁区", "区"}
    assert missing() == 0


@pytest.mark.django_db
def test_facets_written_by_a_bulk_insert_or_a_raw_update_bring_their_suffixes():
    employer = EmployerFactory(approved=True)
    template = PostingFactory(employer=employer, city="苏州市")
    JobPosting.objects.bulk_create(
        [
            JobPosting(
                employer=employer,
                province=template.province,
                title=f"会计{n}",
                city=city,
                search_text="",
                search_facets=f"§p11 §c{city} §c{city[1:]}",
            )
            for n, city in enumerate(["常州", "泰州"])
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE employers_jobposting SET search_facets = '§c扬州 §c州' WHERE id = %s", [template.pk])

    assert suffixes() >= {"常州", "泰州", "扬州", "州"}
    assert missing() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeder commits and vacuums
def test_a_bulk_loaded_national_set_leaves_no_city_facet_out():
    call_command("seed_scale", employers=60, postings=3000, graduates=10, applications=10, stdout=None)

    assert JobPosting.objects.count() >= 3000
    assert missing() == 0


@pytest.mark.django_db
def test_the_migration_fills_the_table_from_the_postings_already_there():
    PostingFactory(city="无锡市")
    CitySuffix.objects.all().delete()
    assert missing() == 3

    migration = importlib.import_module("employers.migrations.0023_city_suffixes")
    with connection.cursor() as cursor:
        cursor.execute(migration.FORWARD[-1])

    assert missing() == 0
    assert suffixes() == {"无锡市", "锡市", "市"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_postings_in_the_same_new_city_written_at_once_both_commit():
    employer = EmployerFactory(approved=True)
    ready, errors = threading.Barrier(2), []

    def write(title):
        try:
            with transaction.atomic():
                ready.wait(10)
                PostingFactory(employer=employer, title=title, city="雄安新区")
        except Exception as error:  # noqa: BLE001 - the outcome under test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(title,)) for title in ("出纳", "审计")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert JobPosting.objects.filter(city="雄安新区").count() == 2
    assert suffixes() >= {"雄安新区", "安新区", "新区", "区"}


@pytest.fixture
def cities(db):
    employer = EmployerFactory(approved=True)
    return {
        city: public_posting(employer=employer, title=f"会计{n}", city=city, description="账务", requirements="无")
        for n, city in enumerate(["南京市", "南京市江宁区", "北京市", "上海市"])
    }


def found(params: dict) -> set[str]:
    return {row["city"] for row in search_postings(params=params, remember=False).postings}


@pytest.mark.django_db
def test_a_city_filter_is_asked_as_the_exact_facets_that_begin_with_it(cities):
    assert filter_values({"city": "江宁"})["facets"] == "'§c江宁区'"
    assert filter_values({"city": "京"})["facets"] == "('§c京市' | '§c京市江宁区')"
    assert found({"q": "会计", "city": "京"}) == {"南京市", "南京市江宁区", "北京市"}
    assert found({"q": "会计", "city": "南京市"}) == {"南京市", "南京市江宁区"}
    assert found({"city": "江宁"}) == {"南京市江宁区"}


@pytest.mark.django_db
def test_a_city_nobody_holds_is_one_facet_nobody_holds(cities):
    assert filter_values({"city": "鬣蜥"})["facets"] == "'§c鬣蜥'"
    assert found({"q": "会计", "city": "鬣蜥"}) == set()


@pytest.mark.django_db
def test_past_the_limit_the_city_is_asked_as_a_prefix_with_the_same_answer(cities):
    employer = EmployerFactory(approved=True)
    many = [f"州{n:02d}市" for n in range(CITY_ALTERNATIVES + 1)]
    for city in many:
        public_posting(employer=employer, title="会计", city=city, description="账务", requirements="无")

    assert filter_values({"city": "州"})["facets"] == "'§c州':*"
    assert found({"q": "会计", "city": "州"}) == set(many)
    assert filter_values({"city": "州00"})["facets"] == "'§c州00市'"


@pytest.mark.django_db
def test_the_city_lookup_reads_the_suffix_index_not_the_table(cities):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: the planner would scan them
        queryset = CitySuffix.objects.filter(suffix__startswith="京").values_list("suffix", flat=True)
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Index Only Scan" in plan or "Index Scan" in plan
    assert "employers_citysuffix_suffix" in plan and "_like" in plan
    assert search.CITY_FACET == "§c"
