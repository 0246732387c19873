"""What a search reads of each posting stays in the row (STORAGE MAIN): the two vectors a walk checks
row by row, and the title and city a list shows. PostgreSQL otherwise moves any value of a row over
2 KB out of line (TOAST), so a walked posting cost three page reads instead of one, one by one; with a
~5 KB vector now kept in the row, the long texts (description, requirements, the search text) are the
ones moved out, and nothing a search reads is.

Applies to rows written from now on; existing rows move when rewritten (VACUUM FULL, or pg_repack
without the lock): see the README, "Scale and the benchmark"."""

from django.db import migrations

COLUMNS = ("search_vector", "facet_vector", "title", "city")


def storage(kind):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":  # SQLite has no TOAST
            schema_editor.execute(
                "ALTER TABLE employers_jobposting "
                + ", ".join(f"ALTER COLUMN {column} SET STORAGE {kind}" for column in COLUMNS)
            )

    return apply


class Migration(migrations.Migration):
    dependencies = [("employers", "0020_employer_members")]

    operations = [migrations.RunPython(storage("MAIN"), storage("EXTENDED"))]
