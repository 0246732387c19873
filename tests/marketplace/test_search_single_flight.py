"""A page nobody kept yet is searched by one request at a time (marketplace.search._kept_or_searched):
the others asking the same page wait for it, and get the same answer — the page, or the statement
limit's. On PostgreSQL, with the search really held up: the postings table locked by another
transaction, so the first request's search waits in the server while the others wait in the cache."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employers.search_version import postings_version
from marketplace import search
from marketplace.search import search_postings
from recruitment_weeks.cache import inputs_key
from tests.factories import EmployerFactory
from tests.factories.graduates import public_posting
from tests.support.servers import PrivateRedis

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the search is held up by a PostgreSQL table lock"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ASKERS = 6


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings, tmp_path):
    """The default cache as one process has it (locmem: its threads share it) or as every node does
    (Redis: cache.add is SET NX)."""
    settings.SEARCH_CACHE_SECONDS = 60
    if request.param == "locmem":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        yield
        return
    server = PrivateRedis(tmp_path)
    server.start()
    settings.CACHES = {"default": {"BACKEND": "recruitment_weeks.cache.FailOpenRedisCache", "LOCATION": server.url}}
    try:
        yield
    finally:
        server.stop()


@pytest.fixture
def accountants():
    employer = EmployerFactory(approved=True, name="华信会计师事务所")
    for title in ("出纳会计", "审计会计"):
        public_posting(employer=employer, title=title, description="账务", requirements="无")


def searched_it(queries) -> bool:
    """Whether these queries include the search itself (the keyword's tsquery), not only the kept
    page's check that its postings are still public."""
    return any("to_tsquery" in query["sql"] for query in queries)


def ask_at_once(ask, count: int, *, held_for: float) -> list[tuple]:
    """``count`` threads call ``ask()`` at once while the postings table is locked for ``held_for``
    seconds; each thread's (answer or exception, whether it searched)."""
    answers: list[tuple | None] = [None] * count
    started = threading.Barrier(count + 1)

    def asker(n):
        started.wait(10)
        try:
            with CaptureQueriesContext(connection) as queries:
                try:
                    answer = ask()
                except Exception as error:  # noqa: BLE001 - the answer under test
                    answer = error
            answers[n] = (answer, searched_it(queries.captured_queries))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=asker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE employers_jobposting IN ACCESS EXCLUSIVE MODE")
        started.wait(10)
        time.sleep(held_for)
    for thread in threads:
        thread.join(30)
    return answers


def test_many_asking_a_page_nobody_kept_cost_one_search(shared_cache, accountants):
    answers = ask_at_once(
        lambda: [row["title"] for row in search_postings(params={"q": "会计"}).postings], ASKERS, held_for=1.0
    )

    assert [answer for answer, _ in answers] == [["审计会计", "出纳会计"]] * ASKERS
    assert sorted(searched for _, searched in answers) == [False] * (ASKERS - 1) + [True]


def test_a_search_cancelled_by_the_statement_limit_is_the_answer_of_everyone_who_waited_for_it(
    shared_cache, accountants, settings
):
    settings.DB_STATEMENT_TIMEOUT_MS = {"public": 300, "staff": 30000}

    def ask():
        response = Client().get("/api/v1/jobs/", {"q": "会计"})
        return response.status_code, response.json()["code"]

    answers = ask_at_once(ask, ASKERS, held_for=1.5)

    assert [answer for answer, _ in answers] == [(503, "query_timeout")] * ASKERS
    assert sorted(searched for _, searched in answers) == [False] * (ASKERS - 1) + [True]


def claim_of(params: dict) -> str:
    inputs = [postings_version(), timezone.localdate().isoformat(), params, None, search.PAGE_SIZE]
    return inputs_key("search", inputs) + ":searching"


def test_a_claim_left_by_a_dead_process_delays_the_page_only_until_the_wait_ends(shared_cache, accountants, settings):
    """A worker killed mid-search leaves its claim and no page: the next asker searches itself after
    SEARCH_WAIT_SECONDS, and keeps the page for everyone after it."""
    from django.core.cache import cache

    settings.SEARCH_WAIT_SECONDS = 0.5
    assert cache.add(claim_of({"q": "会计"}), 1, 60)

    with CaptureQueriesContext(connection) as first:
        page = search_postings(params={"q": "会计"})
    with CaptureQueriesContext(connection) as second:
        again = search_postings(params={"q": "会计"})

    assert [row["title"] for row in page.postings] == ["审计会计", "出纳会计"]
    assert again.postings == page.postings
    assert (searched_it(first.captured_queries), searched_it(second.captured_queries)) == (True, False)


def test_with_the_cache_unreachable_nobody_waits_for_a_claim_nobody_can_make(accountants, settings, monkeypatch):
    settings.SEARCH_CACHE_SECONDS = 60
    settings.SEARCH_WAIT_SECONDS = 30
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    settings.CACHES = {
        "default": {
            "BACKEND": "recruitment_weeks.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": options,
        }
    }
    pauses = []
    monkeypatch.setattr(search.time, "sleep", pauses.append)

    titles = [[row["title"] for row in search_postings(params={"q": "会计"}).postings] for _ in range(2)]

    assert titles == [["审计会计", "出纳会计"]] * 2
    assert pauses == []
