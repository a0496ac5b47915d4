"""Start a plan from an inspection report: its findings, and a skeleton of items if wanted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from wsoa.core.audit import record_event
from wsoa.core.models import LocalArea
from wsoa.plans.models import Finding, FindingKind, Item, Plan, PlanLevel

CODE_PREFIX = {FindingKind.PRIORITY_ACTION: "APA", FindingKind.AREA_FOR_IMPROVEMENT: "AFI"}
LEVEL_NAME = "Area for action"


@dataclass(frozen=True)
class FindingDraft:
    """A finding as corrected in the preview."""

    kind: str
    text: str
    responsible_body: str
    page: int | None


@dataclass(frozen=True)
class NewPlan:
    title: str
    kind: str
    inspection_text: str
    source_name: str


@transaction.atomic
def start_plan_from_report(
    *,
    area: LocalArea,
    by: Any,
    findings: list[FindingDraft],
    plan: Plan | None = None,
    new_plan: NewPlan | None = None,
    skeleton: bool = False,
) -> Plan:
    """Create the findings (and items) on a new or existing plan of the area; audit it."""
    if plan is None:
        if new_plan is None:
            raise ValueError("Give a plan or a new plan.")
        plan = Plan.objects.create(area=area, **vars(new_plan))
    elif plan.area_id != area.pk:
        raise ValueError("The plan is not the area's.")
    created = _add_findings(plan, findings)
    items = _add_skeleton(plan, created) if skeleton else []
    record_event(
        obj=plan,
        by=by,
        action="findings.added",
        summary=f"{len(created)} findings from the inspection report added to {plan.title}"
        + (f", with {len(items)} items" if items else ""),
        changes={
            "plan": {"created": new_plan is not None, "title": plan.title, "kind": plan.kind},
            "findings": [
                {"code": row.code, "page": draft.page, "responsible_body": row.responsible_body}
                for row, draft in zip(created, findings, strict=True)
            ],
            "items": [item.number for item in items],
        },
    )
    return plan


def _add_findings(plan: Plan, drafts: list[FindingDraft]) -> list[Finding]:
    position = plan.findings.aggregate(top=Max("position"))["top"] or 0
    numbers = {kind: _last_number(plan, prefix) for kind, prefix in CODE_PREFIX.items()}
    created = []
    for draft in drafts:
        kind = FindingKind(draft.kind)
        numbers[kind] += 1
        position += 1
        created.append(
            Finding.objects.create(
                plan=plan,
                position=position,
                code=f"{CODE_PREFIX[kind]} {numbers[kind]}",
                kind=kind,
                text=draft.text.strip(),
                responsible_body=draft.responsible_body.strip(),
            )
        )
    return created


def _last_number(plan: Plan, prefix: str) -> int:
    codes = plan.findings.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(found.group(1)) for code in codes if (found := re.search(r"(\d+)$", code))]
    return max(numbers, default=0)


def _add_skeleton(plan: Plan, findings: list[Finding]) -> list[Item]:
    """One top-level item per finding, after the plan's existing items, each linked to it."""
    PlanLevel.objects.get_or_create(plan=plan, depth=0, defaults={"name": LEVEL_NAME})
    level = plan.levels.get(depth=0).name
    position = plan.items.aggregate(top=Max("position"))["top"] or 0
    items = []
    for offset, finding in enumerate(findings, 1):
        item = Item.objects.create(
            plan=plan,
            depth=0,
            level=level,
            position=position + offset,
            number=finding.code,
            title=finding.text,
        )
        item.findings.add(finding)
        items.append(item)
    return items
