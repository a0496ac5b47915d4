"""wsoa's settings with no cache at all: every plan page built for its request, as before the
plan page was cached (bench/plan_page.py --no-cache, bench/load.py --no-cache)."""

from wsoa.config.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
