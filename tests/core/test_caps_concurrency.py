"""Count-limited resources hold their cap under concurrency.

A cap checked by counting rows and then inserting holds only if concurrent requests count one after
the other: each service locks the owner's row (select_for_update) before counting. Every such cap in
the services is listed in CAPPED below with a test here that saves at once from real threads on
PostgreSQL (SQLite serialises writers, so those tests skip there). The guard test fails when a new
count cap appears in a service without being listed (and so without a concurrency test).

Survey when this was written: the saved searches (20 per graduate) are the only cap counted in rows.
Saved postings have no cap (one row per posting by a unique constraint); résumé entries and preferred
cities are capped inside one JSON document written whole; applications are one per posting and
graduate by a unique constraint; API tokens are one per user (a one-to-one key).
"""

import re
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from graduates.models import SavedSearch
from marketplace import services
from marketplace.services.saved import MAX_SAVED_SEARCHES
from tests.factories import GraduateFactory

ROOT = Path(__file__).resolve().parents[2]
# (service file, the constant holding the cap) for every cap checked by counting rows.
CAPPED = {("marketplace/services/saved.py", "MAX_SAVED_SEARCHES")}
COUNT_CAP = re.compile(r"\.count\(\)\s*(?:>=|>)\s*([A-Z_][A-Z0-9_]*)")
APPS = ("recruitment_weeks", "events", "venues", "employers", "graduates", "marketplace", "fairs", "console")


def test_every_count_cap_in_services_is_listed_with_a_concurrency_test():
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for constant in COUNT_CAP.findall(path.read_text(encoding="utf-8")):
                found.add((path.relative_to(ROOT).as_posix(), constant))
    assert found == CAPPED


def test_every_listed_cap_locks_its_owner_before_counting():
    for file, constant in CAPPED:
        source = (ROOT / file).read_text(encoding="utf-8")
        count_at = COUNT_CAP.search(source).start()
        function_start = source.rfind("\ndef ", 0, count_at)
        assert "select_for_update()" in source[function_start:count_at], (file, constant)


def run_at_once(n: int, work) -> list:
    """Run work(i) for i in range(n) from n threads released together; each result or exception."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the test reads what each thread got
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saved_searches_cap_holds_for_30_simultaneous_saves():
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only (SQLite serialises writers anyway)")
    graduate = GraduateFactory()

    results = run_at_once(30, lambda i: services.saved_search_save(graduate=graduate, params={"q": f"岗位{i}"}))

    saved = [r for r in results if isinstance(r, SavedSearch)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(saved), len(refused)) == (MAX_SAVED_SEARCHES, 30 - MAX_SAVED_SEARCHES)
    assert {e.code for e in refused} == {"too_many"}
    assert SavedSearch.objects.filter(graduate=graduate).count() == MAX_SAVED_SEARCHES


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_open_report_per_person_and_posting_for_10_simultaneous_reports():
    """Not a count cap but the same race: the posting is locked before looking for an open report."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only (SQLite serialises writers anyway)")
    from employers import services as employer_services
    from employers.models import PostingReport
    from tests.factories import UserFactory
    from tests.factories.graduates import public_posting

    posting, reporter = public_posting(), UserFactory()

    results = run_at_once(
        10, lambda i: employer_services.posting_report(posting=posting, reporter=reporter, reason="fraud")
    )

    assert len({r.pk for r in results}) == 1
    assert PostingReport.objects.filter(posting=posting).count() == 1
