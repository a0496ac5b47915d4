"""The plan page's shared parts, cached per plan version (issue 16 §3, ADR 0027).

Most of the plan page is the same for every reader until the plan changes: the tree, the
filters and the dashboard's figures. They are cached under a key naming the plan's *version*,
read in one query before anything else on the page:

- the id of the area's latest audit event: every change to plan data is audited in the same
  transaction as the change (items, leads, dates, milestones, ratings, periods, updates,
  meetings, indicators …), so any committed change gives a new key;
- the count, the sum of `Item.version` and the highest id of the plan's items: every edit,
  move, withdrawal, addition or removal of an item changes one of them, audited or not;
- today, because "overdue" and the dashboard's counts depend on the date.

The key is read before the parts are built, so a part cached under a key was built from data at
least as new as the key says. What differs between readers is never cached across them: the
manager's move and remove controls are a separate variant holding a placeholder where the
reader's own CSRF token goes, the dashboard is kept per role (its links are shown by role), and
the page's header, tabs and links are rendered for each request. The cache is Django's (Redis
when `WSOA_REDIS_URL` is set); when it cannot be reached the parts are built for the request.
"""

from __future__ import annotations

import datetime as dt
import logging
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from wsoa.core.models import AuditEvent
from wsoa.plans.models import Item, Plan

log = logging.getLogger(__name__)

T = TypeVar("T")

KEEP_SECONDS = 24 * 60 * 60  # keys name today, so nothing is read after a day anyway
TOKEN_PLACEHOLDER = "\x00wsoa-csrf-token\x00"  # noqa: S105 — not a secret: where the token goes
SHARED_QUERY_KEYS = {"open"}  # the only query the cached tree may answer: ?open=all|none


@dataclass(frozen=True)
class ContentVersion:
    """The plan's version as the page reads it: a cache key, and how many items the plan has."""

    key: str
    items: int


def content_version(plan: Plan, today: dt.date) -> ContentVersion:
    """Return the plan's version as of this moment: changes whenever what the page shows may."""
    audit, items = AuditEvent._meta.db_table, Item._meta.db_table
    quote = connection.ops.quote_name
    # Table names come from the models and values are passed as parameters.
    sql = (
        f"SELECT (SELECT MAX(id) FROM {quote(audit)} WHERE area_id = %s), "  # noqa: S608
        f"COUNT(*), SUM(version), MAX(id) FROM {quote(items)} WHERE plan_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan.area_id, plan.pk])
        latest, count, versions, last = cursor.fetchone()
    key = f"{plan.pk}.{today.isoformat()}.{latest or 0}.{count}.{versions or 0}.{last or 0}"
    return ContentVersion(key, count)


def is_shared_view(query: Mapping[str, Any]) -> bool:
    """Whether the page asked for is one every reader shares: no filter, no chosen depth."""
    return set(query) <= SHARED_QUERY_KEYS and query.get("open", "") in ("", "all", "none")


def tree_html(
    version: ContentVersion,
    *,
    manages: bool,
    collapsed: bool,
    token: str,
    build: Callable[[str], str],
) -> SafeString:
    """Return the plan's tree part for this reader: cached per version, collapsed or open, and
    with or without a manager's controls; `build(token)` renders it on a miss."""
    key = f"wsoa:plan-tree:{version.key}:{'manager' if manages else 'reader'}:{int(collapsed)}"
    html = _cached(key, lambda: _pack(build(TOKEN_PLACEHOLDER)), _unpack)
    return mark_safe(html.replace(TOKEN_PLACEHOLDER, token))  # noqa: S308 — built by templates


def dashboard(version: ContentVersion, role: str, build: Callable[[], T]) -> T:
    """Return the plan's dashboard as this role sees it, cached per plan version."""
    return _cached(f"wsoa:plan-dashboard:{version.key}:{role}", build, lambda found: found)


def cached(key: str, build: Callable[[], T]) -> T:
    """Return what `build()` makes, kept under `key` (which should name a ContentVersion)."""
    return _cached(key, build, lambda found: found)


def _cached(key: str, build: Callable[[], Any], read: Callable[[Any], T]) -> T:
    try:
        found = cache.get(key)
    except Exception:  # a cache that cannot be reached costs speed, never the page
        log.warning("plan page cache unavailable", exc_info=True)
        return read(build())
    if found is None:
        found = build()
        try:
            cache.set(key, found, KEEP_SECONDS)
        except Exception:
            log.warning("plan page cache unavailable", exc_info=True)
    return read(found)


def _pack(html: str) -> bytes:
    return zlib.compress(html.encode(), 1)  # a 200 KB tree is 15 KB in the cache


def _unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode()
