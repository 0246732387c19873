"""The facets alone as a small vector kept in the row: a search that walks rows in order checks a
posting's filters there first, without reading its words (a large vector stored out of line)."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE employers_jobposting ADD COLUMN IF NOT EXISTS facet_vector tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(search_facets, ' '))) STORED",
]
BACKWARD = ["ALTER TABLE employers_jobposting DROP COLUMN IF EXISTS facet_vector"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":  # SQLite searches with LIKE
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("employers", "0016_posting_province_salary_index")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
