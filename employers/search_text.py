"""The search document of a posting: Chinese text as single characters and overlapping pairs.

Chinese has no spaces, so we index every CJK character (for one-character queries) and every pair
of neighbours (so 会计 matches 会计 and not 计会); Latin words and numbers are kept whole, lower case.
On PostgreSQL the document is indexed as to_tsvector('simple', search_text) with GIN (see the
migration); on SQLite the query side falls back to LIKE. ``refresh_search_text`` is called by every
service that changes what is indexed (posting text, employer name), so the column is always current.

Beside the words, a posting carries its **facets** (search_facets): one token per filter value it
answers to (its province, each part of its city, degree, the employer's industry and ownership, each
discipline, salary steps, each fair week and venue it is shown in). On PostgreSQL they join the words
in the same GIN-indexed vector (array_to_tsvector: taken verbatim, never parsed), so a search with a
keyword and filters is one index lookup whose cost follows the smallest of its parts, not the table.
Every facet starts with FACET, a character no keyword piece can hold, so a keyword never matches one.
"""

import re
from collections.abc import Iterable

from .models import Employer, JobPosting
from .search_version import postings_changed

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[0-9a-z]+(?:[.+#][0-9a-z+#]*)*")


def ngram_tokens(text: str) -> list[str]:
    """'Java高级会计' → ['java', '高', '级', '会', '计', '高级', '级会', '会计']. The order matters: a run's
    pairs stand next to each other, so a phrase query ('会计' <-> '计学') finds exactly the run 会计学."""
    text = (text or "").lower()
    tokens: list[str] = WORD.findall(CJK_RUN.sub(" ", text))
    for run in CJK_RUN.findall(text):
        tokens.extend(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def document_text(*, title: str, description: str, requirements: str, employer_name: str) -> str:
    """The tokens of everything a keyword search looks at, in order and with repeats (tsvector keeps
    every position of a token, which the phrase operator needs)."""
    return " ".join(token for part in (title, employer_name, description, requirements) for token in ngram_tokens(part))


FACET = "\u00a7"  # §: not a CJK character, letter or digit, so no keyword piece (WORD, CJK_RUN) holds it
# Salary steps (monthly yuan). A posting answers to "sx<step>" for each step at or below its maximum and
# to "sn<step>" for each step at or above its minimum; a salary filter asks for the nearest step that
# keeps every matching posting (a superset), and the exact comparison on the columns decides.
SALARY_STEPS = (
    0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 10000, 12000, 15000, 20000, 25000, 30000, 40000,
    50000, 70000, 100000, 200000, 500000, 1000000,
)  # fmt: skip
CITY_CHARS = 50  # the column's length


def city_key(city: str) -> str:
    """The city as its facets hold it: lower case, no spaces ('New York' → 'newyork')."""
    return "".join((city or "").lower().split())[:CITY_CHARS]


def salary_floor_step(value: int) -> int:
    """The highest step at or below ``value``: postings paying up to at least ``value`` answer to it."""
    return max(step for step in SALARY_STEPS if step <= value)


def salary_ceiling_step(value: int) -> int | None:
    """The lowest step at or above ``value`` (None above the last step: no facet narrows it)."""
    return min((step for step in SALARY_STEPS if step >= value), default=None)


def facet_tokens(
    *,
    province_code: str | None,
    city: str,
    degree: str,
    industry: str,
    ownership: str,
    disciplines: Iterable[str],
    salary_min: int | None,
    salary_max: int | None,
    shows: Iterable[tuple[int, str]] = (),
) -> list[str]:
    """The facets of one posting, each once, in a fixed order. ``shows``: (week id, venue slug) of each
    approved fair registration that shows it. The city gives every suffix of its key, so a filter on
    any part of the name is a prefix lookup ('家庄' finds '家庄市', a suffix of '石家庄市')."""
    tokens = []
    if province_code:
        tokens.append(f"p{province_code}")
    key = city_key(city)
    tokens.extend(f"c{key[i:]}" for i in range(len(key)))
    tokens.extend(f"{prefix}{value}" for prefix, value in (("d", degree), ("i", industry), ("o", ownership)) if value)
    tokens.extend(f"k{code}" for code in sorted(disciplines))
    if salary_max is not None:
        tokens.extend(f"sx{step}" for step in SALARY_STEPS if step <= salary_max)
    if salary_min is not None:
        tokens.extend(f"sn{step}" for step in SALARY_STEPS if step >= salary_min)
    for week_id, venue_slug in sorted(set(shows)):
        tokens.extend((f"w{week_id}", f"v{venue_slug}", f"wv{week_id}.{venue_slug}"))
    return [FACET + token for token in dict.fromkeys(tokens)]


def posting_facets(posting: JobPosting) -> str:
    """The facets of a saved posting, space-separated (the stored form): reads its disciplines and the
    approved fair registrations that show it (the employer and province as loaded)."""
    from events.enums import FairRegistrationStatus
    from events.models import FairRegistration

    shows = FairRegistration.postings.through.objects.filter(
        jobposting_id=posting.pk, fairregistration__status=FairRegistrationStatus.APPROVED
    ).values_list("fairregistration__week_id", "fairregistration__venue__slug")
    return " ".join(
        facet_tokens(
            province_code=posting.province.code if posting.province_id else None,
            city=posting.city,
            degree=posting.degree_requirement,
            industry=posting.employer.industry,
            ownership=posting.employer.ownership,
            disciplines=posting.disciplines.values_list("pk", flat=True),
            salary_min=posting.salary_min,
            salary_max=posting.salary_max,
            shows=shows,
        )
    )


def refresh_search_text(*, posting: JobPosting) -> None:
    """Rewrite the posting's document and facets from what it (and its employer) holds now."""
    posting.search_text = document_text(
        title=posting.title,
        description=posting.description,
        requirements=posting.requirements,
        employer_name=posting.employer.name,
    )
    posting.search_facets = posting_facets(posting)
    JobPosting.objects.filter(pk=posting.pk).update(
        search_text=posting.search_text, search_facets=posting.search_facets
    )


def refresh_postings(postings: Iterable[int]) -> int:
    """Re-index these postings (ids): after a fair registration showing them is decided or withdrawn.
    Returns how many were re-indexed."""
    count = 0
    for posting in JobPosting.objects.filter(pk__in=list(postings)).select_related("employer", "province"):
        refresh_search_text(posting=posting)
        count += 1
    postings_changed()  # once for the batch; a posting's own save already counts (search_version)
    return count


def connect_facet_relations() -> None:
    """A posting's disciplines and the fair registrations showing it are facets: whenever either
    relation changes (by a service, the admin or a test's factory), the postings concerned are
    re-indexed, so the facets never lag behind the rows they come from."""
    from django.db.models.signals import m2m_changed, post_save

    from events.models import FairRegistration

    def changed(sender, instance, action, pk_set, **kwargs):
        if isinstance(instance, JobPosting):  # the posting's own relation changed
            if action in ("post_add", "post_remove", "post_clear"):
                refresh_postings([instance.pk])
        elif action == "pre_clear":  # which postings lose the relation is known only before the rows go
            column = _other(sender, instance)
            instance._facet_postings = list(
                sender.objects.filter(**{column: instance.pk}).values_list("jobposting_id", flat=True)
            )
        elif action in ("post_add", "post_remove"):
            refresh_postings(pk_set or ())
        elif action == "post_clear":
            refresh_postings(getattr(instance, "_facet_postings", []))

    for through in (JobPosting.disciplines.through, FairRegistration.postings.through):
        m2m_changed.connect(changed, sender=through, dispatch_uid=f"facets-{through._meta.label}", weak=False)

    def registration_saved(sender, instance, created, update_fields, **kwargs):
        # A decision or a withdrawal (transition() saves the status): its postings are shown there,
        # or no longer. A save that names other fields only leaves them as they were.
        if not created and (update_fields is None or "status" in update_fields):
            refresh_postings(instance.postings.values_list("pk", flat=True))

    post_save.connect(registration_saved, sender=FairRegistration, dispatch_uid="facets-registration", weak=False)


def _other(through, instance) -> str:
    """The through table's column naming ``instance`` (a discipline or a fair registration)."""
    for field in through._meta.fields:
        if field.is_relation and isinstance(instance, field.related_model):
            return field.attname
    raise LookupError(through)


def refresh_employer_postings(*, employer: Employer) -> int:
    """After an employer's name, industry or ownership changes. Returns how many postings were
    re-indexed (in batches: an employer may have thousands)."""
    count, last = 0, 0
    while True:
        batch = list(
            JobPosting.objects.filter(employer=employer, pk__gt=last)
            .select_related("employer", "province")
            .order_by("pk")[:500]
        )
        for posting in batch:
            refresh_search_text(posting=posting)
        count += len(batch)
        if len(batch) < 500:
            postings_changed()  # once for them all, not once per posting
            return count
        last = batch[-1].pk


def facets_sql(
    posting: str = "p",
    employer: str = "e",
    province: str = "pr",
    *,
    disciplines: str | None = None,
    shows: bool | str = True,
) -> str:
    """posting_facets() as one SQL expression over a posting row and its employer and province rows
    (aliases given): to index existing rows in one statement (the reindex, the scale seeder) instead
    of row by row. ``disciplines``: an SQL expression for the discipline facets instead of reading
    them (rows not inserted yet); ``shows``: False for rows no fair shows yet, or an SQL expression
    for the week and venue facets instead of reading them. A test compares the
    result with posting_facets() on varied postings."""
    steps = "ARRAY[" + ",".join(str(step) for step in SALARY_STEPS) + "]"
    city = f"left(lower(regexp_replace({posting}.city, '\\s', '', 'g')), {CITY_CHARS})"
    read_disciplines = (
        f"(SELECT string_agg('{FACET}k' || pd.discipline_id, ' ' ORDER BY pd.discipline_id) "
        f"FROM employers_jobposting_disciplines pd WHERE pd.jobposting_id = {posting}.id)"
    )
    read_shows = f"""(SELECT string_agg('{FACET}w' || sh.week_id || ' {FACET}v' || sh.slug
                           || ' {FACET}wv' || sh.week_id || '.' || sh.slug, ' ' ORDER BY sh.week_id, sh.slug)
           FROM (SELECT DISTINCT fr.week_id, v.slug FROM events_fairregistration_postings frp
                 JOIN events_fairregistration fr ON fr.id = frp.fairregistration_id
                 JOIN venues_venue v ON v.id = fr.venue_id
                 WHERE frp.jobposting_id = {posting}.id AND fr.status = 'approved') AS sh)"""
    return f"""concat_ws(' ',
        '{FACET}p' || {province}.code,
        (SELECT string_agg('{FACET}c' || substr({city}, n), ' ' ORDER BY n)
           FROM generate_series(1, char_length({city})) AS n),
        '{FACET}d' || nullif({posting}.degree_requirement, ''),
        '{FACET}i' || nullif({employer}.industry, ''),
        '{FACET}o' || nullif({employer}.ownership, ''),
        {disciplines or read_disciplines},
        (SELECT string_agg('{FACET}sx' || s, ' ' ORDER BY s) FROM unnest({steps}) AS s
           WHERE s <= {posting}.salary_max),
        (SELECT string_agg('{FACET}sn' || s, ' ' ORDER BY s) FROM unnest({steps}) AS s
           WHERE s >= {posting}.salary_min),
        {shows if isinstance(shows, str) else read_shows if shows else "NULL"})"""
