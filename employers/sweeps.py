"""The expired-postings sweep, in batches (recruitment_weeks.sweeps): beat runs a dispatcher task that
publishes one batch task per id range of expired postings, which any number of workers share. A
closed posting leaves the filter, so a batch run twice closes nothing twice."""

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from recruitment_weeks import sweeps

from . import services
from .selectors import expired_postings

CLOSE_EXPIRED_BATCH_TASK = "employers.task_close_expired_postings_batch"


def close_expired_batches(*, today: dt.date | None = None) -> Iterator[dict]:
    today = today or timezone.localdate()
    for after, upto in sweeps.id_ranges(expired_postings(today)):
        yield {"today": today.isoformat(), "after": after, "upto": upto}


def close_expired_batch(*, today: str, after: int, upto: int | None) -> int:
    return services.postings_close_expired(today=dt.date.fromisoformat(today), after=after, upto=upto)


def close_expired(*, today: dt.date | None = None) -> int:
    """Every batch, here (tests, the shell)."""
    return sweeps.run_here(close_expired_batch, close_expired_batches(today=today))
