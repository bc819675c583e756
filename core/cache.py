"""A Redis cache that degrades instead of failing.

Pages keep working when Redis is unreachable: a read is a miss, a write is dropped, and after a
failure Redis is left alone for ``DOWN_SECONDS`` so that a dead or hung server costs a request
at most one short connect timeout (set in ``CACHES["default"]["OPTIONS"]``), not one per call.
Nothing the app keeps in the cache is the only copy of anything (heartbeat, figures that are
recomputed on a miss), so losing writes while Redis is down is harmless.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)
DOWN_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    _down_until = 0.0  # per process: the monotonic time before which Redis is not tried again

    def _guarded(self, default, method, *args, **kwargs):
        if time.monotonic() < ResilientRedisCache._down_until:
            return default
        try:
            return method(*args, **kwargs)
        except REDIS_DOWN as exc:
            ResilientRedisCache._down_until = time.monotonic() + DOWN_SECONDS
            logger.warning("Redis cache unreachable (%s); pages go on without it for %ss", exc, DOWN_SECONDS)
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        return self._guarded(None, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._guarded(None, super().delete_many, keys, version)

    def clear(self):
        return self._guarded(False, super().clear)
