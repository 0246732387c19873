"""The version of what the public search shows: a number in the default cache that changes whenever a
posting or an employer is saved or deleted (every status change, edit, withdrawal or suspension) and
whenever postings' search documents are rewritten without a save of their own (their fairs or
disciplines changed: search_text.refresh_postings; their employer changed: refresh_employer_postings).

A search page kept in the cache is kept under this number (marketplace.search), so a change is seen
by the next search at once instead of after the page's time in the cache runs out. With CACHE_URL
every process on every node reads one number; with the per-process default, another process sees a
change when its kept pages expire (SEARCH_CACHE_SECONDS)."""

import time

from django.core.cache import cache
from django.db import transaction

KEY = "postings:version"


def postings_version() -> int:
    """The current number. A missing one (evicted, or a new cache) starts at the clock in nanoseconds,
    so no page kept under an earlier number can be read again."""
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, time.time_ns(), None)
        value = cache.get(KEY)
    return value if value is not None else time.time_ns()


def _bump() -> None:
    try:
        if cache.incr(KEY) is not None:
            return
    except ValueError:  # not there: any new number will do
        pass
    cache.set(KEY, time.time_ns(), None)


def postings_changed() -> None:
    """Now (this transaction's own reads) and again after the commit: a search run between the two,
    by another request that could not yet see the write, kept its page under the first number only."""
    _bump()
    transaction.on_commit(_bump)


def connect() -> None:
    """Saves and deletes of postings and employers, by services, the admin or tests alike (a cache
    signal: no domain effect)."""
    from django.db.models.signals import post_delete, post_save

    from .models import Employer, JobPosting

    def changed(**kwargs):
        postings_changed()

    for model in (JobPosting, Employer):
        post_save.connect(changed, sender=model, dispatch_uid=f"search-version-save-{model.__name__}", weak=False)
        post_delete.connect(changed, sender=model, dispatch_uid=f"search-version-delete-{model.__name__}", weak=False)
