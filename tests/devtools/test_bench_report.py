"""The benchmark report's target column (devtools): which rows pass, read from fixed
inputs — the benchmark itself runs with `make bench`, never in the test suite."""

from devtools.management.commands.bench import Command


def row(scenario: str, p95: float, ratio: float | None) -> dict:
    return {"scenario": scenario, "p95_ms": p95, "ratio_to_ceiling": ratio}


def test_a_target_is_met_only_within_both_limits():
    report = {"apply_rows_for_pair": 1}

    assert Command.target(row("search_api", 50.0, 0.12), report) == "p95 ≤ 50 ms ✓, ≥ 0.12× ✓"
    assert Command.target(row("search_api", 50.1, 0.13), report) == "p95 ≤ 50 ms ✗, ≥ 0.12× ✓"
    assert Command.target(row("search_api", 41.0, 0.119), report) == "p95 ≤ 50 ms ✓, ≥ 0.12× ✗"
    assert Command.target(row("search_page", 80.5, 0.2), report) == "p95 ≤ 80 ms ✗"
    assert Command.target(row("admin_review_queue", 149.9, 0.05), report) == "p95 ≤ 150 ms ✓"
    assert Command.target(row("job_page", 500.0, 0.01), report) == ""


def test_the_apply_row_is_judged_by_its_duplicates():
    assert Command.target(row("apply", 900.0, 0.01), {"apply_rows_for_pair": 1}) == "1 row for the pair ✓"
    assert Command.target(row("apply", 9.0, 0.5), {"apply_rows_for_pair": 2}) == "1 row for the pair ✗"


def load(rps: float, p95: float, errors: int = 0) -> dict:
    return {"rps": rps, "p95_ms": p95, "socket_errors": errors, "non_2xx_3xx": 0}


def test_the_balancer_table_puts_one_node_and_two_side_by_side():
    report = {
        "settings": {"connections": 16},
        "cpus": 2,
        "results": [
            {"scenario": "ceiling", "one_node": load(400.0, 40.0), "two_nodes": load(440.0, 80.0, 1), "ratio": 1.1},
            {"scenario": "search_api", "one_node": load(100.0, 180.0), "two_nodes": load(150.0, 160.0), "ratio": 1.5},
        ],
    }

    assert Command.balancer_table(report).splitlines() == [
        "Through nginx, one node vs two · {'connections': 16} · 2 CPU(s) shared by all",
        "",
        "| scenario | 1 node req/s | 2 nodes req/s | 2 ÷ 1 | 1 node p95 ms | 2 nodes p95 ms | errors (1 / 2) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        "| ceiling | 400.0 | 440.0 | 1.1 | 40.0 | 80.0 | 0 / 1 |",
        "| search_api | 100.0 | 150.0 | 1.5 | 180.0 | 160.0 | 0 / 0 |",
    ]
