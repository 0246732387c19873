"""Django's Redis cache, failing open: with Redis unreachable, a read is a miss and a write is skipped
(logged at most every LOG_EVERY_SECONDS per process), so pages and the API keep answering while it
is down. What that costs: the throttles count nothing and the fragments are rendered each time until
Redis is back; the sign-in lockout is unaffected (it counts in the database)."""

import hashlib
import json
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
LOG_EVERY_SECONDS = 10.0
_last_logged = [float("-inf")]


def inputs_key(prefix: str, inputs) -> str:
    """A cache key for a value computed from ``inputs`` (anything JSON can write, str() for the rest):
    every input is in the key, so a changed input is a new key and nothing needs forgetting."""
    return f"{prefix}:{hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()}"


def _unreachable(operation: str, error: Exception) -> None:
    now = time.monotonic()
    if now - _last_logged[0] >= LOG_EVERY_SECONDS:
        _last_logged[0] = now
        logger.warning("cache unreachable (%s: %s): serving without it", operation, error)


class FailOpenRedisCacheClient(RedisCacheClient):
    def get(self, key, default):
        try:
            return super().get(key, default)
        except UNREACHABLE as error:
            _unreachable("get", error)
            return default

    def get_many(self, keys):
        try:
            return super().get_many(keys)
        except UNREACHABLE as error:
            _unreachable("get_many", error)
            return {}

    def has_key(self, key):
        try:
            return super().has_key(key)
        except UNREACHABLE as error:
            _unreachable("has_key", error)
            return False

    def add(self, key, value, timeout):
        try:
            return super().add(key, value, timeout)
        except UNREACHABLE as error:
            _unreachable("add", error)
            return False

    def set(self, key, value, timeout):
        try:
            return super().set(key, value, timeout)
        except UNREACHABLE as error:
            _unreachable("set", error)
            return None

    def set_many(self, data, timeout):
        try:
            return super().set_many(data, timeout)
        except UNREACHABLE as error:
            _unreachable("set_many", error)
            return None

    def touch(self, key, timeout):
        try:
            return super().touch(key, timeout)
        except UNREACHABLE as error:
            _unreachable("touch", error)
            return False

    def incr(self, key, delta):
        try:
            return super().incr(key, delta)
        except UNREACHABLE as error:
            _unreachable("incr", error)
            return None

    def delete(self, key):
        try:
            return super().delete(key)
        except UNREACHABLE as error:
            _unreachable("delete", error)
            return False

    def delete_many(self, keys):
        try:
            return super().delete_many(keys)
        except UNREACHABLE as error:
            _unreachable("delete_many", error)
            return None


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailOpenRedisCacheClient
