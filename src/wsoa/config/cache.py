"""The shared cache: Redis, falling back to this process's memory while Redis is away.

What wsoa keeps in the cache (allauth's rate limits, two-factor codes already used, roles
stamps) is short-lived. Losing Redis should not stop people signing in, so each call that cannot
reach Redis is answered from memory instead, and Redis is not tried again for `RETRY_AFTER`
seconds (so pages do not wait on it). While it is away those limits hold per app server rather
than across them; the log says so once per outage (ADR 0023).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

RETRY_AFTER = 30.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
logger = logging.getLogger(__name__)


class ReusedClientCache(RedisCacheClient):
    """Django's Redis client maker, keeping one `redis.Redis` client per connection pool.

    Django builds a new client for every call, and building one (its table of reply handlers)
    cost more than the call itself. A client over a pool is safe to share between threads; the
    pool (kept by Django, one per server) still opens and reopens the connections.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            self._clients[id(pool)] = client
        return client


class RedisOrMemoryCache(RedisCache):
    """Django's Redis cache, answered from local memory while Redis cannot be reached."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = {"socket_connect_timeout": 1, "socket_timeout": 1, **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientCache
        self._memory = LocMemCache(f"redis-fallback-{id(self)}", {})
        self._away_until = 0.0

    def is_away(self) -> bool:
        return time.monotonic() < self._away_until

    def _either(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self.is_away():
            try:
                result = getattr(RedisCache, name)(self, *args, **kwargs)
            except UNREACHABLE as error:
                if not self._away_until:
                    logger.warning("Redis cache unreachable (%s): using memory for now", error)
                self._away_until = time.monotonic() + RETRY_AFTER
            else:
                if self._away_until:
                    logger.warning("Redis cache reachable again")
                    self._away_until = 0.0
                return result
        return getattr(self._memory, name)(*args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("get_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("incr", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("delete_many", *args, **kwargs)

    def clear(self) -> Any:
        self._memory.clear()
        return self._either("clear")
