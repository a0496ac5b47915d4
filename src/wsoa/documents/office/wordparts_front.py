"""The plan's front matter in Word, from its wsoa-plan document (the plan now, or a version).

Title page facts, introduction, vision and principles, the findings it answers, governance and
boards with their members, the people key, the glossary and the RAG key, each under a heading
and in the shape the Word reader recognises as front matter, not as items: people and board
members in "Code | Name | Role | Organisation" tables, the glossary in a "Term | In full" table,
the plan's own RAG key as one label a row under "RAG key". wsoa's default scale is printed only
when the plan printed none, under a heading that says so (and that the reader does not take for
the plan's own key).
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from wsoa.documents.interchange.exporting import board_dict, finding_dict
from wsoa.documents.office.columns import clean
from wsoa.documents.office.wordparts_table import add_grid
from wsoa.plans import models as m
from wsoa.plans.rag import DEFAULT_SCALE

FACTS = [
    ("Issued by", ("issuer",)),
    ("Period", ("period", "text")),
    ("Approved by", ("approval",)),
    ("Owners", ("owners",)),
    ("Last reviewed", ("last_reviewed", "text")),
    ("Next review", ("next_review", "text")),
]
PROSE = [("Introduction", "introduction"), ("Vision", "vision"), ("Principles", "principles")]
FINDINGS: dict[str, str] = {
    m.FindingKind.AREA_FOR_IMPROVEMENT: "Areas for improvement",
    m.FindingKind.SIGNIFICANT_WEAKNESS: "Significant weaknesses",
    m.FindingKind.KEY_CONCERN: "Key concerns",
    m.FindingKind.PRIORITY_ACTION: "Areas for priority action",
}
DEFAULT_KEY_HEADING = "Rating key: wsoa's default (the plan prints no key of its own)"


def front_content(plan: m.Plan) -> dict[str, Any]:
    """The plan's front matter as its wsoa-plan document holds it (the items left out)."""
    people = list(plan.people.order_by("id"))
    return {
        "plan": {
            "title": plan.title,
            "issuer": plan.issuer,
            "period": {"text": plan.period_text},
            "approval": plan.approval_text,
            "owners": plan.owners_text,
            "last_reviewed": {"text": plan.last_reviewed_text},
            "next_review": {"text": plan.next_review_text},
            "inspection": plan.inspection_text,
            "introduction": plan.introduction,
            "vision": plan.vision,
            "principles": plan.principles,
            "governance": plan.governance,
        },
        "rag_scale": [{"code": r.code, "label": r.label} for r in plan.rag_levels.all()],
        "glossary": list(plan.glossary.values("term", "expansion", "definition")),
        "people": [
            {
                "name": p.name,
                "short_code": p.short_code,
                "role": p.role,
                "organisation": p.organisation,
            }
            for p in people
        ],
        "boards": [
            board_dict(b) for b in plan.boards.order_by("id").prefetch_related("members__person")
        ],
        "findings": [finding_dict(f) for f in plan.findings.prefetch_related("quotes")],
    }


def heading(document: DocxDocument, text: str, level: int) -> Paragraph:
    """Add a heading (the style set by its id: looking it up by name is slow)."""
    found = document.add_paragraph(text)
    found._p.style = f"Heading{level}" if level else "Title"
    return found


def paragraph(document: DocxDocument, text: str = "", style: str = "") -> Paragraph:
    """Add a paragraph, in the style with the given id (such as "Quote") if any."""
    found = document.add_paragraph(text)
    if style:
        found._p.style = style
    return found


def add_front(document: DocxDocument, data: dict[str, Any]) -> None:
    """Write every front section the plan holds, in the order a plan prints them."""
    plan = data.get("plan", {})
    _facts(document, plan)
    for title, key in PROSE:
        _prose(document, title, plan.get(key, ""))
    _prose(document, "The inspection", plan.get("inspection", ""))
    _findings(document, data.get("findings", []))
    _prose(document, "Governance", plan.get("governance", ""))
    _boards(document, data.get("boards", []), data.get("people", []))
    _people(document, data.get("people", []))
    _glossary(document, data.get("glossary", []))
    _rag_key(document, data.get("rag_scale", []))


def _facts(document: DocxDocument, plan: dict[str, Any]) -> None:
    for label, path in FACTS:
        value: Any = plan
        for key in path:
            value = value.get(key, "") if isinstance(value, dict) else ""
        text = " ".join(clean(str(value or "")).split())
        if text:
            line = paragraph(document)
            line.add_run(f"{label}: ").bold = True
            line.add_run(text)


