"""Read a plan back into the wsoa-plan format (the inverse of `write_plan`) and as JSON.

`wsoa export PLAN_ID` prints `to_json(export_plan(plan))`; importing that file gives the same plan.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from wsoa.documents.interchange.schema import FORMAT, VERSION
from wsoa.documents.models import SourceColumns
from wsoa.plans import models as m

__all__ = ["export_plan", "milestone_periods", "to_json"]


def export_plan(plan: m.Plan, *, ids: bool = False) -> dict[str, Any]:
    """Return a plan as a wsoa-plan document, the inverse of write_plan.

    With `ids`, the plan and each item also carry their id, and each item whether it is
    withdrawn (for versions, which are compared item by item); without, the output is unchanged.
    """
    items = list(
        m.Item.objects.filter(plan=plan).prefetch_related(
            "people",
            "due_dates",
            "milestones__ratings",
            "notes",
            "indicators",
            "findings",
            "links__target",
        )
    )
    children: dict[int | None, list[m.Item]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "plan": _plan_dict(plan),
        "levels": [level.name for level in plan.levels.all()],
        "rag_scale": [{"code": r.code, "label": r.label} for r in plan.rag_levels.all()],
        "glossary": [
            {"term": g.term, "expansion": g.expansion, "definition": g.definition}
            for g in plan.glossary.all()
        ],
        "people": [
            {
                "name": p.name,
                "short_code": p.short_code,
                "role": p.role,
                "organisation": p.organisation,
            }
            for p in plan.people.order_by("id")
        ],
        "boards": [
            board_dict(b) for b in plan.boards.order_by("id").prefetch_related("members__person")
        ],
        "findings": [finding_dict(f) for f in plan.findings.prefetch_related("quotes")],
        "indicators": [_indicator_dict(i) for i in plan.indicators.filter(item=None)],
        "items": [_item_dict(i, children) for i in children.get(None, [])],
        "columns": _columns(plan),
    }
    if ids:
        document["plan"]["id"] = plan.pk
        _add_ids(document["items"], children.get(None, []), children)
    return document


def _add_ids(
    dicts: list[dict[str, Any]], items: list[m.Item], children: dict[int | None, list[m.Item]]
) -> None:
    for found, item in zip(dicts, items, strict=True):
        found["id"] = item.pk
        found["withdrawn"] = (
            {"at": item.withdrawn_at.isoformat(), "reason": item.withdrawn_reason}
            if item.withdrawn_at
            else None
        )
        _add_ids(found["children"], children.get(item.pk, []), children)


def _columns(plan: m.Plan) -> list[dict[str, str]]:
    found = SourceColumns.objects.filter(plan=plan).first()
    return list(found.columns) if found else []


def _plan_dict(plan: m.Plan) -> dict[str, Any]:
    return {
        "title": plan.title,
        "kind": plan.kind,
        "issuer": plan.issuer,
        "period": {"text": plan.period_text, "start": plan.period_start, "end": plan.period_end},
        "approval": plan.approval_text,
        "owners": plan.owners_text,
        "last_reviewed": {"text": plan.last_reviewed_text, "date": plan.last_reviewed_on},
        "next_review": {"text": plan.next_review_text, "date": plan.next_review_on},
        "inspection": plan.inspection_text,
        "vision": plan.vision,
        "principles": plan.principles,
        "introduction": plan.introduction,
        "governance": plan.governance,
        "source_name": plan.source_name,
        "milestone_periods": milestone_periods(plan),
    }


def milestone_periods(plan: m.Plan) -> list[dict[str, Any]]:
    """The plan's milestone periods, each date read back into a date."""
    return [
        {
            "label": p["label"],
            "date": dt.date.fromisoformat(p["date"]) if p.get("date") else None,
            "quarters": list(p.get("quarters", [])),
        }
        for p in plan.milestone_periods or []
    ]


def board_dict(board: m.Board) -> dict[str, Any]:
    """A board as the interchange format holds it (its members prefetched with their person)."""
    return {
        "name": board.name,
        "purpose": board.purpose,
        "chair": board.chair.name if board.chair else "",
        "cadence": board.cadence_text,
        "every_weeks": board.every_weeks,
        "reports_to": board.reports_to_text,
        "reports_to_board": board.reports_to.name if board.reports_to else "",
        "members": [member.person.name for member in board.members.all()],
    }


def finding_dict(finding: m.Finding) -> dict[str, Any]:
    """A finding as the interchange format holds it (its quotes prefetched)."""
    return {
        "code": finding.code,
        "kind": finding.kind,
        "text": finding.text,
        "responsible_body": finding.responsible_body,
        "quotes": [{"reference": q.reference, "text": q.text} for q in finding.quotes.all()],
    }


def _indicator_dict(indicator: m.ImpactIndicator) -> dict[str, str]:
    return {"code": indicator.code, "text": indicator.text, "target": indicator.target_text}


def _item_dict(item: m.Item, children: dict[int | None, list[m.Item]]) -> dict[str, Any]:
    people = list(item.people.all())
    return {
        "level": item.level,
        "number": item.number,
        "title": item.title,
        "leads": [p.text for p in people if p.part == "lead"],
        "partners": [p.text for p in people if p.part == "partner"],
        "due": [
            {"text": d.text, "start": d.start, "end": d.end, "recurrence": d.recurrence}
            for d in item.due_dates.all()
        ],
        "status": item.status_text,
        "rag": item.rag,
        "milestones": [_milestone_dict(ms) for ms in item.milestones.all()],
        "notes": [{"kind": n.kind, "heading": n.heading, "text": n.text} for n in item.notes.all()],
        "indicators": [_indicator_dict(i) for i in item.indicators.all()],
        "findings": [f.code for f in sorted(item.findings.all(), key=lambda f: f.position)],
        "links": [
            {"text": link.text, "target": link.target.number if link.target else ""}
            for link in item.links.all()
        ],
        "source_line": item.source_line,
        "children": [_item_dict(child, children) for child in children.get(item.pk, [])],
    }


def _milestone_dict(milestone: m.Milestone) -> dict[str, Any]:
    return {
        "text": milestone.text,
        "period": milestone.period_label,
        "due": {"text": milestone.due_text, "start": milestone.due_start, "end": milestone.due_end},
        "status": milestone.status_text,
        "rag": milestone.rag,
        "ratings": [
            {"period": r.period_label, "rag": r.rag, "text": r.text}
            for r in milestone.ratings.all()
        ],
    }


def to_json(data: dict[str, Any]) -> str:
    """Serialise a document with ISO dates."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=_default) + "\n"


def _default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
