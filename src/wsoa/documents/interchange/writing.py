"""Write a checked wsoa-plan document as one new plan of an area, all or nothing, audited.

Every importer's document comes through `write_plan`: it checks the document again, writes the
plan and its parts in one transaction (items depth-first, numbering `position` as it goes),
resolves links by number and records one `plan.imported` audit event.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wsoa.core.audit import record_event
from wsoa.core.models import LocalArea
from wsoa.documents.interchange.leads import LeadResolver
from wsoa.documents.interchange.schema import check_document
from wsoa.documents.models import SourceColumns
from wsoa.plans import models as m

__all__ = ["write_plan"]


@transaction.atomic
def write_plan(
    data: dict[str, Any], *, area: LocalArea, by: Any = None, actor_label: str = ""
) -> m.Plan:
    """Create one plan from a checked document, all or nothing, and audit it.

    `by` is the user importing, or None with `actor_label` naming the command.
    """
    check_document(data)
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
        obj=plan,
        action="plan.imported",
        by=by,
        actor_label=actor_label,
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
        milestone_periods=_periods_written(plan.get("milestone_periods", [])),
    )


def _periods_written(periods: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the documented keys of each milestone period, its date as ISO text."""
    return [
        {
            "label": p["label"],
            "date": p["date"].isoformat() if p.get("date") else None,
            "quarters": list(p.get("quarters", [])),
        }
        for p in periods
    ]


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
    written: list[m.Board] = []
    for board_data in boards:
        board = m.Board.objects.create(
            plan=plan,
            name=board_data["name"],
            purpose=board_data.get("purpose", ""),
            chair=by_name.get(board_data.get("chair", "")),
            cadence_text=board_data.get("cadence", ""),
            every_weeks=board_data.get("every_weeks") or None,
            reports_to_text=board_data.get("reports_to", ""),
        )
        m.BoardMember.objects.bulk_create(
            m.BoardMember(board=board, person=by_name[name], position=i)
            for i, name in enumerate(board_data.get("members", []))
            if name in by_name
        )
        written.append(board)
    _link_reports_to(written, [b.get("reports_to_board", "") for b in boards])


def _link_reports_to(boards: list[m.Board], named_boards: list[str]) -> None:
    """Point each board at the board its file names, else the first other board of the plan
    its "reports to" text names."""
    by_name = {board.name: board for board in boards}
    for board, name in zip(boards, named_boards, strict=True):
        above = by_name.get(name) if name else None
        if above is not None and above is not board:
            board.reports_to = above
            board.save(update_fields=["reports_to"])
            continue
        text = board.reports_to_text.lower()
        named = [(text.find(o.name.lower()), o) for o in boards if o is not board and o.name]
        found = sorted((at, o.pk, o) for at, o in named if at >= 0)
        if found:
            board.reports_to = found[0][2]
            board.save(update_fields=["reports_to"])


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
