"""One cache for every node (CACHE_URL=redis://…): a throttle limit holds for two web nodes together,
not for each one. Two real gunicorn processes, a Redis of the test's own (tests/support/servers.py)."""

import json

import pytest

from tests.core.test_settings import run_python
from tests.support.celery_worker import test_database_url
from tests.support.nodes import WebNode, call, node_env, wait_healthy
from tests.support.servers import PrivateRedis

LIMIT = 5


@pytest.fixture
def redis_server(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def two_nodes(tmp_path, **env: str) -> list[WebNode]:
    environment = node_env(tmp_path / "var", DATABASE_URL=test_database_url(), THROTTLE_ANON=f"{LIMIT}/min", **env)
    nodes = [WebNode(name, environment, tmp_path) for name in ("node-a", "node-b")]
    for node in nodes:
        wait_healthy(node.url)
    return nodes


def alternate(nodes: list[WebNode], requests: int) -> list[tuple[str, int]]:
    """The same anonymous client's API reads, sent to node A, B, A, B … (as a load balancer does)."""
    answers = []
    for n in range(requests):
        node = nodes[n % 2]
        answers.append((node.name, call(f"{node.url}/api/v1/venues/").status))
    return answers


@pytest.mark.django_db
def test_anonymous_throttle_limit_holds_for_two_nodes_sharing_redis(tmp_path, redis_server):
    nodes = two_nodes(tmp_path, CACHE_URL=redis_server.url)
    try:
        answers = alternate(nodes, 2 * LIMIT)
    finally:
        for node in nodes:
            node.stop()

    assert [status for _, status in answers] == [200] * LIMIT + [429] * LIMIT
    assert answers[LIMIT:] == [("node-b", 429), ("node-a", 429)] * (LIMIT // 2) + [("node-b", 429)]


@pytest.mark.django_db
def test_without_a_shared_cache_each_node_counts_alone(tmp_path):
    """The same two nodes on local-memory caches: each allows the limit, the pair twice as much (what
    CACHE_URL fixes; this shows the test above can fail)."""
    nodes = two_nodes(tmp_path, CACHE_URL="", REDIS_URL="")
    try:
        answers = alternate(nodes, 2 * LIMIT + 2)
    finally:
        for node in nodes:
            node.stop()

    assert [status for _, status in answers] == [200] * (2 * LIMIT) + [429, 429]


SHOW_CACHE = "import json, recruitment_weeks.settings as s; print(json.dumps(s.CACHES['default']))"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}),
        (
            {"CACHE_URL": "redis://10.0.0.5:6379/2"},
            {
                "BACKEND": "recruitment_weeks.cache.FailOpenRedisCache",
                "LOCATION": "redis://10.0.0.5:6379/2",
                "KEY_PREFIX": "rw",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            },
        ),
        (
            {"REDIS_URL": "redis://10.0.0.6:6379/0", "CACHE_KEY_PREFIX": "zph"},
            {
                "BACKEND": "recruitment_weeks.cache.FailOpenRedisCache",
                "LOCATION": "redis://10.0.0.6:6379/0",
                "KEY_PREFIX": "zph",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            },
        ),
    ],
)
def test_settings_use_redis_only_when_a_cache_url_is_set(tmp_path, env, expected):
    environ = {"CACHE_URL": "", "REDIS_URL": "", "CACHE_KEY_PREFIX": "", **env}

    result = run_python(SHOW_CACHE, tmp_path / "var", SECRET_KEY="settings-test", **environ)

    assert (result.returncode, json.loads(result.stdout or "null")) == (0, expected), result.stderr


def unreachable_redis(backend: str) -> dict:
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    return {"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": options}}


@pytest.mark.django_db
def test_redis_unreachable_pages_and_api_still_answer_without_the_cache(client, settings, caplog):
    settings.CACHES = unreachable_redis("recruitment_weeks.cache.FailOpenRedisCache")

    page = client.get("/jobs/")  # cached fragments (filters, cards) and reference labels
    api = client.get("/api/v1/jobs/")  # the anonymous throttle counts in the cache

    assert (page.status_code, "<title>找工作 · " in page.content.decode()) == (200, True)
    assert (api.status_code, api.json()["results"]) == (200, [])
    assert [r.getMessage().split(" (")[0] for r in caplog.records if r.name == "recruitment_weeks.cache"] == [
        "cache unreachable"
    ]  # once, not once per cache call


@pytest.mark.django_db
def test_django_redis_cache_alone_fails_the_request_when_redis_is_unreachable(client, settings):
    """What the fail-open backend is for (and that the test above can fail)."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    settings.CACHES = unreachable_redis("django.core.cache.backends.redis.RedisCache")

    with pytest.raises(RedisConnectionError):
        client.get("/api/v1/jobs/")


@pytest.mark.django_db
def test_redis_unreachable_postings_and_employers_are_still_saved(settings):
    """Every save changes the search's version in the cache (employers.search_version): with Redis
    down the save goes on, and the search answers from the database."""
    from marketplace.search import search_postings
    from tests.factories import EmployerFactory
    from tests.factories.graduates import public_posting

    settings.CACHES = unreachable_redis("recruitment_weeks.cache.FailOpenRedisCache")
    settings.SEARCH_CACHE_SECONDS = 60

    employer = EmployerFactory(approved=True, name="华信会计师事务所")
    posting = public_posting(employer=employer, title="出纳会计")
    posting.title = "审计会计"
    posting.save()

    assert [row["title"] for row in search_postings(params={}).postings] == ["审计会计"]


SHOW_SEARCH_CACHE = "import recruitment_weeks.settings as s; print(s.SEARCH_CACHE_SECONDS)"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "0"),  # a cache per process: another process's write would wait for the kept page to expire
        ({"CACHE_URL": "redis://10.0.0.6:6379/0"}, "60"),
        ({"REDIS_URL": "redis://10.0.0.6:6379/0"}, "60"),
        ({"SEARCH_CACHE_SECONDS": "15"}, "15"),
        ({"CACHE_URL": "redis://10.0.0.6:6379/0", "SEARCH_CACHE_SECONDS": "0"}, "0"),
    ],
)
def test_search_pages_are_kept_by_default_only_in_a_shared_cache(tmp_path, env, expected):
    environ = {"CACHE_URL": "", "REDIS_URL": "", "SEARCH_CACHE_SECONDS": "", **env}
    if not environ["SEARCH_CACHE_SECONDS"]:
        del environ["SEARCH_CACHE_SECONDS"]

    result = run_python(SHOW_SEARCH_CACHE, tmp_path / "var", SECRET_KEY="settings-test", **environ)

    assert (result.returncode, result.stdout.strip()) == (0, expected), result.stderr
