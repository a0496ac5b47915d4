"""Health checks for load balancers and monitoring: alive (`/healthz`), ready (`/readyz`).

`/healthz` says only that the process answers; it touches nothing else, so a database outage
does not get app servers restarted. `/readyz` checks the database, the cache, the file store
and the task broker: 200 when all answer, 503 when one does not. Anonymous callers get just
"ready" or "not ready"; staff see which check failed; the log has the error (ADR 0025).
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger("wsoa.health")
PROBE = "wsoa-readyz-probe"


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    results = {name: _run(name, check) for name, check in CHECKS.items()}
    ready = all(result["ok"] for result in results.values())
    status = 200 if ready else 503
    if _may_see_detail(request):
        response: HttpResponse = JsonResponse({"ready": ready, "checks": results}, status=status)
    else:
        text = "ready" if ready else "not ready"
        response = HttpResponse(text, status=status, content_type="text/plain")
    # Each failed check is logged above as a warning; without this flag Django would add an
    # error line for every probe while a dependency is down.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def shared_cache() -> None:
    value = secrets.token_hex(8)
    cache.set(PROBE, value, timeout=10)
    if cache.get(PROBE) != value:
        raise RuntimeError("the cache did not keep a value")


def storage() -> None:
    if isinstance(default_storage, FileSystemStorage):
        folder = default_storage.location
        os.makedirs(folder, exist_ok=True)  # as the store does at its first save
        if not os.access(folder, os.W_OK):
            raise RuntimeError(f"{folder} is not a folder wsoa can write to")
        return
    default_storage.exists(PROBE)  # one round trip to the store


def broker() -> None:
    try:
        from wsoa.config.celery import broker_reachable
    except ImportError:  # no task queue in this build: nothing to check
        return
    if not broker_reachable():
        raise RuntimeError("the task broker did not answer")


CHECKS: dict[str, Callable[[], None]] = {
    "database": database,
    "cache": shared_cache,
    "storage": storage,
    "broker": broker,
}


def _run(name: str, check: Callable[[], None]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        check()
    except Exception as error:  # any failure means "not ready"; logged below
        logger.warning("readiness check %s failed: %s: %s", name, type(error).__name__, error)
        outcome: dict[str, Any] = {"ok": False, "error": type(error).__name__}
    else:
        outcome = {"ok": True}
    outcome["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return outcome


def _may_see_detail(request: HttpRequest) -> bool:
    """Staff and superusers see each check; reading the user needs the database, maybe down."""
    try:
        user = request.user
        return bool(user.is_authenticated and (user.is_staff or user.is_superuser))
    except DatabaseError:
        return False
