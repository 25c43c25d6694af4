"""Django's Redis cache, made to degrade to "no cache" when Redis is lost.

Django's own ``RedisCache`` raises on a lost connection, which would turn a cache
outage into a site outage. Here the cache is an optimisation only: while Redis
cannot be reached, reads are misses, writes and deletes are skipped, and one
warning a minute says so. After a failure Redis is left alone for a few seconds
(``RETRY_AFTER`` in ``OPTIONS``), so a Redis that hangs rather than refuses costs
the process one socket timeout every few seconds, not one per cache call.

Counters (``incr``/``decr``) and ``clear()`` still raise: a counter that silently
stops counting, or a clear that did not happen, is a bug to see, not a miss.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
DEFAULT_RETRY_AFTER = 5.0
WARN_EVERY = 60.0


def address_of(url: str) -> str:
    """Where a Redis URL points, without the password it may carry."""
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2] or parts.path


class Outage:
    """What the process knows about one Redis location's availability.

    Django makes a cache object per thread, so this state is shared by location:
    every thread skips a Redis that another thread just found down, and the
    warning is rate-limited process-wide."""

    def __init__(self, location: str):
        self.name = ", ".join(address_of(url) for url in location.split(","))
        self.lock = threading.Lock()
        self.down = False
        self.skip_until = 0.0
        self.warned_at: float | None = None
        self.unwarned_failures = 0

    def skipping(self) -> bool:
        return self.down and time.monotonic() < self.skip_until

    def failed(self, error: Exception, *, retry_after: float) -> None:
        now = time.monotonic()
        with self.lock:
            self.down = True
            self.skip_until = now + retry_after
            self.unwarned_failures += 1
            if self.warned_at is not None and now - self.warned_at < WARN_EVERY:
                return
            failures, self.unwarned_failures = self.unwarned_failures, 0
            self.warned_at = now
        logger.warning(
            "Redis cache at %s unavailable (%s: %s); serving uncached, "
            "%d failed call(s) since the last warning.",
            self.name,
            type(error).__name__,
            error,
            failures,
        )

    def recovered(self) -> None:
        if not self.down:
            return
        with self.lock:
            self.down = False
            self.warned_at = None
            self.unwarned_failures = 0
        logger.warning("Redis cache at %s is back.", self.name)


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def outage_for(location: str) -> Outage:
    with _outages_lock:
        return _outages.setdefault(location, Outage(location))


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool.

    Django makes a new ``redis.Redis`` for every cache call; redis-py's constructor
    copies its table of response callbacks, which costs more than the GET it
    serves. A ``redis.Redis`` is safe to share: its pool hands out connections."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
        self.outage = outage_for(",".join(self._servers))

    def _or_else(self, fallback, call, *args, **kwargs):
        """Run a Redis call; if Redis is unavailable, answer ``fallback`` instead."""
        if self.outage.skipping():
            return fallback
        try:
            result = call(*args, **kwargs)
        except UNAVAILABLE as error:
            self.outage.failed(error, retry_after=self.retry_after)
            return fallback
        self.outage.recovered()
        return result

    # Reads: a miss.

    def get(self, key, default=None, version=None):
        return self._or_else(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._or_else({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or_else(False, super().has_key, key, version)

    # Writes: skipped, reported as not done where the API has a way to say so.

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._or_else(None, super().set, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_else(False, super().add, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_else(False, super().touch, key, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_else(list(data), super().set_many, data, timeout, version)

    def delete(self, key, version=None):
        return self._or_else(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        self._or_else(None, super().delete_many, keys, version)
