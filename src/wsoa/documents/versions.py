"""Versions of a plan: what the board agreed, frozen and checksummed, and compared.

`agree_version` records the whole plan as it stands (the interchange export with ids) as the
next numbered `PlanVersion`, with the SHA-256 of its canonical JSON (`plans.versioning`, which
also reads a version back and refuses one whose content no longer matches its checksum).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.db.models import Max

from wsoa.core.audit import record_event
from wsoa.documents.interchange.compare import Changes, compare
from wsoa.documents.interchange.exporting import export_plan
from wsoa.plans.models import Board, Plan, PlanVersion
from wsoa.plans.versioning import agreed_by, canonical_json, checksum

__all__ = ["agree_version", "compare_contents", "plan_now"]


def plan_now(plan: Plan) -> dict[str, Any]:
    """The plan as it stands, as a version would hold it (ids, withdrawn items, ISO dates)."""
    loaded: dict[str, Any] = json.loads(canonical_json(export_plan(plan, ids=True)))
    return loaded


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


def compare_contents(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """What changed between two contents (versions or the plan now), items matched by id."""
    return compare(before, after)
