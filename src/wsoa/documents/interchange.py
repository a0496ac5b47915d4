"""The wsoa-plan interchange format (docs/interchange.md): validate, write, read back.

The text importer produces this structure too, so every import goes through one writer.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction

from wsoa.core.audit import record_event
from wsoa.core.models import LocalArea
from wsoa.documents.importers.schema import InterchangeError, check_document
from wsoa.documents.models import SourceColumns
from wsoa.plans import models as m

FORMAT = "wsoa-plan"
VERSION = 1

__all__ = ["InterchangeError", "export_plan", "load_json", "to_json", "validate", "write_plan"]


# --- reading JSON ----------------------------------------------------------------------


def load_json(text: str) -> dict[str, Any]:
    """Parse and validate a wsoa-plan JSON document, with dates as date objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InterchangeError(f"line {error.lineno}: not valid JSON ({error.msg})") from error
    except RecursionError as error:
        raise InterchangeError("the JSON is nested too deeply to read") from error
    except ValueError as error:
        raise InterchangeError(f"not valid JSON ({error})") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InterchangeError(f'not a wsoa plan: "format" must be "{FORMAT}"')
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        version = data.get("version")
        shown = repr(version) if isinstance(version, int | str) else "of the wrong type"
        raise InterchangeError(f"unsupported version {shown[:40]}; this reads {VERSION}")
    validate(data)
    return data


def validate(data: dict[str, Any]) -> None:
    """Check every value of a plan document against its type; dates become dates in place."""
    check_document(data)


# --- writing ---------------------------------------------------------------------------


@transaction.atomic
def write_plan(
    data: dict[str, Any], *, area: LocalArea, actor: Any, actor_label: str = ""
) -> m.Plan:
    """Create one plan from a validated document, all or nothing, and audit it."""
    validate(data)
    plan = _write_plan_row(data["plan"], area)
    m.PlanLevel.objects.bulk_create(
        m.PlanLevel(plan=plan, depth=d, name=name) for d, name in enumerate(data.get("levels", []))
    )
    m.RagLevel.objects.bulk_create(
        m.RagLevel(plan=plan, position=i, code=r["code"], label=r.get("label", ""))
        for i, r in enumerate(data.get("rag_scale", []))
    )
    m.GlossaryEntry.objects.bulk_create(
        m.GlossaryEntry(
            plan=plan,
            term=g["term"],
            expansion=g.get("expansion", ""),
            definition=g.get("definition", ""),
        )
        for g in data.get("glossary", [])
    )
    people = _write_people(plan, data.get("people", []))
    _write_boards(plan, data.get("boards", []), people)
    findings = _write_findings(plan, data.get("findings", []))
    writer = _ItemWriter(plan, people, findings)
    writer.write(data.get("items", []), parent=None, depth=0)
    writer.resolve_links()
    _write_indicators(plan, None, data.get("indicators", []), writer)
    if data.get("columns"):
        SourceColumns.objects.create(plan=plan, columns=_columns_written(data["columns"]))
    record_event(
        area=area,
        actor=actor,
        actor_label=actor_label,
        action="import",
        object_type="plan",
        object_id=plan.pk,
        summary=f"Imported plan “{plan.title}” ({writer.count} items)",
        changes={"source": plan.source_name, "items": writer.count},
    )
    return plan