def _prose(document: DocxDocument, title: str, text: str) -> None:
    paragraphs = [p for p in clean(text or "").split("\n") if p.strip()]
    if not paragraphs:
        return
    heading(document, title, level=1)
    for text_line in paragraphs:
        paragraph(document, text_line.strip())


def _findings(document: DocxDocument, findings: list[dict[str, Any]]) -> None:
    kinds: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        kinds.setdefault(finding.get("kind", ""), []).append(finding)
    for kind, found in kinds.items():
        heading(document, f"{FINDINGS.get(kind, 'Findings')} the plan answers", level=1)
        for finding in found:
            line = paragraph(document)
            if finding.get("code"):
                line.add_run(f"{finding['code']}: ").bold = True
            line.add_run(" ".join(clean(finding.get("text", "")).split()))
            if finding.get("responsible_body"):
                paragraph(document, f"Responsible: {finding['responsible_body']}")
            for quote in finding.get("quotes", []):
                reference = f"{quote['reference']}: " if quote.get("reference") else ""
                said = " ".join(clean(quote.get("text", "")).split())
                paragraph(document, f"{reference}“{said}”", "Quote")


def _boards(document: DocxDocument, boards: list[dict[str, Any]], people: list[Any]) -> None:
    by_name = {p["name"]: p for p in people}
    for board in boards:
        heading(document, board["name"], level=2)
        for label, key in (("Purpose", "purpose"), ("Chair", "chair"), ("Meets", "cadence")):
            if board.get(key):
                paragraph(document, f"{label}: {' '.join(clean(board[key]).split())}")
        if board.get("reports_to") or board.get("reports_to_board"):
            paragraph(document, f"Reports to: {board['reports_to_board'] or board['reports_to']}")
        members = [by_name.get(name, {"name": name}) for name in board.get("members", [])]
        if members:
            paragraph(document, f"Membership of the {board['name']}")
            _people_table(document, members)


def _people(document: DocxDocument, people: list[dict[str, Any]]) -> None:
    coded = [p for p in people if p.get("short_code")]
    if not coded:
        return
    heading(document, "Key to the people named in this plan", level=1)
    _people_table(document, coded)


def _people_table(document: DocxDocument, people: list[dict[str, Any]]) -> Table:
    keys = [
        (key, heading)
        for key, heading in (
            ("short_code", "Code"),
            ("name", "Name"),
            ("role", "Role"),
            ("organisation", "Organisation"),
        )
        if key == "name" or any(p.get(key) for p in people)
    ]
    if not any(key in ("role", "organisation") for key, _ in keys):
        keys.append(("role", "Role"))  # the reader knows a people table by its "Role" column
    rows = [[" ".join(clean(p.get(key, "")).split()) for key, _ in keys] for p in people]
    return add_grid(document, [h for _, h in keys], rows)


def _glossary(document: DocxDocument, glossary: list[dict[str, Any]]) -> None:
    if not glossary:
        return
    heading(document, "Glossary", level=1)
    keys = [("term", "Term"), ("expansion", "In full"), ("definition", "Meaning")]
    keys = [k for k in keys if k[0] == "term" or any(g.get(k[0]) for g in glossary)]
    rows = [[" ".join(clean(g.get(key, "")).split()) for key, _ in keys] for g in glossary]
    add_grid(document, [h for _, h in keys], rows)


def printed_key(scale: list[dict[str, Any]]) -> bool:
    """Whether the plan printed a RAG key of its own (not wsoa's default scale)."""
    own = [(str(r.get("code", "")), r.get("label", "")) for r in scale]
    return bool(own) and own != [(str(code), label) for code, label in DEFAULT_SCALE]


def _rag_key(document: DocxDocument, scale: list[dict[str, Any]]) -> None:
    if printed_key(scale):
        heading(document, "RAG key", level=1)
        own = [(str(r.get("code", "")), r.get("label", "")) for r in scale]
        add_grid(document, [], [[label] for _, label in own], [12.0], [c for c, _ in own])
        paragraph(document)  # a blank line ends the key for the reader
        return
    heading(document, DEFAULT_KEY_HEADING, level=1)
    rows = [[m.Rag(code).label, label] for code, label in DEFAULT_SCALE]
    add_grid(document, ["Rating", "Meaning"], rows, [3.0, 10.0], [c for c, _ in DEFAULT_SCALE])
