"""The search's plans on PostgreSQL, at a size where words and filter values are common or rare.

12,000 postings are seeded (seed_scale's SQL: the facets written by the same statements as the
migration's) and analysed; search_plan.INDEX_ROWS and the walk's bound are lowered to 300 so that,
at this size, a province or a degree is "common" and a walk reads a small share of the table, as at
national scale. For keywords that are absent, rare
and common, alone and with each filter, both sorts and a later page, the test asserts the plan that
search_plan chooses and the shape of what PostgreSQL runs (EXPLAIN of each statement the search
executed): the GIN index's intersection for INDEX, a btree walk bounded by a row comparison for
WALK, never a sequential scan of the postings nor an unbounded walk. Both plans give the same page.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employers.models import JobPosting
from employers.search_text import posting_facets, refresh_search_text
from events.models import FairRegistration
from marketplace import search, search_plan
from marketplace.search import (
    SEARCH_PAGE,
    facet_terms,
    filter_values,
    keyword_pieces,
    keyword_terms,
    search_postings,
)
from marketplace.search_params import clean_search_params

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ABSENT, RARE = "鬣蜥", "稀罕"
WALK_INDEXES = {
    "posting_newest_idx",
    "posting_salary_idx",
    "posting_province_newest_idx",
    "posting_province_degree_idx",
    "posting_province_salary_idx",
    "posting_degree_newest_idx",
    "posting_degree_salary_idx",
}


@pytest.fixture
def seeded(monkeypatch):
    call_command("seed_scale", employers=60, postings=12_000, graduates=10, applications=10, stdout=None)
    for posting in JobPosting.objects.filter(status="published").select_related("employer", "province")[:3]:
        posting.title = f"{RARE}职位"
        posting.save(update_fields=["title"])
        refresh_search_text(posting=posting)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE employers_jobposting")
    search_plan.forget_stats()
    monkeypatch.setattr(search_plan, "INDEX_ROWS", 300)
    monkeypatch.setattr(search, "WALK_ROWS", 300)  # a walk reads a small share of the table, as at scale
    SEARCH_PAGE._compiled.clear()  # statements compiled with the other bound
    yield
    SEARCH_PAGE._compiled.clear()
    search_plan.forget_stats()


def common_word() -> str:
    """The most common CJK pair of the seeded documents (not a facet)."""
    stats = search_plan.lexeme_stats()
    pairs = [lex for lex in stats.frequency if re.fullmatch(r"[\u4e00-\u9fff]{2}", lex)]
    return max(pairs, key=stats.frequency.get)


def search_values(params: dict) -> dict:
    """What SEARCH_PAGE compares for ``params`` (as search_postings gives it)."""
    return {**filter_values(params), "today": timezone.localdate()}


def public_matches(province: str, salary_floor: int, word: str):
    """The public postings of ``province`` paying up to at least ``salary_floor`` whose document holds
    ``word``, by their columns alone: what a search with those filters must find."""
    return JobPosting.objects.filter(
        status="published",
        employer__status="approved",
        valid_until__gte=timezone.localdate(),
        province__code=province,
        salary_max__gte=salary_floor,
        search_text__contains=word,
    )


def filters() -> list[dict]:
    posting = JobPosting.objects.filter(search_text__contains=" ").select_related("employer", "province").first()
    shown = FairRegistration.objects.filter(status="approved").select_related("venue").first()
    return [
        {},
        {"province": posting.province.code},
        {"city": posting.city[:2]},
        {"industry": posting.employer.industry},
        {"ownership": posting.employer.ownership},
        {"degree": posting.degree_requirement},
        {"discipline": posting.disciplines.first().pk},
        {"salary_min": 8000},
        {"salary_max": 4000},
        {"week": shown.week_id},
        {"venue": shown.venue.slug},
        {"week": shown.week_id, "venue": shown.venue.slug},
        {"province": posting.province.code, "degree": posting.degree_requirement, "salary_min": 5000},
    ]


def explain(sql: str, settings: list[str]) -> dict:
    """The plan PostgreSQL chooses for ``sql`` under the planner settings the search set for it."""
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in settings:
            cursor.execute(statement)
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        return cursor.fetchone()[0][0]["Plan"]


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def shape(plan: dict, planned: bool = False) -> str:
    """ "index" (the GIN index answers), "walk" (a btree index read in order under a LIMIT of at most
    WALK_ROWS rows), or what else PostgreSQL chose (a failure)."""
    found = list(nodes(plan))
    postings = [n for n in found if n.get("Relation Name") == "employers_jobposting"]
    if any(n["Node Type"] == "Seq Scan" for n in postings):
        return "seq scan"
    if planned and any(n["Node Type"] in ("Hash Join", "Merge Join") for n in found):
        # The whole employer table read to join a bounded set of matches (with no sequential scan
        # allowed, through its index). Only a statement the search plans itself is held to this: the
        # planner's own choice for a few rows of a 60-employer table may rightly be a hash.
        return "employers hashed"
    if any(n.get("Index Name") == "posting_search_vector_gin" for n in found):
        return "index"
    if postings and all(n["Node Type"] == "Index Only Scan" and n.get("Index Name") in WALK_INDEXES for n in postings):
        return "edge"  # a row of the walked index a stretch of the index's matches ends at
    limits = [n for n in found if n["Node Type"] == "Limit" and n["Plan Rows"] <= search.WALK_ROWS]
    below = [m for n in limits for m in nodes(n)]
    in_order = [m for m in below if m["Node Type"] == "Index Scan" and m.get("Index Name") in WALK_INDEXES]
    # Or, when the planner expects the province (with its degree) to hold few rows, all of them read
    # through the same index and sorted: bounded by that province's rows.
    province = [
        m
        for m in below
        if m["Node Type"] == "Bitmap Index Scan"
        and m.get("Index Name") in WALK_INDEXES
        and ("province_id =" in m["Index Cond"] or "degree_requirement" in m["Index Cond"])
        and all(
            re.match(r"\(*(province_id = \d+|\(degree_requirement\)::text = '\w+'::text|ROW\()", part)
            for part in m["Index Cond"].split(" AND ")
        )
    ]
    scans = [n for n in postings if n["Node Type"] in ("Index Scan", "Bitmap Heap Scan")]
    if (in_order or province) and all(n in below for n in scans):
        return "walk"
    return " / ".join(
        f"{n['Node Type']} {n.get('Relation Name', '')} {n.get('Index Name', '')} {n.get('Index Cond', '')}"
        for n in found
    )


def search_statements(params: dict, cursor: str | None = None):
    """The page, and the shapes of the search statements it ran (in order)."""
    with CaptureQueriesContext(connection) as queries:
        page = search_postings(params=params, cursor=cursor)
    shapes, settings = [], []
    for query in queries.captured_queries:
        sql = query["sql"]
        if sql.startswith("SELECT set_config("):  # search_plan.planned(): for the statements after it
            settings = [sql]
        elif "employers_jobposting" in sql and not sql.startswith("EXPLAIN"):  # not estimated_rows()
            shapes.append(shape(explain(sql, settings), planned=bool(settings)))
    return page, shapes


def test_every_keyword_class_with_each_filter_runs_a_bounded_plan(seeded):
    common = common_word()
    for word, kind in ((ABSENT, "absent"), (RARE, "rare"), (common, "common"), ("", "none")):
        for extra in filters():
            for sort in ("new", "salary"):
                raw = {**extra, "sort": sort, **({"q": word} if word else {})}
                params = clean_search_params(raw)
                terms = keyword_terms(keyword_pieces(params.get("q", ""))) + facet_terms(params)
                chosen = search_plan.choose(terms)
                page, shapes = search_statements(params)

                if kind in ("absent", "rare"):
                    assert chosen == search_plan.INDEX, raw
                if kind == "none" and not extra:
                    assert chosen == search_plan.WALK, raw
                # What ran: the chosen plan — a walk only when its terms are expected to fill a page
                # within WALK_ROWS rows (walk_rows) — then (a walk that filled no page, or none) the
                # index's matches: all of them if few, else stretch by stretch along the walked order,
                # each ended at an edge.
                walked = search._walked_columns(params.get("sort") or "new", filter_values(params))
                covered = frozenset(facet_terms({name: params.get(name) for name in walked}))
                walks = bool(terms) and search_plan.walk_rows(terms, 21, covered=covered, longest=search.WALK_ROWS)
                walks = chosen == search_plan.WALK and (walks or not terms)
                assert shapes[0] == ("walk" if walks else "index"), (raw, shapes)
                rest = shapes[2:] if walks and shapes[1:2] == ["walk"] else shapes[1:]  # walk_again
                assert all(shape in ("index", "edge") for shape in rest), (raw, shapes)
                if chosen == search_plan.INDEX or (kind == "none" and not extra):
                    assert len(shapes) == 1, (raw, shapes)
                if kind == "absent":
                    assert page.postings == [], raw
                if kind == "rare" and not extra:
                    assert len(page.postings) == 3

                if page.next_cursor:  # a later page: the cursor starts the walk, the bound still holds
                    _, later = search_statements(params, cursor=page.next_cursor)
                    if kind == "none" and not extra:  # nothing to check: the walk's first rows are the page
                        assert later == ["walk"], later  # the index in order, up to the page's LIMIT
                    else:
                        assert all(s in ("walk", "index") for s in later), (raw, later)


def test_a_common_word_alone_walks_and_a_common_word_with_a_rare_filter_uses_the_index(seeded):
    common = common_word()
    city = JobPosting.objects.values_list("city", flat=True).first()

    assert search_statements(clean_search_params({"q": common}))[1] == ["walk"]
    assert search_statements(clean_search_params({"q": common, "city": "无此城市"}))[1] == ["index"]
    assert search_statements(clean_search_params({"q": common, "city": city}))[1][0] in ("walk", "index")


def test_both_plans_give_the_same_pages(seeded):
    common = common_word()
    for extra in filters():
        for sort in ("new", "salary"):
            params = clean_search_params({**extra, "q": common, "sort": sort})
            values = search_values(params)
            walk = SEARCH_PAGE.rows((sort, "after", 20, search_plan.WALK), values)
            index = SEARCH_PAGE.rows((sort, "after", 20, search_plan.INDEX), values)
            if len(walk) == 21:  # a walk that filled its page is the page
                assert [r["id"] for r in walk] == [r["id"] for r in index], (extra, sort)


def test_a_walk_as_long_as_its_terms_need_gives_the_page_the_index_gives(seeded):
    """search_postings walks only as far as walk_rows allows (or not at all), then lets the GIN index
    answer: whichever way a page is found, it is the page of every match in order."""
    common = common_word()
    for extra in filters():
        for sort in ("new", "salary"):
            params = clean_search_params({**extra, "q": common, "sort": sort})
            values = search_values(params)
            index = SEARCH_PAGE.rows((sort, "after", 20, search_plan.INDEX), values)
            page = search_postings(params=params, limit=20)
            assert [r["id"] for r in page.postings] == [r["id"] for r in index[:20]], (extra, sort)
            assert (page.next_cursor is not None) == (len(index) > 20), (extra, sort)


def test_facets_written_by_sql_are_the_facets_python_computes(seeded):
    for posting in JobPosting.objects.select_related("employer", "province").order_by("?")[:200]:
        assert set(posting.search_facets.split()) == set(posting_facets(posting).split()), posting.pk
    shown = FairRegistration.objects.filter(status="approved").first().postings.select_related("employer", "province")
    for posting in shown:
        assert set(posting.search_facets.split()) == set(posting_facets(posting).split()), posting.pk


def test_a_walk_that_fills_no_page_reads_the_matches_stretch_by_stretch_and_gives_the_same_page(seeded, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(search, "CAPPED_ROWS", 5)  # more matches than this: read stretch by stretch
    monkeypatch.setattr(search, "WALK_ROWS", 20)  # a walk that fills no page
    SEARCH_PAGE._compiled.clear()
    common = common_word()
    stretched = 0
    for extra in filters():
        for sort in ("new", "salary"):
            params = clean_search_params({**extra, "q": common, "sort": sort})
            values = {**filter_values(params), "today": timezone.localdate()}
            truth = SEARCH_PAGE.rows((sort, "after", 20, search_plan.INDEX), values)[:20]
            with CaptureQueriesContext(connection) as queries:
                page = search_postings(params=params)
            stretched += any(") >= (" in q["sql"] or ") <= (" in q["sql"] for q in queries.captured_queries)
            assert [row["id"] for row in page.postings] == [row["id"] for row in truth], (extra, sort)
            if page.next_cursor:  # and the page after it
                later = search_postings(params=params, cursor=page.next_cursor)
                rest = SEARCH_PAGE.rows((sort, "after", 40, search_plan.INDEX), values)[20:40]
                assert [row["id"] for row in later.postings] == [row["id"] for row in rest], (extra, sort)
    assert stretched > 0  # the stretches were taken, not only the walk or the capped read
    SEARCH_PAGE._compiled.clear()


def test_a_walk_that_found_part_of_a_page_walks_again_instead_of_asking_the_index(seeded, monkeypatch):
    """A walk shorter than its terms needed (here 16 rows, where a common word fills about a third
    of a page) walks again from the same cursor, as far as the share it found says (walk_again),
    and that page is the page of every match in order: no GIN intersection for the few rows missing."""
    monkeypatch.setattr(search_plan, "walk_rows", lambda *args, **kwargs: 16)
    common = common_word()
    for sort in ("new", "salary"):
        params = clean_search_params({"q": common, "sort": sort})
        values = search_values(params)
        first = SEARCH_PAGE.rows((sort, "after", 20, search_plan.WALK, 16), values)
        assert 0 < len(first) <= 20, (sort, len(first))  # part of a page
        longer = search_plan.walk_again(len(first), 16, 21, longest=search.WALK_ROWS)
        page, shapes = search_statements(params)
        truth = SEARCH_PAGE.rows((sort, "after", 20, search_plan.INDEX), values)
        assert [r["id"] for r in page.postings] == [r["id"] for r in truth[:20]], sort
        assert page.next_cursor is not None
        assert longer is not None and shapes == ["walk", "walk"], (sort, len(first), longer, shapes)


@pytest.mark.parametrize("in_no_order", [True, False])
def test_the_matches_read_first_bound_the_stretches(seeded, monkeypatch, in_no_order):
    """After a walk that filled no page, the CAPPED_ROWS + 1 matches read in no order bound the
    stretches: the (limit + 1)-th of them in the page's order ends the last stretch (a page surely
    lies before it), and where the rows' physical order says nothing of the sort's, a stretch holding
    none of them is skipped. Matches only among the lowest salaries: with the sample trusted, one
    stretch, up to the sample's edge; without, every stretch along the way. The same page either way."""
    monkeypatch.setattr(search, "CAPPED_ROWS", 40)
    monkeypatch.setattr(search, "WALK_ROWS", 20)  # stretches end 80, 320, 1,280 and 5,120 rows along
    monkeypatch.setattr(search_plan.LexemeStats, "in_no_order", lambda self, column: in_no_order)
    SEARCH_PAGE._compiled.clear()
    lowest = JobPosting.objects.filter(status="published").order_by("salary_max", "id")[:200]
    for posting in JobPosting.objects.filter(pk__in=[p.pk for p in lowest]).select_related("employer", "province"):
        posting.title = f"深藏{posting.title}"
        posting.save(update_fields=["title"])
        refresh_search_text(posting=posting)
    params = clean_search_params({"q": "深藏", "sort": "salary"})
    values = search_values(params)
    truth = SEARCH_PAGE.rows(("salary", "after", 20, search_plan.INDEX), values)
    assert len(truth) == 21

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        rows = search._widen("salary", "after", 20, values)
    statements = [q["sql"] for q in queries.captured_queries if "employers_jobposting" in q["sql"]]
    stretches = [sql for sql in statements if ") >= (" in sql]
    assert [row["id"] for row in rows] == [row["id"] for row in truth]
    assert len(stretches) == (1 if in_no_order else 5), len(stretches)
    assert ") >= (" in statements[-1]  # the last read ends at an edge too
    SEARCH_PAGE._compiled.clear()