def _columns_written(columns: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Keep the documented keys of each column, so nothing unchecked reaches the database."""
    return [
        {"role": c.get("role", ""), "level": c.get("level", ""), "heading": c["heading"]}
        for c in columns
    ]


def _write_plan_row(plan: dict[str, Any], area: LocalArea) -> m.Plan:
    period = plan.get("period") or {}
    last = plan.get("last_reviewed") or {}
    nxt = plan.get("next_review") or {}
    return m.Plan.objects.create(
        area=area,
        title=plan["title"][:500],
        kind=plan.get("kind", "wsoa"),
        issuer=plan.get("issuer", ""),
        period_text=period.get("text", ""),
        period_start=period.get("start"),
        period_end=period.get("end"),
        approval_text=plan.get("approval", ""),
        owners_text=plan.get("owners", ""),
        last_reviewed_text=last.get("text", ""),
        last_reviewed_on=last.get("date"),
        next_review_text=nxt.get("text", ""),
        next_review_on=nxt.get("date"),
        inspection_text=plan.get("inspection", ""),
        introduction=plan.get("introduction", ""),
        vision=plan.get("vision", ""),
        principles=plan.get("principles", ""),
        governance=plan.get("governance", ""),
        source_name=plan.get("source_name", ""),
    )


def _write_people(plan: m.Plan, people: list[dict[str, str]]) -> list[m.Person]:
    return m.Person.objects.bulk_create(
        m.Person(
            plan=plan,
            name=p["name"],
            short_code=p.get("short_code", ""),
            role=p.get("role", ""),
            organisation=p.get("organisation", ""),
        )
        for p in people
    )


def _write_boards(plan: m.Plan, boards: list[dict[str, Any]], people: list[m.Person]) -> None:
    by_name = {p.name: p for p in people}
    for board_data in boards:
        board = m.Board.objects.create(
            plan=plan,
            name=board_data["name"],
            cadence_text=board_data.get("cadence", ""),
            reports_to_text=board_data.get("reports_to", ""),
        )
        m.BoardMember.objects.bulk_create(
            m.BoardMember(board=board, person=by_name[name], position=i)
            for i, name in enumerate(board_data.get("members", []))
            if name in by_name
        )


def _write_findings(plan: m.Plan, findings: list[dict[str, Any]]) -> dict[str, m.Finding]:
    written: dict[str, m.Finding] = {}
    for position, data in enumerate(findings):
        finding = m.Finding.objects.create(
            plan=plan,
            position=position,
            code=data.get("code", ""),
            kind=data.get("kind", "weakness"),
            text=data["text"],
            responsible_body=data.get("responsible_body", ""),
        )
        m.FindingQuote.objects.bulk_create(
            m.FindingQuote(
                finding=finding, position=i, reference=q.get("reference", ""), text=q["text"]
            )
            for i, q in enumerate(data.get("quotes", []))
        )
        written[finding.code or str(position)] = finding
    return written


def _write_indicators(
    plan: m.Plan, item: m.Item | None, data: list[dict[str, Any]], writer: _ItemWriter
) -> None:
    m.ImpactIndicator.objects.bulk_create(
        m.ImpactIndicator(
            plan=plan,
            item=item,
            position=writer.next_position(),
            code=i.get("code", ""),
            text=i["text"],
            target_text=i.get("target", ""),
        )
        for i in data
    )


class _ItemWriter:
    """Write the item tree depth-first, keeping the plan's order in `position`."""

    def __init__(
        self, plan: m.Plan, people: list[m.Person], findings: dict[str, m.Finding]
    ) -> None:
        self.plan, self.findings = plan, findings
        self.resolver = LeadResolver(people)
        self.count = 0
        self.position = 0
        self.by_number: dict[str, m.Item] = {}
        self.pending_links: list[tuple[m.ItemLink, str]] = []

    def next_position(self) -> int:
        self.position += 1
        return self.position

    def write(self, items: list[dict[str, Any]], *, parent: m.Item | None, depth: int) -> None:
        for data in items:
            item = self.write_one(data, parent, depth)
            self.write(data.get("children", []), parent=item, depth=depth + 1)

    def write_one(self, data: dict[str, Any], parent: m.Item | None, depth: int) -> m.Item:
        due = data.get("due", [])
        ends = [d["end"] for d in due if d.get("end")]
        item = m.Item.objects.create(
            plan=self.plan,
            parent=parent,
            depth=depth,
            level=data.get("level", "")[:100],
            position=self.next_position(),
            number=data.get("number", ""),
            title=data["title"],
            status_text=data.get("status", ""),
            rag=data.get("rag", ""),
            due_end=max(ends) if ends else None,
            source_line=data.get("source_line"),
        )
        self.count += 1
        if item.number:
            self.by_number.setdefault(item.number, item)
        self.write_parts(item, data)
        return item

    def write_parts(self, item: m.Item, data: dict[str, Any]) -> None:
        people = [("lead", t) for t in data.get("leads", [])] + [
            ("partner", t) for t in data.get("partners", [])
        ]
        m.ItemPerson.objects.bulk_create(
            m.ItemPerson(
                item=item,
                part=part,
                position=i,
                text=text[:500],
                person=self.resolver.resolve(text),
            )
            for i, (part, text) in enumerate(people)
        )
        m.DueDate.objects.bulk_create(
            m.DueDate(
                item=item,
                position=i,
                text=d.get("text", "")[:300],
                start=d.get("start"),
                end=d.get("end"),
                recurrence=d.get("recurrence", ""),
            )
            for i, d in enumerate(data.get("due", []))
        )
        self.write_milestones(item, data.get("milestones", []))
        m.ItemNote.objects.bulk_create(
            m.ItemNote(
                item=item,
                kind=n["kind"],
                position=i,
                heading=n.get("heading", "")[:200],
                text=n["text"],
            )
            for i, n in enumerate(data.get("notes", []))
        )
        _write_indicators(self.plan, item, data.get("indicators", []), self)
        item.findings.set(
            [self.findings[c] for c in data.get("findings", []) if c in self.findings]
        )
        for i, link in enumerate(data.get("links", [])):
            row = m.ItemLink.objects.create(item=item, position=i, text=link["text"])
            self.pending_links.append((row, link.get("target", "")))

    def write_milestones(self, item: m.Item, milestones: list[dict[str, Any]]) -> None:
        for i, data in enumerate(milestones):
            due = data.get("due") or {}
            milestone = m.Milestone.objects.create(
                item=item,
                position=i,
                text=data["text"],
                period_label=data.get("period", "")[:50],
                due_text=due.get("text", "")[:300],
                due_start=due.get("start"),
                due_end=due.get("end"),
                status_text=data.get("status", "")[:300],
                rag=data.get("rag", ""),
            )
            m.MilestoneRating.objects.bulk_create(
                m.MilestoneRating(
                    milestone=milestone,
                    period_label=r["period"],
                    rag=r.get("rag", ""),
                    text=r.get("text", ""),
                )
                for r in data.get("ratings", [])
            )

    def resolve_links(self) -> None:
        for link, target in self.pending_links:
            if target and target in self.by_number:
                link.target = self.by_number[target]
                link.save(update_fields=["target"])


class LeadResolver:
    """Resolve a lead as printed to a person the plan keys, by code or name."""

    def __init__(self, people: list[m.Person]) -> None:
        self.by_code = {p.short_code: p for p in people if p.short_code}
        self.by_code_folded = {p.short_code.lower(): p for p in people if p.short_code}
        self.by_name = {p.name.lower(): p for p in people}

    def resolve(self, text: str) -> m.Person | None:
        """Return the one person a lead names, or None for posts, groups and several people."""
        words = text.replace("(", " ").replace(")", " ").replace(",", " ").split()
        first = words[0] if words else ""
        if text.lower() in self.by_name:
            return self.by_name[text.lower()]
        for name, person in self.by_name.items():
            if text.lower().startswith(name):
                return person
        hit = self.by_code.get(first) or self.by_code_folded.get(first.lower())
        if hit is not None and "/" not in first:
            return hit
        return None


# --- reading back ----------------------------------------------------------------------


def export_plan(plan: m.Plan) -> dict[str, Any]:
    """Return a plan as a wsoa-plan document, the inverse of write_plan."""
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
    return {
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
        "boards": [_board_dict(b) for b in plan.boards.order_by("id")],
        "findings": [_finding_dict(f) for f in plan.findings.all()],
        "indicators": [_indicator_dict(i) for i in plan.indicators.filter(item=None)],
        "items": [_item_dict(i, children) for i in children.get(None, [])],
        "columns": _columns(plan),
    }


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
    }


def _board_dict(board: m.Board) -> dict[str, Any]:
    return {
        "name": board.name,
        "cadence": board.cadence_text,
        "reports_to": board.reports_to_text,
        "members": [member.person.name for member in board.members.select_related("person")],
    }


def _finding_dict(finding: m.Finding) -> dict[str, Any]:
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
