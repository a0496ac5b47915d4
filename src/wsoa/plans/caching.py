"""The plan page's shared parts, cached per plan version (issue 16 §3, ADRs 0027 and 0034).

Most of the plan page is the same for every reader until the plan changes: the tree, the
filters and the dashboard's figures. They are cached under a key naming the plan's *version*,
read in one query before anything else on the page:

- the id of the area's latest audit event that may change what the tree shows: every change to
  plan data is audited in the same transaction as the change (items, leads, dates, milestones,
  ratings, periods, meetings, indicators …), so any committed change gives a new key. Only the
  actions in core.models.TREE_NEUTRAL_ACTIONS are left out (an update posted, a comment, a
  rating returned, a reminder, a pack): each provably changes no row the tree reads. An action
  not in that list, a new one included, changes the key;
- the count, the sum of `Item.version` and the highest id of the plan's items: every edit,
  move, withdrawal, addition or removal of an item changes one of them, audited or not;
- today, because "overdue" and the dashboard's counts depend on the date.

What does change with updates and comments is keyed on more: the dashboard's tiles from the
apps above plans (updates missing, ratings to review, figures, meetings) on the area's latest
audit event of any action, and the item page's progress part on the item's own latest event.

The key is read before the parts are built, so a part cached under a key was built from data at
least as new as the key says. What differs between readers is never cached across them: the
manager's move and remove controls are a separate variant holding a placeholder where the
reader's own CSRF token goes, the dashboard's tiles are kept per role (their links are shown by
role), and the page's header, tabs and links are rendered for each request. The cache is
Django's (Redis when `WSOA_REDIS_URL` is set); when it cannot be reached the parts are built for
the request.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Model, QuerySet
from django.utils.safestring import SafeString, mark_safe

from wsoa.core.models import TREE_NEUTRAL_ACTIONS, AuditEvent
from wsoa.plans.models import Item, Plan

log = logging.getLogger(__name__)

T = TypeVar("T")
M = TypeVar("M", bound=Model)

KEEP_SECONDS = 24 * 60 * 60  # keys name today, so nothing is read after a day anyway
TOKEN_PLACEHOLDER = "\x00wsoa-csrf-token\x00"  # noqa: S105 — not a secret: where the token goes
SHARED_QUERY_KEYS = {"open"}  # the only query the cached tree may answer: ?open=all|none


@dataclass(frozen=True)
class ContentVersion:
    """The plan's version as the page reads it: cache keys, and how many items the plan has.

    `key` changes whenever what the tree shows may; `area_key` also with any audited event in
    the area; `item_key` (when read for an item) also with any audited event on that item."""

    key: str
    items: int
    area_key: str = ""
    item_key: str = ""


ITEM = "item"  # the object type of audit events about an item
# The same expression as the index core_audit_area_tree_latest's condition, so PostgreSQL reads
# the latest such event from that index alone; the actions are fixed words, never user input.
if not all(re.fullmatch(r"[a-z_.]+", action) for action in TREE_NEUTRAL_ACTIONS):
    raise ValueError("TREE_NEUTRAL_ACTIONS holds action names only: a-z, _ and .")
_NEUTRAL = ", ".join(f"'{action}'" for action in TREE_NEUTRAL_ACTIONS)


def content_version(plan: Plan, today: dt.date, item: Item | None = None) -> ContentVersion:
    """Return the plan's version as of this moment (and the item's, when given), in one query."""
    audit, items = AuditEvent._meta.db_table, Item._meta.db_table
    quote = connection.ops.quote_name
    # Table names come from the models, the actions are constants and values are parameters.
    sql = (
        f"SELECT (SELECT MAX(id) FROM {quote(audit)} WHERE area_id = %s), "  # noqa: S608
        f"(SELECT MAX(id) FROM {quote(audit)} WHERE area_id = %s "
        f"AND NOT ({quote('action')} IN ({_NEUTRAL}))), "
        f"(SELECT MAX(id) FROM {quote(audit)} WHERE object_type = %s AND object_id = %s), "
        f"COUNT(*), SUM(version), MAX(id) FROM {quote(items)} WHERE plan_id = %s"
    )
    item_id = item.pk if item is not None else None
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan.area_id, plan.area_id, ITEM, item_id, plan.pk])
        latest, tree_latest, item_latest, count, versions, last = cursor.fetchone()
    key = f"{plan.pk}.{today.isoformat()}.{tree_latest or 0}.{count}.{versions or 0}.{last or 0}"
    item_key = f"{key}.{item_id}.{item_latest or 0}" if item is not None else ""
    return ContentVersion(key, count, f"{key}.{latest or 0}", item_key)


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


def dashboard_figures(version: ContentVersion, build: Callable[[], T]) -> T:
    """Return the dashboard's chart and the plan's own counts: the same for every reader, and
    changed only by what changes the tree."""
    return _cached(f"wsoa:plan-figures:{version.key}", build, lambda found: found)


def dashboard_tiles(version: ContentVersion, role: str, build: Callable[[], T]) -> T:
    """Return the dashboard's tiles from the apps above plans as this role sees them: they count
    updates, reviews, figures and meetings, so they are kept per audited event in the area."""
    return _cached(f"wsoa:plan-tiles:{version.area_key}:{role}", build, lambda found: found)


def cached(key: str, build: Callable[[], T]) -> T:
    """Return what `build()` makes, kept under `key` (which should name a ContentVersion)."""
    return _cached(key, build, lambda found: found)


def cached_rows(version: ContentVersion, name: str, rows: QuerySet[M]) -> list[M]:
    """Return the plan data `rows` selects (its people, periods, cycle settings …), kept as plain
    values under the tree's version and built into unsaved instances for reading.

    Only for rows whose every change is audited with an action that changes the tree's key."""
    found = cached(f"wsoa:plan-rows:{name}:{version.key}", lambda: list(rows.values()))
    return [rows.model(**values) for values in found]


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
