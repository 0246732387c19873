"""Batched sweeps: how every scheduled sweep is cut into batches that any number of workers share.

A sweep is a dispatcher and a batch. Beat runs the dispatcher task; it decides ``now`` once, walks
the rows the sweep is about by primary key (keyset: one boundary id per query, never the whole
table) and publishes one batch task per id range ``(after, upto]`` with that ``now`` in its
arguments. A batch does its range in one transaction: every notification it writes has a unique
dedupe key (``notify_many``: INSERT … ON CONFLICT DO NOTHING), and every state change it makes takes
its rows out of the sweep's filter, so running a batch twice — redelivered after its worker died
(acks_late + reject_on_worker_lost), or published again by the next beat run while still queued —
does nothing twice, and a batch that died before committing is redone whole.

``settings.SWEEP_BATCH_SIZE`` is the number of rows per batch (tests use 2). More workers take
more batches at once: ``celery -A recruitment_weeks worker --concurrency=N`` on any number of hosts.
"""

import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)

Range = tuple[int, int | None]  # (after, upto]: ids greater than ``after``, up to ``upto`` (None: no end)


def batch_size() -> int:
    return max(1, int(settings.SWEEP_BATCH_SIZE))


def id_ranges(queryset: QuerySet, *, size: int | None = None) -> Iterator[Range]:
    """Consecutive id ranges of ``queryset`` holding ``size`` rows each (the last one fewer), found
    one boundary at a time (ORDER BY id OFFSET size-1 LIMIT 1 from the previous boundary): memory
    and each query are bounded whatever the table's size."""
    size = size or batch_size()
    after = 0
    ordered = queryset.order_by("pk").values_list("pk", flat=True)
    while True:
        rest = ordered.filter(pk__gt=after)
        upto = rest[size - 1 : size].first()
        if upto is None:
            if rest.exists():
                yield after, None
            return
        yield after, upto
        after = upto


def in_range(queryset: QuerySet, after: int, upto: int | None, *, field: str = "pk") -> QuerySet:
    queryset = queryset.filter(**{f"{field}__gt": after})
    return queryset if upto is None else queryset.filter(**{f"{field}__lte": upto})


def now_arg(now: dt.datetime) -> str:
    """``now`` as a task argument (JSON): a redelivered batch uses the dispatcher's time, so its
    dedupe keys (which name the day or the week) are the ones of the first attempt."""
    return now.isoformat()


def now_from(value: str | None) -> dt.datetime:
    return dt.datetime.fromisoformat(value) if value else timezone.now()


def fan_out(task_name: str, batches: Iterable[dict]) -> int:
    """Publish one ``task_name`` task per batch (its keyword arguments). Returns how many."""
    task = current_app.tasks[task_name]
    count = 0
    for kwargs in batches:
        task.apply_async(kwargs=kwargs)
        count += 1
    logger.info("%s: %d batches queued", task_name, count)
    return count


def run_here(batch: Callable[..., int | dict], batches: Iterable[dict]) -> int | dict:
    """Run every batch in this process, one after the other (tests, the shell, the benchmark),
    adding up their results (ints, or dicts of ints)."""
    total: int | dict | None = None
    for kwargs in batches:
        result = batch(**kwargs)
        if total is None:
            total = result
        elif isinstance(result, dict):
            total = {key: total.get(key, 0) + value for key, value in result.items()}
        else:
            total += result
    return total if total is not None else 0


def test_hold(name: str) -> None:
    """A pause for the worker-death test only: when ``settings.SWEEP_TEST_HOLD`` names a folder, the
    second batch of sweep ``name`` this process runs writes ``<folder>/<name>.held`` and waits there
    (uncommitted) until the test kills the worker. Unset everywhere else: it does nothing."""
    folder = settings.SWEEP_TEST_HOLD
    if not folder:
        return
    counter = Path(folder) / f"{name}.{os.getpid()}.count"
    seen = int(counter.read_text()) if counter.exists() else 0
    counter.write_text(str(seen + 1))
    if seen == 1:
        (Path(folder) / f"{name}.held").write_text(str(os.getpid()))
        while True:
            time.sleep(1)


test_hold.__test__ = False  # a hook, not a pytest test
