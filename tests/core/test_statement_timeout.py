"""Public requests run under a statement_timeout; a cancelled query is a clear 503, never a 500.

The cancellation is PostgreSQL's own (a real statement over a real limit): the search is replaced by
a query that sleeps longer than the limit, since no search is slow on a test database."""

import pytest
from django.db import connection
from django.test import override_settings

import marketplace.api.views as api_views
import marketplace.views.jobs as public_views

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"),
]
MESSAGE = "查询耗时过长，已停止。请增加筛选条件（如省份、城市、学历）或换用更具体的关键词后重试。"


def slow_search(**kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    raise AssertionError("the statement should have been cancelled")


@pytest.fixture
def fresh_connection():
    connection._statement_timeout = None  # as a new worker's connection
    yield
    connection._statement_timeout = None
    with connection.cursor() as cursor:
        cursor.execute("RESET statement_timeout")


def current_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@override_settings(DB_STATEMENT_TIMEOUT_MS={"public": 100, "staff": 900})
def test_api_query_over_the_limit_is_a_503_in_the_error_format(client, monkeypatch, fresh_connection):
    monkeypatch.setattr(api_views, "search_postings", slow_search)

    response = client.get("/api/v1/jobs/?q=会计")

    assert (response.status_code, response.json()) == (
        503,
        {"status": 503, "code": "query_timeout", "message": MESSAGE, "fields": {}},
    )
    assert current_timeout() == "100ms"


@override_settings(DB_STATEMENT_TIMEOUT_MS={"public": 100, "staff": 900})
def test_page_query_over_the_limit_is_a_page_that_says_what_to_do(client, monkeypatch, fresh_connection):
    monkeypatch.setattr(public_views, "search_postings", slow_search)

    response = client.get("/jobs/?q=会计")

    assert response.status_code == 503
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert MESSAGE in body
    assert 'href="/jobs/"' in body


@override_settings(DB_STATEMENT_TIMEOUT_MS={"public": 100, "staff": 900})
def test_each_kind_of_request_sets_its_own_limit_before_its_first_query(client, admin_client, fresh_connection):
    client.get("/healthz")  # reads no database: opens no connection, sets nothing
    assert connection._statement_timeout is None
    client.get("/api/v1/weeks/")
    assert current_timeout() == "100ms"
    assert admin_client.get("/admin/").status_code == 200
    assert current_timeout() == "900ms"
    client.get("/jobs/")
    assert current_timeout() == "100ms"
