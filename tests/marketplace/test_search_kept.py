"""A search page kept in the cache (marketplace.search.search_postings, SEARCH_CACHE_SECONDS): the same
search asked again reads only whether its postings are still public; any write to a posting or an
employer, by any path, shows in the next search."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from employers.enums import EmployerStatus, PostingStatus
from employers.models import Employer, JobPosting
from employers.search_text import refresh_search_text
from employers.search_version import postings_version
from marketplace.search import search_postings
from tests.factories import EmployerFactory
from tests.factories.graduates import public_posting


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.SEARCH_CACHE_SECONDS = 60


def titles(params=None) -> list[str]:
    return [row["title"] for row in search_postings(params=params or {"q": "会计"}).postings]


@pytest.fixture
def accountants(db):
    employer = EmployerFactory(approved=True, name="华信会计师事务所")
    return [
        public_posting(employer=employer, title=title, description="账务", requirements="无")
        for title in ("出纳会计", "审计会计")
    ]


def test_the_same_search_again_reads_only_whether_its_postings_are_still_public(accountants):
    first = search_postings(params={"q": "会计"})
    with CaptureQueriesContext(connection) as again:
        second = search_postings(params={"q": "会计"})

    assert second.postings == first.postings
    assert [row["title"] for row in second.postings] == ["审计会计", "出纳会计"]
    assert len(again.captured_queries) == 1
    assert '"employers_jobposting"."id" IN' in again.captured_queries[0]["sql"]


def test_each_parameter_cursor_and_size_is_its_own_page(accountants):
    assert titles({"q": "会计"}) == ["审计会计", "出纳会计"]
    assert titles({"q": "出纳"}) == ["出纳会计"]
    assert titles({"q": "会计", "sort": "salary"}) != []
    one = search_postings(params={"q": "会计"}, limit=1)
    assert [row["title"] for row in one.postings] == ["审计会计"]
    following = search_postings(params={"q": "会计"}, cursor=one.next_cursor, limit=1)
    assert [row["title"] for row in following.postings] == ["出纳会计"]


def test_a_posting_published_after_a_search_shows_in_the_next(accountants):
    assert titles() == ["审计会计", "出纳会计"]

    public_posting(employer=accountants[0].employer, title="成本会计", description="账务", requirements="无")

    assert titles() == ["成本会计", "审计会计", "出纳会计"]


def test_a_title_edited_through_a_save_shows_in_the_next_search(accountants):
    assert titles({"q": "出纳"}) == ["出纳会计"]
    posting = accountants[1]
    posting.title = "出纳主管"
    posting.save()  # the admin's path: a model save, then the document rewritten
    refresh_search_text(posting=posting)

    assert titles({"q": "出纳"}) == ["出纳主管", "出纳会计"]


@pytest.mark.parametrize(
    ("hide", "left"),
    [
        (lambda p: JobPosting.objects.filter(pk=p.pk).update(status=PostingStatus.CLOSED), ["出纳会计"]),
        (
            lambda p: Employer.objects.filter(pk=p.employer_id).update(
                status=EmployerStatus.SUSPENDED, status_reason="违规"
            ),
            [],
        ),
        (lambda p: JobPosting.objects.filter(pk=p.pk).delete(), ["出纳会计"]),
    ],
    ids=["closed by an update", "employer suspended by an update", "deleted"],
)
def test_a_posting_hidden_by_a_path_that_sends_no_signal_vanishes_from_the_kept_page(accountants, hide, left):
    assert titles() == ["审计会计", "出纳会计"]

    hide(accountants[1])

    assert titles() == left


def test_a_version_changes_with_every_posting_or_employer_save(accountants):
    seen = [postings_version()]
    accountants[0].save()
    seen.append(postings_version())
    accountants[0].employer.save()
    seen.append(postings_version())

    assert len(set(seen)) == 3


def test_zero_seconds_searches_every_time(accountants, settings):
    settings.SEARCH_CACHE_SECONDS = 0
    search_postings(params={"q": "会计"})
    with CaptureQueriesContext(connection) as again:
        search_postings(params={"q": "会计"})

    assert not any('"employers_jobposting"."id" IN' in q["sql"] for q in again.captured_queries)
    assert any("employers_jobposting" in q["sql"] for q in again.captured_queries)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_search_while_a_posting_is_being_published_does_not_keep_the_old_page_past_the_commit():
    """Another request searching between the write and its commit cannot see the new posting, and
    keeps the page it found; the commit changes the version again, so the next search finds it."""
    employer = EmployerFactory(approved=True, name="华信会计师事务所")
    public_posting(employer=employer, title="出纳会计", description="账务", requirements="无")
    written, searched = threading.Event(), threading.Event()
    seen_meanwhile = []

    def other_request():
        written.wait(10)
        try:
            seen_meanwhile.append(titles())
        finally:
            connections.close_all()
            searched.set()

    thread = threading.Thread(target=other_request)
    thread.start()
    with transaction.atomic():
        public_posting(employer=employer, title="审计会计", description="账务", requirements="无")
        written.set()
        assert searched.wait(20)
    thread.join(10)

    assert seen_meanwhile == [["出纳会计"]]
    assert titles() == ["审计会计", "出纳会计"]


def test_a_page_read_from_a_replica_is_not_kept(accountants, monkeypatch):
    """A replica may not yet hold a write the version already counts: its page would be kept under
    that version as if it did."""
    from marketplace import search

    class ToReplica:
        @staticmethod
        def db_for_read(model, **hints):
            return "replica"

    monkeypatch.setattr(search, "router", ToReplica)  # where the page was read from, as the search sees it
    search_postings(params={"q": "会计"})
    with CaptureQueriesContext(connection) as again:
        titles_again = [row["title"] for row in search_postings(params={"q": "会计"}).postings]

    assert titles_again == ["审计会计", "出纳会计"]
    assert not any('"employers_jobposting"."id" IN' in q["sql"] for q in again.captured_queries)
    assert any("employers_jobposting" in q["sql"] for q in again.captured_queries)
