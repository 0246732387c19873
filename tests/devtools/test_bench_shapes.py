"""The worst-case benchmark's shape generator and report tables (devtools/bench_shapes.py): pure
Python, no database and no timing."""

import re

import pytest

from devtools.bench_shapes import (
    DEPTHS,
    FILTERS,
    KEYWORD_CLASSES,
    SORTS,
    Vocabulary,
    generate_shapes,
    growth_table,
    percentile,
    summary,
    worst_case_table,
)

VOCABULARY = Vocabulary(
    words={
        "absent": ["嚻嚼", "zqbcdfg"],
        "rare": ["审计", "税务"],
        "common": ["工", "程"],
        "one": ["会", "计"],
        "two": ["会计", "算法"],
        "three_plus": ["工程师", "数据分析师"],
    },
    provinces=["11", "31"],
    cities=["北京市", "上海市"],
    absent_city="无岗位测试市",
    industries=["I", "J"],
    ownerships=["state", "private"],
    degrees=["bachelor", "master"],
    disciplines=["08", "12"],
    weeks=[4, 3],
    venues=["edu-main", "hr-11"],
)
PARAMS_OF_FILTER = {
    "province": {"province"},
    "city": {"city"},
    "city_absent": {"city"},
    "industry": {"industry"},
    "ownership": {"ownership"},
    "degree": {"degree"},
    "discipline": {"discipline"},
    "week": {"week"},
    "venue": {"venue"},
}


def test_the_same_seed_gives_the_same_shapes_and_another_seed_others():
    first = generate_shapes(VOCABULARY, 200, seed=1)
    again = generate_shapes(VOCABULARY, 200, seed=1)
    other = generate_shapes(VOCABULARY, 200, seed=2)

    assert [s.as_dict() for s in first] == [s.as_dict() for s in again]
    assert [s.as_dict() for s in first] != [s.as_dict() for s in other]


@pytest.mark.parametrize("seed", [1, 2, 3, 12345])
def test_200_shapes_cover_every_keyword_class_filter_sort_and_depth(seed):
    shapes = generate_shapes(VOCABULARY, 200, seed=seed)

    assert len(shapes) == 200
    assert {s.keyword_class for s in shapes} == set(KEYWORD_CLASSES)
    assert {s.sort for s in shapes} == set(SORTS)
    assert {s.depth for s in shapes} == set(DEPTHS)
    assert set().union(*(s.filters for s in shapes)) == set(FILTERS)


@pytest.mark.parametrize("seed", [1, 7])
def test_each_shapes_parameters_are_its_class_filters_and_sort(seed):
    for shape in generate_shapes(VOCABULARY, 200, seed=seed):
        params = dict(shape.params)
        if shape.keyword_class == "none":
            assert "q" not in params
        else:
            assert params.pop("q") in VOCABULARY.words[shape.keyword_class]
        assert params.pop("sort", "new") == shape.sort
        assert not ("city" in shape.filters and "city_absent" in shape.filters)
        if "city_absent" in shape.filters:
            assert params["city"] == VOCABULARY.absent_city
        elif "city" in shape.filters:
            assert params["city"] in VOCABULARY.cities
        if "salary" in shape.filters:
            low, high = params.pop("salary_min", None), params.pop("salary_max", None)
            assert low is not None or high is not None
            assert low is None or high is None or low <= high
        expected = set().union(*(PARAMS_OF_FILTER[f] for f in shape.filters if f != "salary"))
        assert set(params) == expected


def test_percentiles_are_nearest_rank_on_known_input():
    values = [float(v) for v in range(100, 0, -1)]  # 100 … 1, unsorted on purpose

    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([3.0, 1.0, 2.0], 95) == 3.0
    assert percentile([7.5], 99) == 7.5
    assert summary([4.0, 1.0, 3.0, 2.0]) == {"p50_ms": 2.0, "p95_ms": 4.0, "p99_ms": 4.0, "max_ms": 4.0}
    with pytest.raises(ValueError):
        percentile([], 50)


def worst_row(n: int, ms: float) -> dict:
    return {
        "label": f"two · province · new · page {n}",
        "median_ms": ms,
        "max_ms": ms + 1,
        "pages": n,
        "path": f"/api/v1/jobs/?q=x&n={n}",
        "explain": "Limit  (actual rows=21)" if n == 1 else "",
    }


