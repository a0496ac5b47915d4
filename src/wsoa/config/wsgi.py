"""WSGI entry point for gunicorn: `gunicorn wsoa.config.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
application = get_wsgi_application()


def settle() -> None:
    """Load what every request needs, then take it out of the garbage collector's sight.

    A full (oldest-generation) collection walks every object the process holds; with Django,
    the URL patterns and the imported apps that is most of them, and it paused a plan page
    for 60–80 ms once in every few requests (bench/plan_foundation.py). Frozen objects are
    never scanned, so those pauses drop to a third. With gunicorn's --preload it also keeps
    the memory shared between workers.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — import every view now, not on first request
    gc.collect()
    gc.freeze()


settle()
