"""Public reads from a PostgreSQL streaming replica (DATABASE_REPLICA_URL), everything else from the
primary.

Only GET/HEAD requests under REPLICA_READ_PATHS (the job search and job pages, their API, the feeds)
read from the ``replica`` alias; every write, every other page, Celery tasks and commands use the
primary. Three things send even those reads back to the primary:

- the client's own write: a successful POST/PUT/PATCH/DELETE sets a short cookie (REPLICA_PIN_SECONDS),
  and while it lasts that client reads from the primary, so it sees what it just wrote;
- a replica that is down, or lagging more than REPLICA_MAX_LAG_SECONDS behind the primary (checked at
  most every REPLICA_CHECK_SECONDS per process, with pg_last_xact_replay_timestamp());
- a replica that fails in the middle of a request: the read is retried once on the primary (safe: the
  request is a GET) and the replica counts as down until the next check.
"""

import logging
import threading
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

from .middleware import is_query_timeout

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "rw_primary"
SAFE_METHODS = ("GET", "HEAD")

_reads_from_replica: ContextVar[bool] = ContextVar("reads_from_replica", default=False)

# The replica's lag in seconds: 0 when it has replayed everything it received and is streaming;
# otherwise the age of the last transaction it replayed (so a replica cut off from its primary, or with
# replay paused, ages until it is refused). Not in recovery (a promoted replica): no lag.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
         AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 1e9)
END
"""


class PrimaryReplicaRouter:
    """Reads go to the replica only inside a request the middleware chose; writes always to the primary
    (also for rows read from the replica: the default router would write them back there)."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reads_from_replica.get() else None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema by itself


class _Health:
    def __init__(self):
        self.lock = threading.Lock()
        self.checked = float("-inf")
        self.usable = False

    def mark_down(self) -> None:
        with self.lock:
            self.checked, self.usable = time.monotonic(), False

    def forget(self) -> None:
        with self.lock:
            self.checked = float("-inf")


health = _Health()


def replica_lag_seconds() -> float:
    """The replica's lag behind the primary (LAG_SQL). Raises DatabaseError if it cannot be asked."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0])


def replica_usable() -> bool:
    """Whether the replica is up and within REPLICA_MAX_LAG_SECONDS; asked at most every
    REPLICA_CHECK_SECONDS in a process, the answer kept in between."""
    now = time.monotonic()
    with health.lock:
        if now - health.checked < settings.REPLICA_CHECK_SECONDS:
            return health.usable
        health.checked = now  # one request checks; the others meanwhile use the last answer
    try:
        lag = replica_lag_seconds()
        usable = lag <= settings.REPLICA_MAX_LAG_SECONDS
        if not usable:
            bound = settings.REPLICA_MAX_LAG_SECONDS
            logger.warning("replica lags %.1f s (bound %s s): reading from the primary", lag, bound)
    except DatabaseError:
        logger.warning("replica unreachable: reading from the primary", exc_info=True)
        connections[REPLICA].close()
        usable = False
    with health.lock:
        health.usable = usable
    return usable


class ReplicaReadsMiddleware:
    """Chooses the database a request reads from (see the module's docstring). Placed after
    DatabaseUnavailableMiddleware, so its retry on the primary comes before a 503."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = REPLICA in settings.DATABASES

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        use = (
            request.method in SAFE_METHODS
            and request.path.startswith(tuple(settings.REPLICA_READ_PATHS))
            and not request.COOKIES.get(PIN_COOKIE)
            and replica_usable()
        )
        token = _reads_from_replica.set(use)
        try:
            response = self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._replica_view = (view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        if not _reads_from_replica.get() or not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if is_query_timeout(exception) or not hasattr(request, "_replica_view"):
            return None
        logger.warning("replica failed during %s: retrying on the primary", request.path, exc_info=exception)
        health.mark_down()
        connections[REPLICA].close()
        _reads_from_replica.set(False)
        view_func, view_args, view_kwargs = request._replica_view
        try:
            response = view_func(request, *view_args, **view_kwargs)
            if callable(getattr(response, "render", None)):
                response = response.render()
        except (OperationalError, InterfaceError):
            return None  # the primary fails too: DatabaseUnavailableMiddleware answers 503
        return response