def test_the_worst_case_table():
    report = {
        "at": "2026-12-06T03:00:00+00:00",
        "shapes": 4,
        "seed": 1,
        "repeats": 3,
        "postings_public": 950000,
        "search_cache_seconds": 60,
        "summary": summary([4.0, 1.0, 3.0, 2.0]),
        "load": [
            {
                "scenario": "ceiling",
                "connections": 16,
                "rps": 3000.0,
                "p50_ms": 5.0,
                "p95_ms": 7.0,
                "p99_ms": 9.0,
                "ratio_to_ceiling": 1.0,
                "socket_errors": 0,
                "non_2xx_3xx": 0,
            },
            {
                "scenario": "worst shape",
                "connections": 16,
                "rps": 300.0,
                "p50_ms": 50.0,
                "p95_ms": 70.0,
                "p99_ms": 90.0,
                "ratio_to_ceiling": 0.1,
                "socket_errors": 0,
                "non_2xx_3xx": 0,
            },
            {
                "scenario": "slowest shape",
                "connections": 16,
                "rps": 0.0,
                "p50_ms": 0.0,
                "p95_ms": 0.0,
                "p99_ms": 0.0,
                "requests": 0,
                "ratio_to_ceiling": 0.0,
                "socket_errors": 16,
                "non_2xx_3xx": 0,
            },
        ],
        "worst": [worst_row(1, 4.0), {**worst_row(5, 3.0), "statuses": [0]}],
    }

    assert worst_case_table(report) == (
        "Worst-case search 2026-12-06T03:00:00+00:00 · 4 shapes, seed 1, 3 repeats each (a shape's time: "
        "the median of its repeats) · public postings 950,000\n"
        "\n"
        'Every shape and the first load runs search on every request (no kept page); the rows marked "page '
        'kept" ran with SEARCH_CACHE_SECONDS=60.\n'
        "\n"
        "| shapes | p50 ms | p95 ms | p99 ms | max ms |\n"
        "| ---: | ---: | ---: | ---: | ---: |\n"
        "| 4 | 2.0 | 4.0 | 4.0 | 4.0 |\n"
        "\n"
        "At 16 connections:\n"
        "\n"
        "| run | req/s | p50 ms | p95 ms | p99 ms | × ceiling | errors | non-2xx/3xx |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        "| ceiling | 3000.0 | 5.0 | 7.0 | 9.0 | 1.0 | 0 | 0 |\n"
        "| worst shape | 300.0 | 50.0 | 70.0 | 90.0 | 0.1 | 0 | 0 |\n"
        "| slowest shape | 0 | – | – | – | 0 | 16 | – |\n"
        "\n"
        "Ten worst shapes:\n"
        "\n"
        "| # | median ms | max ms | class · filters · sort · page | pages reached | request (the page timed) |\n"
        "| ---: | ---: | ---: | --- | ---: | --- |\n"
        "| 1 | 4.0 | 5.0 | two · province · new · page 1 | 1 | `/api/v1/jobs/?q=x&n=1` |\n"
        "| 2 | 3.0 | 4.0 | two · province · new · page 5 | 5 (status 0) | `/api/v1/jobs/?q=x&n=5` |\n"
        "\n"
        "1. two · province · new · page 1 — EXPLAIN (ANALYZE, BUFFERS):\n"
        "\n"
        "```\n"
        "Limit  (actual rows=21)\n"
        "```\n"
    )


def test_the_growth_table_divides_each_p95_by_the_previous():
    reports = [
        ("rw_100k", {"postings_public": 95_000, "summary": summary([1.0, 2.0])}),
        ("rw_1m", {"postings_public": 950_000, "summary": summary([2.0, 4.0])}),
        ("rw_10m", {"postings_public": 9_500_000, "summary": summary([3.0, 5.0])}),
    ]

    assert growth_table(reports) == (
        "| database | public postings | p50 ms | p95 ms | p99 ms | max ms | p95 ÷ previous p95 |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        "| rw_100k | 95,000 | 1.0 | 2.0 | 2.0 | 2.0 | – |\n"
        "| rw_1m | 950,000 | 2.0 | 4.0 | 4.0 | 4.0 | 2.00 |\n"
        "| rw_10m | 9,500,000 | 3.0 | 5.0 | 5.0 | 5.0 | 1.25 |\n"
    )


@pytest.mark.django_db
def test_the_explained_statement_is_the_slowest_the_search_ran():
    from django.db import connection

    from devtools.management.commands.bench import Command
    from tests.factories.graduates import public_posting

    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN (ANALYZE, BUFFERS) is PostgreSQL's")
    public_posting(title="会计", description="账务", requirements="无")

    text = Command.explain("/api/v1/jobs/?q=%E4%BC%9A%E8%AE%A1&sort=salary")

    heading, plan = text.split("\n", 1)
    assert re.fullmatch(r"\(the slowest of the search's statements, 1 in all: \d+\.\d ms\)", heading)
    assert plan.startswith("Limit") and "actual time=" in plan and "Buffers:" in plan