def test_the_sort_columns_physical_order_is_read_with_the_lexeme_statistics(seeded):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, correlation FROM pg_stats WHERE tablename = 'employers_jobposting' "
            "AND attname IN ('published_at', 'salary_max') AND schemaname = current_schema()"
        )
        expected = dict(cursor.fetchall())
    stats = search_plan.lexeme_stats()
    assert set(expected) == {"published_at", "salary_max"}
    assert stats.correlation == pytest.approx(expected)


def test_a_filter_most_postings_hold_is_compared_by_its_column_not_asked_of_the_index(seeded):
    """salary_min=1500: nearly every posting pays up to at least 1,000 (the facet §sx1000), so its
    posting list is not intersected; the column decides, and the page is the one every filter gives."""
    province = JobPosting.objects.filter(status="published").values_list("province__code", flat=True).first()
    params = clean_search_params({"province": province, "salary_min": 1500, "q": common_word()})
    terms = facet_terms(params)
    stats = search_plan.lexeme_stats()
    floor = next(t for t in terms if t.lexeme.startswith("§sx"))
    assert stats.estimate(floor) > search_plan.COMMON_SHARE * stats.rows

    with CaptureQueriesContext(connection) as queries:
        page = search_postings(params=params, remember=False)

    asked = [q["sql"] for q in queries.captured_queries if "employers_jobposting" in q["sql"] and "§p" in q["sql"]]
    assert asked and all(floor.lexeme not in sql for sql in asked)
    assert all('"employers_jobposting"."salary_max" >= 1500' in sql for sql in asked)
    expected = (
        public_matches(province, 1500, params["q"]).order_by("-published_at", "-id").values_list("id", flat=True)[:20]
    )
    assert [row["id"] for row in page.postings] == list(expected)
    assert search_plan.asked_of_index(terms, compared_by_column=search.compared_by_column) == [
        t for t in terms if t != floor
    ]


