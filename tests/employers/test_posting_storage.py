"""What a search reads of a posting stays in its row (employers migration 0021): its two vectors, its
title and city are read without touching the table's TOAST relation, while a long description is
stored out of line there. Counted by PostgreSQL itself (the block accesses of this transaction)."""

import pytest
from django.db import connection

from employers.models import JobPosting
from employers.search_text import refresh_search_text
from tests.factories import PostingFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST is PostgreSQL's"),
]
TABLE = JobPosting._meta.db_table
INLINE = ("search_vector", "facet_vector", "title", "city")
# Long and varied enough that its words' vector is several kilobytes (PostgreSQL moves any value of a
# row over 2 KB out of line unless its column says otherwise).
LONG = "".join(
    f"岗位职责第{n}条：负责{chr(0x4E00 + 37 * n % 20000)}{chr(0x4E00 + 53 * n % 20000)}相关工作。" for n in range(40)
)


def toast_blocks_read_for(column: str, pk: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT reltoastrelid FROM pg_class WHERE relname = '{TABLE}'")
        toast = cursor.fetchone()[0]
        cursor.execute("SELECT pg_stat_get_xact_blocks_fetched(%s)", [toast])
        before = cursor.fetchone()[0]
        cursor.execute(f"SELECT length({column}::text) FROM {TABLE} WHERE id = %s", [pk])  # the whole value
        assert cursor.fetchone()[0] > 0
        cursor.execute("SELECT pg_stat_get_xact_blocks_fetched(%s)", [toast])
        return cursor.fetchone()[0] - before


def test_the_columns_a_search_reads_are_kept_in_the_row():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = ANY(%s)",
            [TABLE, list(INLINE)],
        )
        assert dict(cursor.fetchall()) == dict.fromkeys(INLINE, "m")


def test_a_long_posting_is_searched_without_reading_out_of_line_values():
    posting = PostingFactory(title="数据分析师", city="杭州市", description=LONG, requirements=LONG[:200])
    refresh_search_text(posting=posting)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_column_size(search_vector) FROM {TABLE} WHERE id = %s", [posting.pk])
        size = cursor.fetchone()[0]
    assert 2048 < size < 8000, size  # over the size PostgreSQL would otherwise move out of line

    assert {column: toast_blocks_read_for(column, posting.pk) for column in INLINE} == dict.fromkeys(INLINE, 0)
    assert toast_blocks_read_for("description", posting.pk) > 0  # the long text is out of line


def lz4_available() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        return bool(cursor.fetchone()[0])


COMPRESSED = ("title", "description", "requirements", "city", "search_text", "search_facets", *INLINE[:2])


def test_a_postings_long_values_are_compressed_with_lz4_where_the_server_has_it():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = %s::regclass AND attname = ANY(%s)",
            [TABLE, list(COMPRESSED)],
        )
        methods = dict(cursor.fetchall())
    assert methods == dict.fromkeys(COMPRESSED, "l" if lz4_available() else "")


def test_a_long_postings_values_are_written_with_lz4():
    if not lz4_available():
        pytest.skip("this PostgreSQL was built without LZ4")
    posting = PostingFactory(title="数据分析师", city="杭州市", description=LONG * 3, requirements=LONG[:200])
    refresh_search_text(posting=posting)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_column_compression(search_vector), pg_column_compression(description) FROM {TABLE} "
            "WHERE id = %s",
            [posting.pk],
        )
        assert cursor.fetchone() == ("lz4", "lz4")
