from django.db import migrations

FORWARD = [
    # Computed once on write, not per row on every search.
    "ALTER TABLE employers_jobposting ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "DROP INDEX IF EXISTS posting_search_gin",
    "CREATE INDEX IF NOT EXISTS posting_search_vector_gin ON employers_jobposting USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS posting_search_vector_gin",
    "ALTER TABLE employers_jobposting DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX IF NOT EXISTS posting_search_gin ON employers_jobposting USING gin (to_tsvector('simple', search_text))",
]


def run(statements):
    def apply(apps, schema_editor):
        # PostgreSQL only: SQLite searches with LIKE.
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("employers", "0006_posting_keyset_indexes")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
