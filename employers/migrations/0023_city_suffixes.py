"""The suffixes of every city the postings' facets name, kept by PostgreSQL (employers.CitySuffix).

A city filter matches any part of a city's name: it is a prefix of one of the city's facets (each
suffix of the name is one). Asked of the GIN index as a prefix, PostgreSQL first gathers every posting
of every facet that begins with it into one bitmap and then rechecks rows; asked as the exact facets
that begin with it, read from this table, the index skips through each facet's postings alongside
the other terms (10 M postings, a word, a discipline and a city of 326,000 postings: 207 ms → 52 ms;
"江", three facets: 632 ms → 130 ms, and 44,490 fewer rows read to be rechecked).

So the table must hold every city facet the index holds, however a posting's facets were written:
- INSERT: a trigger per statement over the rows it inserted (a bulk load of millions of rows is one
  set-based statement per batch, not one per row);
- UPDATE of search_facets to something else: a trigger per row.
The city's facets are the suffixes of its key, the first of them the key itself: read from the facets
as written (not from the city column), so they are exactly what the index holds. A new city's rows
are written in the posting's own transaction: a search sees the posting and its city's suffixes
together, on the primary and on a replica alike.

Existing postings: one pass over the table."""

from django.db import migrations, models

FACET_CITY = "\u00a7c"  # employers.search_text: FACET + "c"
# The city key (the first city facet: every suffix of the key follows it) of a facets text.
KEY = f"substring({{facets}} FROM '(?:^| ){FACET_CITY}(\\S+)')"


def suffixes_of(keys: str) -> str:
    """INSERT the suffixes of the city keys that the subquery ``keys`` (column ``key``) gives."""
    return f"""
    INSERT INTO employers_citysuffix (suffix)
    SELECT DISTINCT substr(k.key, n) FROM ({keys}) AS k
    CROSS JOIN LATERAL generate_series(1, char_length(k.key)) AS n
    WHERE k.key IS NOT NULL
    ORDER BY 1
    ON CONFLICT DO NOTHING"""


FORWARD = [
    f"""CREATE FUNCTION employers_city_suffixes_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {suffixes_of("SELECT DISTINCT " + KEY.format(facets="search_facets") + " AS key FROM inserted_postings")};
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION employers_city_suffixes_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {suffixes_of("SELECT " + KEY.format(facets="NEW.search_facets") + " AS key")};
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER employers_city_suffixes_inserted AFTER INSERT ON employers_jobposting
    REFERENCING NEW TABLE AS inserted_postings FOR EACH STATEMENT
    EXECUTE FUNCTION employers_city_suffixes_inserted()""",
    """CREATE TRIGGER employers_city_suffixes_updated AFTER UPDATE OF search_facets ON employers_jobposting
    FOR EACH ROW WHEN (NEW.search_facets IS DISTINCT FROM OLD.search_facets)
    EXECUTE FUNCTION employers_city_suffixes_updated()""",
    suffixes_of("SELECT DISTINCT " + KEY.format(facets="search_facets") + " AS key FROM employers_jobposting"),
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS employers_city_suffixes_updated ON employers_jobposting",
    "DROP TRIGGER IF EXISTS employers_city_suffixes_inserted ON employers_jobposting",
    "DROP FUNCTION IF EXISTS employers_city_suffixes_updated()",
    "DROP FUNCTION IF EXISTS employers_city_suffixes_inserted()",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":  # SQLite's search reads no facets
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0022_posting_lz4"),
    ]

    operations = [
        migrations.CreateModel(
            name="CitySuffix",
            fields=[
                ("suffix", models.CharField(max_length=50, primary_key=True, serialize=False, verbose_name="城市后缀")),
            ],
            options={
                "verbose_name": "城市后缀",
                "verbose_name_plural": "城市后缀",
            },
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False),
    ]
