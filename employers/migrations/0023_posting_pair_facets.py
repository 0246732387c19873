"""Every posting's facets gain the pairs of its filter values (employers.search_text.pair_tokens).

A search with several common filters (an ownership, a degree, a city, and a word) was answered by the
GIN index intersecting the lists of each: at 10 M postings hundreds of thousands to millions of entries
each, 329 ms to find nothing. A pair's list holds only the postings with both values, so the index
starts from the shortest of them (empty where the values never meet).

The facets are written again for every posting, in one statement, with the GIN index dropped first and
built again after (on a large table far quicker than updating the index row by row), then the table is
vacuumed. Every row is written again, with every other index of the table: at 1 M postings this took
37 minutes on two cores shared with other work, during which searches read no GIN index. On a large
database, plan it as downtime for the search, or write the facets in batches before deploying.
Backwards, the pairs (every facet beginning "§+") are removed."""

from django.db import migrations

# Written out here, not imported: a migration must keep doing what it did when it was written.
FACETS = r"""concat_ws(' ',
        '§p' || pr.code,
        (SELECT string_agg('§c' || substr(left(lower(regexp_replace(p.city, '\s', '', 'g')), 50), n), ' ' ORDER BY n)
           FROM generate_series(1, char_length(left(lower(regexp_replace(p.city, '\s', '', 'g')), 50))) AS n),
        '§d' || nullif(p.degree_requirement, ''),
        '§i' || nullif(e.industry, ''),
        '§o' || nullif(e.ownership, ''),
        (SELECT string_agg('§k' || pd.discipline_id, ' ' ORDER BY pd.discipline_id) FROM employers_jobposting_disciplines pd WHERE pd.jobposting_id = p.id),
        (SELECT string_agg('§sx' || s, ' ' ORDER BY s) FROM unnest(ARRAY[0,1000,2000,3000,4000,5000,6000,7000,8000,10000,12000,15000,20000,25000,30000,40000,50000,70000,100000,200000,500000,1000000]) AS s
           WHERE s <= p.salary_max),
        (SELECT string_agg('§sn' || s, ' ' ORDER BY s) FROM unnest(ARRAY[0,1000,2000,3000,4000,5000,6000,7000,8000,10000,12000,15000,20000,25000,30000,40000,50000,70000,100000,200000,500000,1000000]) AS s
           WHERE s >= p.salary_min),
        (SELECT string_agg('§w' || sh.week_id || ' §v' || sh.slug
                           || ' §wv' || sh.week_id || '.' || sh.slug, ' ' ORDER BY sh.week_id, sh.slug)
           FROM (SELECT DISTINCT fr.week_id, v.slug FROM events_fairregistration_postings frp
                 JOIN events_fairregistration fr ON fr.id = frp.fairregistration_id
                 JOIN venues_venue v ON v.id = fr.venue_id
                 WHERE frp.jobposting_id = p.id AND fr.status = 'approved') AS sh),
        '§+pi' || pr.code || '.' || nullif(e.industry, ''), '§+po' || pr.code || '.' || nullif(e.ownership, ''), '§+pd' || pr.code || '.' || nullif(p.degree_requirement, ''), '§+io' || nullif(e.industry, '') || '.' || nullif(e.ownership, ''), '§+id' || nullif(e.industry, '') || '.' || nullif(p.degree_requirement, ''), '§+od' || nullif(e.ownership, '') || '.' || nullif(p.degree_requirement, ''),
        (SELECT string_agg(concat_ws(' ', '§+pk' || pr.code || '.' || k.code, '§+ik' || nullif(e.industry, '') || '.' || k.code, '§+ok' || nullif(e.ownership, '') || '.' || k.code, '§+dk' || nullif(p.degree_requirement, '') || '.' || k.code,
            (SELECT string_agg('§+kc' || k.code || '.' || c.s, ' ') FROM (SELECT substr(left(lower(regexp_replace(p.city, '\s', '', 'g')), 50), n) AS s FROM generate_series(1, char_length(left(lower(regexp_replace(p.city, '\s', '', 'g')), 50))) AS n) AS c)), ' ')
           FROM unnest((SELECT array_agg(substr(t, 3)) FROM unnest(string_to_array((SELECT string_agg('§k' || pd.discipline_id, ' ' ORDER BY pd.discipline_id) FROM employers_jobposting_disciplines pd WHERE pd.jobposting_id = p.id), ' ')) t)) AS k (code)),
        (SELECT string_agg(concat_ws(' ', '§+ic' || nullif(e.industry, '') || '.' || c.s, '§+oc' || nullif(e.ownership, '') || '.' || c.s, '§+dc' || nullif(p.degree_requirement, '') || '.' || c.s), ' ') FROM (SELECT substr(left(lower(regexp_replace(p.city, '\s', '', 'g')), 50), n) AS s FROM generate_series(1, char_length(left(lower(regexp_replace(p.city, '\s', '', 'g')), 50))) AS n) AS c))"""

FORWARD = [
    "DROP INDEX IF EXISTS posting_search_vector_gin",
    f"""UPDATE employers_jobposting p SET search_facets = {FACETS}
        FROM employers_employer e, venues_province pr WHERE e.id = p.employer_id AND pr.id = p.province_id""",
    "CREATE INDEX IF NOT EXISTS posting_search_vector_gin ON employers_jobposting USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS posting_search_vector_gin",
    r"""UPDATE employers_jobposting SET search_facets = regexp_replace(search_facets, ' §\+\S*', '', 'g')
        WHERE search_facets LIKE '%§+%'""",
    "CREATE INDEX IF NOT EXISTS posting_search_vector_gin ON employers_jobposting USING gin (search_vector)",
]
# Every row was written again: half the table is the old rows, and no page is marked all-visible, so
# the searches' index-only reads (the edges of a stretch) visit the table. Measured at 1 M postings
# before this ran: q=师&discipline=01&sort=salary 4.8 s (the 3 s limit), 263 ms after.
AFTER = ["VACUUM (ANALYZE) employers_jobposting"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":  # elsewhere the facets are not searched
            for statement in [*statements, *AFTER]:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    # VACUUM runs outside a transaction; each statement is one (run again after a failure: the index is
    # dropped if there, the facets written again, the index made if missing).
    atomic = False
    dependencies = [("employers", "0022_posting_lz4")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
