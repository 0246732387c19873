"""Precision matching's bounded candidates on PostgreSQL (marketplace.candidates).

seed_scale writes 12,000 postings and 3,000 graduates; the bounds are lowered (a walk of 300 rows,
10 per province and degree) so that, at this size, a walk reads a small share of each table, as at
national scale. The tests assert: with bounds that hold the whole table the answer is exactly the
exhaustive ranking's; with the lowered bounds every match is a true fit with the same score and
reasons as the exhaustive definition, in the same order, and the statement reads only bounded index
ranges (EXPLAIN: the walked indexes with a LIMIT, no sequential scan of postings or graduates).
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from employers.search_text import FACET
from graduates.models import Graduate
from marketplace import candidates, matching, search_plan
from marketplace.matching import match_posting, matching_graduates, recommended_postings

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the candidates are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def seeded():
    call_command("seed_scale", employers=60, postings=12_000, graduates=3_000, applications=10, stdout=None)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE employers_jobposting")
        cursor.execute("ANALYZE graduates_graduate")
    search_plan.forget_stats()
    yield
    search_plan.forget_stats()


@pytest.fixture
def lowered(monkeypatch):
    monkeypatch.setattr(candidates, "POSTING_WALK", 300)
    monkeypatch.setattr(candidates, "GRADUATE_WALK", 300)
    monkeypatch.setattr(candidates, "REGIONAL", 10)
    monkeypatch.setattr(candidates, "PROVINCE_READ", 40)
    monkeypatch.setattr(candidates, "RARE_ROWS", 30)


def sample_graduates(n=12):
    return list(
        Graduate.objects.filter(status="approved", visible_to_employers=True)
        .select_related("discipline")
        .prefetch_related("preferred_provinces")
        .order_by("id")[:n]
    )


def exhaustive_postings(graduate, limit=matching.DEFAULT_LIMIT):
    rows = matching._postings_scored(graduate).filter(matching._fits())
    rows = rows.order_by("-match_score", "-published_at", "-id")[:limit]
    return [(p.pk, p.match_score) for p in rows]


def summary(matches):
    return [(m.obj.pk, m.score, [(r.signal, r.points, r.text) for r in m.reasons]) for m in matches]


@pytest.fixture
def whole(monkeypatch):
    """Bounds that hold the whole seeded table."""
    monkeypatch.setattr(candidates, "POSTING_WALK", 20_000)
    monkeypatch.setattr(candidates, "GRADUATE_WALK", 20_000)
    monkeypatch.setattr(candidates, "WALK_FITS", 20_000)


def test_bounds_holding_the_table_give_the_exhaustive_ranking(seeded, whole):
    people = sample_graduates()
    assert len(people) == 12
    compared = 0
    for graduate in people:
        found = [(m.obj.pk, m.score) for m in recommended_postings(graduate=graduate)]
        assert found == exhaustive_postings(graduate)
        compared += bool(found)
    assert compared == 12


def test_bounded_recommendations_are_true_fits_in_order(seeded, lowered):
    for graduate in sample_graduates():
        found = recommended_postings(graduate=graduate)
        assert len(found) == matching.DEFAULT_LIMIT
        keys = [(m.score, m.obj.published_at, m.obj.pk) for m in found]
        assert keys == sorted(keys, reverse=True)
        for m in found:
            one = match_posting(graduate=graduate, posting=m.obj)
            assert summary([m]) == summary([one])
            assert {r.signal for r in m.reasons} & set(matching.FIT_SIGNALS)


def test_bounded_matches_are_true_fits_in_order(seeded, lowered):
    from employers.models import JobPosting

    postings = list(JobPosting.objects.filter(status="published").select_related("employer").order_by("id")[:8])
    for posting in postings:
        found = matching_graduates(posting=posting)
        assert found, posting.pk
        keys = [(m.score, m.obj.submitted_at, m.obj.pk) for m in found]
        assert keys == sorted(keys, reverse=True)
        for m in found:
            forward = match_posting(graduate=m.obj, posting=posting)
            assert (forward.score, [r.signal for r in forward.reasons]) == (m.score, [r.signal for r in m.reasons])


def test_matches_with_bounds_holding_the_table_are_exhaustive(seeded, whole, monkeypatch):
    from employers.models import JobPosting

    posting = JobPosting.objects.filter(status="published").select_related("employer").order_by("id").first()
    bounded = [(m.obj.pk, m.score) for m in matching_graduates(posting=posting)]
    # Every graduate as a candidate: the exhaustive ranking.
    monkeypatch.setattr(
        candidates, "graduate_candidates", lambda **_: list(Graduate.objects.values_list("pk", flat=True))
    )
    everyone = [(m.obj.pk, m.score) for m in matching_graduates(posting=posting)]
    assert bounded == everyone
    assert len(bounded) == matching.DEFAULT_LIMIT


def explain(sql: str, params) -> str:
    with search_plan.planned(search_plan.INDEX), connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def candidate_statement(run, marker: str):
    with CaptureQueriesContext(connection) as captured:
        run()
    statements = [q["sql"] for q in captured.captured_queries if marker in q["sql"] and "UNION" in q["sql"]]
    assert len(statements) == 1, [q["sql"][:120] for q in captured.captured_queries]
    return statements[0]


def test_candidate_statements_read_bounded_index_ranges(seeded, lowered):
    graduate = sample_graduates(1)[0]
    sql = candidate_statement(lambda: recommended_postings(graduate=graduate), "facet_vector")
    plan = explain(sql, None)
    assert "Seq Scan on employers_jobposting" not in plan
    assert "posting_newest_idx" in plan
    assert "posting_province_newest_idx" in plan
    assert plan.count("Limit") >= 2

    from employers.models import JobPosting

    posting = JobPosting.objects.filter(status="published").select_related("employer").order_by("id").first()
    sql = candidate_statement(lambda: matching_graduates(posting=posting), "graduates_graduate")
    plan = explain(sql, None)
    assert "Seq Scan on graduates_graduate " not in plan
    assert "graduate_visible_newest_idx" in plan
    assert "graduate_visible_subject_idx" in plan
    assert "graduate_pref_province_idx" in plan


def test_a_rare_city_is_read_from_the_gin_index(seeded, lowered, monkeypatch):
    """A fit value too rare to be met in the walk's rows still brings its postings in."""
    monkeypatch.setattr(candidates, "RARE_ROWS", 100)  # above the estimate of a value not in the statistics
    from employers.models import JobPosting
    from employers.search_text import refresh_search_text

    graduate = sample_graduates(1)[0]
    oldest = JobPosting.objects.filter(status="published").select_related("employer", "province")
    target = oldest.order_by("published_at", "id")[0]  # far beyond the walk's rows
    target.city = "鬣蜥镇"
    target.degree_requirement = "any"
    target.save(update_fields=["city", "degree_requirement"])
    refresh_search_text(posting=target)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE employers_jobposting")
    search_plan.forget_stats()
    graduate.preferred_cities = "鬣蜥镇"
    graduate.save(update_fields=["preferred_cities"])
    assert search_plan.lexeme_stats().estimate(search_plan.Term(f"{FACET}c鬣蜥镇", prefix=True)) <= candidates.RARE_ROWS

    def statement():
        return candidates.posting_candidates(
            discipline=None, degrees=["any"], cities=["鬣蜥镇"], provinces=[], industries=[]
        )

    def found():
        with connection.cursor() as cursor:
            cursor.execute(*statement())
            return [row[0] for row in cursor.fetchall()]

    assert found() == [target.pk]
    assert "Bitmap Index Scan on posting_search_vector_gin" in explain(*statement())  # the rare part: the GIN index
    monkeypatch.setattr(candidates, "RARE_ROWS", 0)  # no value is rare: the walk alone misses it
    assert found() == []
