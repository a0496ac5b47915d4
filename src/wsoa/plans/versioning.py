"""A version's frozen content: its one canonical JSON text, its checksum, and reading it back.

`documents.versions` records versions (it needs the interchange export); reading one back —
checked against the checksum recorded when it was agreed — is needed wherever a version is
shown or reported on (the exports, the board pack), so it lives here, below them all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from wsoa.plans.models import PlanVersion

__all__ = [
    "TamperedVersion",
    "agreed_by",
    "canonical_json",
    "checksum",
    "version_content",
    "version_items",
]


class TamperedVersion(ValueError):
    """A version's stored content no longer matches the checksum recorded when it was agreed."""


def canonical_json(content: dict[str, Any]) -> str:
    """The one JSON text of a content: sorted keys, no spaces, ISO dates."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_iso
    )


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def checksum(content: dict[str, Any]) -> str:
    """The SHA-256 of a content's canonical JSON, in hex."""
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def version_content(version: PlanVersion) -> dict[str, Any]:
    """A version's content, checked against its checksum; raise TamperedVersion if changed."""
    content: dict[str, Any] = version.content
    if checksum(content) != version.content_sha256:
        raise TamperedVersion(
            f"Version {version.number} of plan {version.plan_id} has been changed since it was "
            "agreed: its content does not match its checksum."
        )
    return content


def version_items(content: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every item a version's content holds, parents before children (withdrawn ones too)."""
    stack = list(reversed(content.get("items", [])))
    while stack:
        item = stack.pop()
        yield item
        stack.extend(reversed(item.get("children", [])))


def agreed_by(version: PlanVersion) -> str:
    """Who agreed a version, in words: the board's name, else the body as written."""
    if version.board_id is not None and version.board is not None:
        return version.board.name
    return version.agreed_by_body or "the plan's managers"