def capped_plan(values: dict) -> tuple[tuple, str, str]:
    """The CAPPED statement's shape, its SQL and the plan PostgreSQL gives it under planned(CAPPED)."""
    shape = search._capped_shape("new", "after", 20, values)
    queryset = SEARCH_PAGE.build(shape, values)
    sql, params = queryset.query.sql_with_params()
    with search_plan.planned(search_plan.CAPPED), connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return shape, str(queryset.query), plan


def test_the_capped_read_takes_the_gin_answer_alone_but_for_a_narrow_salary_range(seeded):
    """Province and degree: their facets are exact, so their btree ranges add only rows to read; a
    salary floor most postings pay: its range is wide; one few pay: its range spares the matches."""
    province = JobPosting.objects.filter(status="published").values_list("province__code", flat=True).first()
    top = JobPosting.objects.order_by("-salary_max").values_list("salary_max", flat=True).first()
    base = {"q": common_word(), "province": province, "degree": "bachelor"}
    wide = search_values(clean_search_params({**base, "salary_min": 5000}))
    narrow = search_values(clean_search_params({**base, "salary_min": top}))
    stats = search_plan.lexeme_stats()
    assert search_plan.estimated_rows(JobPosting.objects.filter(salary_max__gte=5000)) > search.RANGE_SHARE * stats.rows
    assert search_plan.estimated_rows(JobPosting.objects.filter(salary_max__gte=top)) < search.RANGE_SHARE * stats.rows

    wide_shape, wide_sql, wide_plan = capped_plan(wide)
    narrow_shape, narrow_sql, _ = capped_plan(narrow)

    assert wide_shape[-1] == ("degree", "province", "salary_min")
    assert narrow_shape[-1] == ("degree", "province")
    for sql in (wide_sql, narrow_sql):
        assert '("employers_jobposting"."province_id" + 0) =' in sql
        assert '("employers_jobposting"."degree_requirement" || \'\') = bachelor' in sql
    assert '("employers_jobposting"."salary_max" + 0) >= 5000' in wide_sql
    assert f'"employers_jobposting"."salary_max" >= {top}' in narrow_sql
    assert "posting_search_vector_gin" in wide_plan
    assert not any(index in wide_plan for index in (*WALK_INDEXES, "posting_public_idx"))


def test_a_capped_read_gives_the_matches_the_columns_give(seeded):
    province = JobPosting.objects.filter(status="published").values_list("province__code", flat=True).first()
    values = search_values(clean_search_params({"q": common_word(), "province": province, "salary_min": 5000}))
    shape = search._capped_shape("new", "after", 20, values)
    with search_plan.planned(search_plan.CAPPED):
        capped = {row["id"] for row in SEARCH_PAGE.rows(shape, values)}
    expected = set(public_matches(province, 5000, common_word()).values_list("id", flat=True)[: search.CAPPED_ROWS + 1])
    assert len(expected) <= search.CAPPED_ROWS  # every match, so the sets compare whole
    assert capped == expected
