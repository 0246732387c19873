"""The schemathesis run's tally, printed at the end of the pytest run (CI's output quotes it)."""

from dataclasses import dataclass, field

import pytest


@dataclass
class FuzzCounter:
    operations: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    cases: int = 0
    failures: int = 0

    def case(self, operation: str, role: str) -> None:
        self.operations.add(operation)
        self.roles.add(role)
        self.cases += 1


COUNTER = FuzzCounter()


@pytest.fixture
def fuzz_counter() -> FuzzCounter:
    return COUNTER


def pytest_runtest_logreport(report):
    if report.when == "call" and report.failed and "test_fuzz.py::test_fuzz" in report.nodeid:
        COUNTER.failures += 1


def pytest_terminal_summary(terminalreporter):
    if COUNTER.cases:
        terminalreporter.write_line(
            f"schemathesis: {len(COUNTER.operations)} operations × {len(COUNTER.roles)} roles, "
            f"{COUNTER.cases} cases, {COUNTER.failures} failures"
        )
