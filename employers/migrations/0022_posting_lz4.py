"""A posting's long values are compressed with LZ4 instead of PostgreSQL's default (pglz).

Every posting row is over the 2 KB at which PostgreSQL tries to compress a row's values before it
stores them, and a posting's vectors barely compress: pglz spends its effort on each of them and then
stores the value as it was, while LZ4 tries in a fraction of the time (and keeps the ~10 % it
saves). Loading postings is bound by exactly that work once the vectors are kept in the row (0021);
reading an LZ4 value back costs about half a microsecond more a row.

Only where the server was built with LZ4 (PostgreSQL 14+, `--with-lz4`, as Debian's and the official
images are); elsewhere nothing changes. Applies to values written from now on: existing values keep
their compression until the row is written again."""

from django.db import migrations

COLUMNS = (
    "title",
    "description",
    "requirements",
    "city",
    "search_text",
    "search_facets",
    "search_vector",
    "facet_vector",
)


def compression(method):
    def apply(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":  # SQLite compresses nothing
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
            )
            row = cursor.fetchone()
        if row and row[0]:
            schema_editor.execute(
                "ALTER TABLE employers_jobposting "
                + ", ".join(f"ALTER COLUMN {column} SET COMPRESSION {method}" for column in COLUMNS)
            )

    return apply


class Migration(migrations.Migration):
    dependencies = [("employers", "0021_posting_vectors_inline")]

    operations = [migrations.RunPython(compression("lz4"), compression("default"))]
