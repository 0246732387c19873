"""Facets join the words in the posting's search vector (see employers.search_text): a filter is then an
index lookup like a keyword, and the planner's statistics on the vector (raised to 1,000 entries) tell
how common each word and each filter value is."""

from django.db import migrations, models


FACETS = r"""concat_ws(' ',
        '§p' || pr.code,
        (SELECT string_agg('§c' || substr(left(lower(regexp_replace(p.city, '\s', '', 'g')), 50), n), ' ' ORDER BY n)
           FROM generate_series(1, char_length(left(lower(regexp_replace(p.city, '\s', '', 'g')), 50))) AS n),
        '§d' || nullif(p.degree_requirement, ''),
        '§i' || nullif(e.industry, ''),
        '§o' || nullif(e.ownership, ''),
        (SELECT string_agg('§k' || pd.discipline_id, ' ' ORDER BY pd.discipline_id)
           FROM employers_jobposting_disciplines pd WHERE pd.jobposting_id = p.id),
        (SELECT string_agg('§sx' || s, ' ' ORDER BY s) FROM unnest(ARRAY[0,1000,2000,3000,4000,5000,6000,7000,8000,10000,12000,15000,20000,25000,30000,40000,50000,70000,100000,200000,500000,1000000]) AS s
           WHERE s <= p.salary_max),
        (SELECT string_agg('§sn' || s, ' ' ORDER BY s) FROM unnest(ARRAY[0,1000,2000,3000,4000,5000,6000,7000,8000,10000,12000,15000,20000,25000,30000,40000,50000,70000,100000,200000,500000,1000000]) AS s
           WHERE s >= p.salary_min),
        (SELECT string_agg('§w' || sh.week_id || ' §v' || sh.slug
                           || ' §wv' || sh.week_id || '.' || sh.slug, ' ' ORDER BY sh.week_id, sh.slug)
           FROM (SELECT DISTINCT fr.week_id, v.slug FROM events_fairregistration_postings frp
                 JOIN events_fairregistration fr ON fr.id = frp.fairregistration_id
                 JOIN venues_venue v ON v.id = fr.venue_id
                 WHERE frp.jobposting_id = p.id AND fr.status = 'approved') AS sh))"""

# Written out here, not imported: a migration must keep doing what it did when it was written.
FORWARD = [
    "DROP INDEX IF EXISTS posting_search_vector_gin",
    "ALTER TABLE employers_jobposting DROP COLUMN IF EXISTS search_vector",
    f"""UPDATE employers_jobposting p SET search_facets = {FACETS}
        FROM employers_employer e, venues_province pr WHERE e.id = p.employer_id AND pr.id = p.province_id""",
    "ALTER TABLE employers_jobposting ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple'::regconfig, search_text) || array_to_tsvector(string_to_array(search_facets, ' '))"
    ") STORED",
    "CREATE INDEX posting_search_vector_gin ON employers_jobposting USING gin (search_vector)",
    "ALTER TABLE employers_jobposting ALTER COLUMN search_vector SET STATISTICS 1000",
    "ANALYZE employers_jobposting",
]
BACKWARD = [
    "DROP INDEX IF EXISTS posting_search_vector_gin",
    "ALTER TABLE employers_jobposting DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE employers_jobposting ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX posting_search_vector_gin ON employers_jobposting USING gin (search_vector)",
]


def run(statements):
    def apply(apps, schema_editor):
        # PostgreSQL only: SQLite searches with LIKE and never reads the facets.
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("employers", "0014_clean_unreadable_text")]

    operations = [
        migrations.AddField(
            model_name="jobposting",
            name="search_facets",
            field=models.TextField(blank=True, editable=False, verbose_name="检索分面"),
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
