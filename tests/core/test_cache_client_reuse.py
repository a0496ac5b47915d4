"""The shared cache keeps one Redis client per connection pool instead of one per call."""

import pytest
import redis

from wsoa.config.cache import RedisOrMemoryCache

CLOSED = "redis://127.0.0.1:1/12"  # building a client does not connect
LOCAL = "redis://127.0.0.1:6379/12"


def redis_is_up() -> bool:
    try:
        return bool(redis.Redis.from_url(LOCAL, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


def test_calls_share_one_client():
    cache = RedisOrMemoryCache(CLOSED, {})
    first = cache._cache.get_client("k")
    assert cache._cache.get_client("other") is first
    assert cache._cache.get_client("k", write=True) is first  # one server: one pool


def test_each_server_has_its_own_client():
    cache = RedisOrMemoryCache(f"{CLOSED},redis://127.0.0.1:2/12", {})
    writes = cache._cache.get_client("k", write=True)
    reads = cache._cache.get_client("k")  # the second server answers reads
    assert reads is not writes
    assert reads.connection_pool is not writes.connection_pool
    assert cache._cache.get_client("k") is reads and cache._cache.get_client(write=True) is writes


def test_the_shared_client_still_falls_back_to_memory():
    cache = RedisOrMemoryCache(CLOSED, {})
    cache.set("code", "123456", 30)
    assert cache.is_away() and cache.get("code") == "123456"


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis at 127.0.0.1:6379")
def test_the_shared_client_reconnects_after_its_connections_drop():
    cache = RedisOrMemoryCache(LOCAL, {})
    cache.set("reuse", "kept", 30)
    client = cache._cache.get_client()
    client.connection_pool.disconnect()  # as when Redis restarts
    assert cache.get("reuse") == "kept" and not cache.is_away()
    assert cache._cache.get_client() is client
    cache.delete("reuse")
