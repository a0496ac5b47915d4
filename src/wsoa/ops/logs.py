"""Logs: one line per request (JSON in production), each log line carrying its request's id.

The request line holds what an operator needs to follow a request and nothing personal: its id,
the user's numeric id, the area's slug, the method, the path without its query string (secrets
in a path, such as a password-reset key, replaced by their name), the status and the time.
No names, e-mail addresses, IP addresses, form contents or query strings (ADR 0025).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("wsoa.request")
REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
HEADER = "X-Request-ID"
# An id sent by the proxy in front is kept if it is plainly an id; anything else is replaced.
GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# URL parts that are secrets: a password-reset link's key and the account it is for.
SECRET_PARTS = ("key", "uidb36", "uidb64", "token")


class RequestIdFilter(logging.Filter):
    """Give every log record the id of the request being handled ("-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, and any `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", REQUEST_ID.get()),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def request_log(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Give each request an id (the proxy's, or a new one), answer with it, and log the request."""

    def middleware(request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = _given_id(request) or uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        try:
            response = get_response(request)
            response[HEADER] = request_id
            fields = request_fields(request, response.status_code, started)
            logger.info(
                "%s %s %s %s ms", *[fields[k] for k in ("method", "path", "status", "duration_ms")],
                extra={"fields": fields},
            )  # fmt: skip
            return response
        finally:
            REQUEST_ID.reset(token)

    return middleware


def request_fields(request: HttpRequest, status: int, started: float) -> dict[str, Any]:
    match = request.resolver_match
    kwargs = match.kwargs if match else {}
    return {
        "method": request.method,
        "path": _path(request.path, kwargs),
        "view": match.view_name if match else None,
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "user_id": _user_id(request),
        "area": kwargs.get("slug"),
    }


def _given_id(request: HttpRequest) -> str:
    given = request.headers.get(HEADER, "")
    return given if GIVEN_ID.fullmatch(given) else ""


def _path(path: str, kwargs: dict[str, Any]) -> str:
    for name in SECRET_PARTS:
        if kwargs.get(name):
            path = path.replace(str(kwargs[name]), f":{name}")
    return path


def _user_id(request: HttpRequest) -> int | None:
    # Only a user already read for the request: reading one here would query the database,
    # which may be the very thing that is down.
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and user.is_authenticated else None
