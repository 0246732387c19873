"""The employer's usual reply time: the median hours from submission to first answer, computed
exactly (an unanswered application is slower than any answer), its thresholds and window, and the
batched sweep that stores it (PostgreSQL's percentile_cont and SQLite's Python median agree)."""

import datetime as dt

import pytest
from django.utils import translation

from employers.models import Employer
from graduates.enums import ApplicationStatus
from graduates.models import Application
from marketplace import responsiveness
from marketplace.responsiveness import ReplyTime, reply_time, reply_times, reply_times_refresh
from tests.factories import ApplicationFactory, EmployerFactory, PostingFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 4, 0, tzinfo=dt.UTC)


def apply(posting, *, days_ago: float = 10, answered_after_hours: float | None = None, **extra) -> Application:
    application = ApplicationFactory(posting=posting, **extra)
    created = NOW - dt.timedelta(days=days_ago)
    answered = None if answered_after_hours is None else created + dt.timedelta(hours=answered_after_hours)
    Application.objects.filter(pk=application.pk).update(created_at=created, first_answered_at=answered)
    return application


def employer_with(hours: list[float | None], **posting_kwargs):
    posting = PostingFactory(published=True, **posting_kwargs)
    for value in hours:
        apply(posting, answered_after_hours=value)
    return posting.employer


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ([10, 20, 30, None, 40], ReplyTime(5, 30.0)),  # odd: the middle of 10, 20, 30, 40, ∞
        ([10, 20, 30, 40, None, None], ReplyTime(6, 35.0)),  # even: between 30 and 40
        ([10, 20, 30, None, None, None], ReplyTime(6, 30.0)),  # exactly half answered: the lower median
        ([10, 20, None, None, None], ReplyTime(5, None)),  # more than half unanswered
        ([1, 2, 3, 4], ReplyTime(4, None)),  # fewer than five counted
        ([], ReplyTime(0, None)),
    ],
    ids=["odd", "even", "half-answered", "mostly-unanswered", "too-few", "none"],
)
def test_reply_time_median_and_thresholds(hours, expected):
    assert reply_time(hours) == expected


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ([10, 20, 30, None, 40], ReplyTime(5, 30.0)),
        ([10, 20, 30, 40, None, None], ReplyTime(6, 35.0)),
        ([10, 20, 30, None, None, None], ReplyTime(6, 30.0)),
        ([10, 20, None, None, None], ReplyTime(5, None)),
        ([1, 2, 3, 4], ReplyTime(4, None)),
    ],
    ids=["odd", "even", "half-answered", "mostly-unanswered", "too-few"],
)
def test_reply_times_query_gives_the_exact_median(hours, expected, django_assert_num_queries):
    employer = employer_with(hours)
    with django_assert_num_queries(1):
        figures = reply_times(now=NOW)
    assert figures == {employer.pk: expected}


def test_reply_times_count_only_the_window_and_not_withdrawn_unanswered():
    employer = employer_with([10, 20, 30, 40, 50])
    posting = employer.postings.get()
    apply(posting, days_ago=6)  # too young: might still be answered in time
    apply(posting, days_ago=91, answered_after_hours=1)  # before the 90 days
    apply(posting, status=ApplicationStatus.WITHDRAWN)  # nobody waited for it
    apply(posting, status=ApplicationStatus.WITHDRAWN, answered_after_hours=100)  # answered, then withdrawn
    assert reply_times(now=NOW) == {employer.pk: ReplyTime(6, 35.0)}  # 10 … 50 and 100


def test_reply_times_refresh_stores_every_employer_in_batches(settings):
    settings.SWEEP_BATCH_SIZE = 1
    fast = employer_with([2, 4, 6, 8, 10])
    slow = employer_with([100, 200, 300, None, None])
    idle = EmployerFactory()
    Employer.objects.filter(pk=idle.pk).update(reply_median_hours=5, reply_counted=9)  # stale: cleared
    never = EmployerFactory()  # nothing counted, before or after: not rewritten

    assert reply_times_refresh(now=NOW) == 2

    stored = {
        e.pk: (e.reply_median_hours, e.reply_counted, e.reply_computed_at)
        for e in Employer.objects.filter(pk__in=[fast.pk, slow.pk, idle.pk])
    }
    assert stored == {fast.pk: (6.0, 5, NOW), slow.pk: (300.0, 5, NOW), idle.pk: (None, 0, NOW)}
    never.refresh_from_db()
    assert (never.reply_median_hours, never.reply_counted, never.reply_computed_at) == (None, 0, None)


@pytest.mark.parametrize("employers", [1, 3])
def test_reply_times_batch_queries_do_not_grow_with_employers(employers, django_assert_num_queries):
    for _ in range(employers):
        employer_with([1, 2, 3, 4, 5])
    batch = next(responsiveness.reply_times_batches(now=NOW))
    # the savepoint of the atomic, the figures, the employers of the range, their update, the release
    with django_assert_num_queries(5):
        responsiveness.reply_times_batch(**batch)
    assert Employer.objects.filter(reply_median_hours=3.0).count() == employers


@pytest.mark.parametrize(
    ("hours", "zh", "en"),
    [
        (0.5, "通常 1 天内回复", "Usually replies within 1 day"),
        (24, "通常 1 天内回复", "Usually replies within 1 day"),
        (25, "通常 2 天内回复", "Usually replies within 2 days"),
        (71.9, "通常 3 天内回复", "Usually replies within 3 days"),
        (None, None, None),
    ],
)
def test_employer_reply_label_in_both_languages(hours, zh, en):
    employer = Employer(reply_median_hours=hours)
    with translation.override("zh-hans"):
        assert employer.reply_label == zh
    with translation.override("en"):
        assert employer.reply_label == en
