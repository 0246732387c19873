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
