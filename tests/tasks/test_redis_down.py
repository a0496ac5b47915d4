"""Redis away: people still sign in and read pages (the cache answers from memory), and the cache
goes back to Redis once it answers again."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from task_queue import redis_is_up

from wsoa.config import cache as fallback

pytestmark = pytest.mark.django_db
CLOSED = "redis://127.0.0.1:1/12"
PASSWORD = "correct-horse-battery"  # factories.UserFactory's


def _cache_at(settings, url: str) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "wsoa.config.cache.RedisOrMemoryCache", "LOCATION": url}
    }


def test_with_redis_down_people_sign_in_and_read_pages(settings, contributor, plan):
    _cache_at(settings, CLOSED)
    client = Client()
    signed_in = client.post(reverse("login"), {"login": contributor.username, "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("plans:areas")
    page = client.get(reverse("plans:plan", args=[plan.area.slug, plan.pk]))
    assert page.status_code == 200 and plan.title in page.content.decode()
    assert cache.is_away()  # answered from this process's memory


def test_with_redis_down_the_cache_keeps_values_in_memory(settings):
    _cache_at(settings, CLOSED)
    cache.set("used-code", "123456", 30)
    assert cache.get("used-code") == "123456"
    assert not cache.add("used-code", "again")  # a used two-factor code stays used
    assert cache.add("rate", 1) and cache.incr("rate") == 2  # rate limits still count


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis at 127.0.0.1:6379")
def test_the_cache_goes_back_to_redis_once_it_answers(settings, monkeypatch):
    _cache_at(settings, "redis://127.0.0.1:6379/12")
    cache.set("k", "in redis")
    cache._away_until = 1e18  # as if Redis had just been unreachable
    assert cache.get("k") is None  # memory, meanwhile
    monkeypatch.setattr(fallback.time, "monotonic", lambda: 2e18)  # RETRY_AFTER has passed
    assert cache.get("k") == "in redis" and not cache._away_until
