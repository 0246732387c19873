"""Cross-app fixtures only. (Django's test setup already swaps the mailer for locmem: mail.outbox.)"""

import contextlib
import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from recruitment_weeks import celery_app

pytest_plugins = ["tests.support.celery_worker"]  # the start_worker fixture


def _reset_broker_connections() -> None:
    # Celery caches the connection pool and the producer pool; both must go for a new URL to apply.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_at(url: str):
    """Point the app (and workers started meanwhile) at another broker URL, then restore it."""
    saved_url, saved_env = celery_app.conf.broker_url, os.environ.get("CELERY_BROKER_URL")
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    os.environ["CELERY_BROKER_URL"] = celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "socket_connect_timeout": 3,
        "socket_timeout": 3,
    }
    _reset_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url = saved_url
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        celery_app.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        _reset_broker_connections()


def broker_unreachable():
    """A broker URL where nothing listens, as when Redis is down."""
    return broker_at("redis://127.0.0.1:1/0")


@pytest.fixture
def broker_down():
    with broker_unreachable():
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The real hasher costs ~0.5 s a user by design; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploaded licences and résumés go to a fresh private directory per test, never under var/
    (where `make run`'s own files live). Returns that directory."""
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return root


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """One S3-compatible server (moto's) for the session, started here so that `make test` runs the
    object-storage tests on any machine with requirements-dev.txt installed."""
    from tests.support.servers import S3Server

    server = S3Server(tmp_path_factory.mktemp("s3"))
    if not server.binary.exists():
        pytest.skip("moto_server is not installed: pip install -r requirements-dev.txt (moto[server])")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_storage(settings, private_storage, s3_server, request):
    """Uploads go to a fresh private bucket on the S3 server, as with S3_BUCKET set. Returns (the server,
    the bucket's name)."""
    bucket = f"rw-{request.node.name.replace('_', '-')[:40].strip('-').lower()}-{os.getpid()}"
    bucket = "".join(c for c in bucket if c.isalnum() or c == "-")
    s3_server.client().create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_server.storage_options(bucket)},
    }
    return s3_server, bucket


@pytest.fixture(autouse=True)
def _search_statistics():
    """The search reads the postings' statistics once per process every few minutes (search_plan): a
    query that a test counting queries would see or not by the order tests run in. Every test starts
    with them read, as for a table of test size (which chooses the INDEX plan, as the real statistics
    of a test table would); tests of the plans read the real ones (search_plan.forget_stats())."""
    from marketplace import search_plan

    search_plan.assume_small_table()
    yield
    search_plan.forget_stats()


@pytest.fixture(autouse=True)
def _empty_cache():
    # DRF's throttles count requests in the cache: without this, one test's requests throttle the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _portal_language():
    """Every test starts in the portal's language (zh-hans): a request in English leaves English active
    in this thread, and the next test's Chinese assertions would depend on the order tests run in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _staff_second_factor(request):
    """Staff signing in pass the second factor at once (tests/support/second_factor.py), so the
    tests of everything else sign staff in as before; tests marked ``second_factor`` go through it."""
    if request.node.get_closest_marker("second_factor"):
        yield
        return
    from django.contrib.auth.signals import user_logged_in

    from tests.support.second_factor import pass_second_factor_on_login

    user_logged_in.connect(pass_second_factor_on_login, dispatch_uid="tests-second-factor")
    yield
    user_logged_in.disconnect(dispatch_uid="tests-second-factor")


@pytest.fixture
def reviewer_of():
    """reviewer_of(venue) → a staff user with a membership on ``venue`` (employers, fairs, marketplace)."""
    from tests.factories import MembershipFactory

    def make(venue, **user):
        return MembershipFactory(venue=venue, user__is_staff=True, **{f"user__{k}": v for k, v in user.items()}).user

    return make


@pytest.fixture
def eager_tasks():
    """Tasks published meanwhile run at once in this process (a sweep's dispatcher and its batches)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def pytest_collection_modifyitems(config, items):
    """A test that commits (live_server, transaction=True) must restore the serialized database after
    it: its flush recreates content types and permissions under new ids, and every later test with
    serialized_rollback then fails at setup on a duplicate key. Refuse such a test at collection."""
    offenders = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = "live_server" in getattr(item, "fixturenames", ()) or "transactional_db" in getattr(
            item, "fixturenames", ()
        )
        if marker is not None and marker.kwargs.get("transaction"):
            commits = True
        if commits and not (marker is not None and marker.kwargs.get("serialized_rollback")):
            offenders.append(item.nodeid)
    if offenders:
        raise pytest.UsageError(
            "These tests commit without serialized_rollback=True; mark them "
            "pytest.mark.django_db(transaction=True, serialized_rollback=True):\n  " + "\n  ".join(offenders)
        )
