"""Versions of a plan: what the board agreed, frozen and checksummed, and compared.

`agree_version` records the whole plan as it stands (the interchange export with ids) as the
next numbered `PlanVersion`, with the SHA-256 of its canonical JSON. `version_content` reads a
version back and refuses one whose content no longer matches its checksum.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import transaction
from django.db.models import Max

from wsoa.core.audit import record_event
from wsoa.documents.interchange.compare import Changes, compare
from wsoa.documents.interchange.exporting import export_plan
from wsoa.plans.models import Board, Plan, PlanVersion

__all__ = [
    "TamperedVersion",
    "agree_version",
    "canonical_json",
    "checksum",
    "compare_contents",
    "plan_now",
    "version_content",
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


def plan_now(plan: Plan) -> dict[str, Any]:
    """The plan as it stands, as a version would hold it (ids, withdrawn items, ISO dates)."""
    loaded: dict[str, Any] = json.loads(canonical_json(export_plan(plan, ids=True)))
    return loaded


def version_content(version: PlanVersion) -> dict[str, Any]:
    """A version's content, checked against its checksum; raise TamperedVersion if changed."""
    content: dict[str, Any] = version.content
    if checksum(content) != version.content_sha256:
        raise TamperedVersion(
            f"Version {version.number} of plan {version.plan_id} has been changed since it was "
            "agreed: its content does not match its checksum."
        )
    return content


def agree_version(
    *,
    plan: Plan,
    by: Any,
    agreed_on: dt.date,
    board: Board | None = None,
    body: str = "",
    note: str = "",
) -> PlanVersion:
    """Record the plan as it stands as its next numbered version; audited `version.agreed`."""
    if board is not None and board.plan_id != plan.pk:
        raise ValueError("The board must be one of the plan's own boards.")
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        content = plan_now(plan)
        last = plan.versions.aggregate(last=Max("number"))["last"] or 0
        version = PlanVersion.objects.create(
            plan=plan,
            number=last + 1,
            agreed_on=agreed_on,
            board=board,
            agreed_by_body=body[:300],
            note=note,
            recorded_by=by,
            content=content,
            content_sha256=checksum(content),
        )
        record_event(
            obj=version,
            action="version.agreed",
            by=by,
            summary=f"Version {version.number} of the plan agreed by {agreed_by(version)}",
            changes={
                "number": {"before": last or None, "after": version.number},
                "agreed_on": {"before": None, "after": agreed_on.isoformat()},
                "content_sha256": {"before": None, "after": version.content_sha256},
            },
        )
    return version


def agreed_by(version: PlanVersion) -> str:
    """Who agreed a version, in words: the board's name, else the body as written."""
    if version.board_id is not None and version.board is not None:
        return version.board.name
    return version.agreed_by_body or "the plan's managers"


def compare_contents(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """What changed between two contents (versions or the plan now), items matched by id."""
    return compare(before, after)
