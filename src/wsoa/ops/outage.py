"""A clean "service unavailable" page, not an error page, when the database cannot be reached.

Django turns an exception into a response at every middleware layer, so a middleware would
only see the ones raised beneath it; the 500 handler sees them all, wherever they were raised
(a view, the session or sign-in middleware, a template). It answers a database error with a
503 page saying to try again shortly, no traceback and no internal detail. Connections are
re-made by Django itself once the database is back (CONN_HEALTH_CHECKS; ADR 0025).
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

from wsoa.core.middleware import POLICY

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer an unhandled exception: 503 for a database that is down, else the 500 page."""
    if is_unavailable(sys.exc_info()[1]):
        return unavailable()
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer a refused request: 503 if the refusal came from the database being down.

    Saving a session when the database has gone is reported by Django as the session having
    been deleted meanwhile, a "bad request"; the person sent nothing wrong.
    """
    if is_unavailable(exception):
        return unavailable()
    return defaults.bad_request(request, exception)


def is_unavailable(error: BaseException | None) -> bool:
    """Whether an error is, or was caused by, the database being unreachable or refusing."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, UNAVAILABLE):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def unavailable() -> HttpResponse:
    """The 503 page, rendered without the request: nothing in it may need the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = POLICY
    return response
