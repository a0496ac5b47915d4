"""Read a plan document in the seeds' text form (tab-separated rows, HTML in cells) into the
interchange structure (docs/interchange.md), recognising its structure from the document itself.

`PlanTextImporter` is this folder's importer (`importers/base.py`); `parse_plan_text` does the
reading. `document.py` numbers the lines and cells (`cells.py` reads one cell), `front.py` the
title and RAG key, `findings.py` the findings, `keys.py` the glossary, people and boards,
`tables.py` and `columns.py` the table headers, `tree.py` (reading with `sections.py`,
`rows.py`, `filling.py` and `notes.py`) and `nodes.py` the item tree, and `ending.py` warns
of a file that seems cut short.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, NoReturn

from wsoa.documents.importers.base import PlanDocument, PlanFileError, checked_document, decode_text
from wsoa.documents.importers.mapping import ColumnMap
from wsoa.documents.importers.plantext import nodes as n
from wsoa.documents.importers.plantext.columns import content_hints, propose_map, read_columns
from wsoa.documents.importers.plantext.document import Document, Warning
from wsoa.documents.importers.plantext.ending import no_items_reason, warn_if_cut_short
from wsoa.documents.importers.plantext.findings import area_code, finding_refs, read_findings
from wsoa.documents.importers.plantext.front import read_front, read_rag_scale
from wsoa.documents.importers.plantext.governance import merge_boards, read_governance_boards
from wsoa.documents.importers.plantext.keys import inline_people, read_glossary, read_people
from wsoa.documents.importers.plantext.periods import read_milestone_periods
from wsoa.documents.importers.plantext.tree import Builder
from wsoa.documents.interchange.schema import FORMAT, VERSION, fit_document
from wsoa.plans.rag import rag_from_status

__all__ = ["ParsedPlan", "PlanFileError", "PlanTextImporter", "parse_plan_text"]

RESPONSIBLE = re.compile(r"\s*Responsible leads?:\s*(.+?)(?=\s*(?:Please note|$))", re.I | re.S)
AND_BEFORE_NAME = re.compile(r"(?<!\s)\s+and\s+(?=[A-Z])")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NOTE_LEAD = re.compile(r"\s*\bLeads?\s*:\s*(.+?)\s*$", re.I | re.S)


@dataclass
class ParsedPlan:
    """The plan a text holds, what the reader warns of, and the column map it read with."""

    data: dict[str, Any]
    warnings: list[Warning]
    column_map: ColumnMap | None = None


class PlanTextImporter:
    """The importer of plan text: any UTF-8 file the other importers do not take."""

    kind = "text"
    description = "a text export of a Word or PDF plan (tab-separated rows)"

    def accepts(self, name: str, content: bytes) -> bool:
        return True

    def read(self, name: str, content: bytes, column_map: ColumnMap | None = None) -> PlanDocument:
        parsed = parse_plan_text(decode_text(content), source_name=name, column_map=column_map)
        return document_of(parsed)


def document_of(parsed: ParsedPlan) -> PlanDocument:
    """The checked document of a parsed plan, with its warnings as text and its column map."""
    found = checked_document(parsed.data, [str(w) for w in parsed.warnings])
    found.column_map = parsed.column_map
    return found


def parse_plan_text(
    text: str,
    *,
    source_name: str = "",
    column_map: ColumnMap | None = None,
    places: dict[int, str] | None = None,
) -> ParsedPlan:
    """Return the plan a document describes, or raise PlanFileError naming the line.

    `column_map` corrects what the reader proposes each heading's column holds, and renames
    the levels by depth; `places` (line number → "table 3, row 5") makes warnings name the
    place in the file the text was laid out from.
    """
    _check_text(text)
    doc = Document.from_text(_fold_homoglyphs(text))
    doc.places = dict(places or {})
    hints = content_hints(doc, column_map)
    doc.column_map = _reading_map(column_map, hints)
    plan = read_front(doc)
    plan["source_name"] = source_name
    rag_scale = read_rag_scale(doc)
    glossary = read_glossary(doc)
    people, boards = read_people(doc)
    boards = merge_boards(boards, read_governance_boards(doc))
    findings = read_findings(doc)
    builder = Builder(doc, findings=findings)
    root = builder.build()
    plan["milestone_periods"] = read_milestone_periods(doc)
    plan["introduction"] = "\n".join(filter(None, [plan["introduction"], *builder.front_matter]))
    _add_missing_groups(root, findings)
    nodes_all = root.walk()[1:]
    if not nodes_all:
        _refuse_empty(doc, plan["title"])
    for node in nodes_all:
        _tidy(node, findings)
    proposed = propose_map(doc, doc.column_map, _levels(root), hints)
    _rename_levels(nodes_all, column_map)
    people += [p for p in inline_people([s for x in nodes_all for s in x.leads]) if p not in people]
    data = {
        "format": FORMAT,
        "version": VERSION,
        "plan": plan,
        "levels": _levels(root),
        "rag_scale": rag_scale,
        "glossary": glossary,
        "people": _unique_people(people),
        "boards": boards,
        "findings": findings,
        "indicators": [dict(i) for i in root.indicators],
        "items": [_item_dict(child) for child in root.children],
        "columns": read_columns(doc),
    }
    _link_groups_to_findings(data)
    warn_if_cut_short(doc, data)
    _fit(doc, data)
    return ParsedPlan(data, doc.warnings, proposed.corrected_by(column_map))


def _reading_map(given: ColumnMap | None, hints: ColumnMap) -> ColumnMap | None:
    """The map the reader reads headers with: the one given, then the content hints."""
    if not hints.columns:
        return given  # the same map: each line's header, read once for it, is read again
    given = given or ColumnMap()
    extra = [h for h in hints.columns if given.find(h.heading) is None]
    return ColumnMap([*given.columns, *extra], list(given.levels))


def _rename_levels(nodes: list[n.Node], column_map: ColumnMap | None) -> None:
    """Give the items at each depth the level name the column map sets for it."""
    names = column_map.levels if column_map is not None else []
    for node in nodes:
        depth = node.depth - 1
        if depth < len(names) and names[depth]:
            node.level = names[depth]


def _refuse_empty(doc: Document, title: str) -> NoReturn:
    message = (
        "no plan items found: no table header such as 'Actions | By whom? | "
        "By when?' or numbered items were recognised"
    )
    early = no_items_reason(doc, title)
    raise PlanFileError(f"{message}; {early}" if early else message)


def _fit(doc: Document, data: dict[str, Any]) -> None:
    """Shorten values longer than the plan's fields hold, saying which and where."""
    for where, line, limit in fit_document(data):
        doc.warn(
            line, f"{where} is longer than {limit} characters; only the first {limit} are kept"
        )


def _check_text(text: str) -> None:
    """Refuse an empty file, or one with NUL or many control characters on a line.

    Spaces of other widths, soft hyphens and the like are text; control characters other
    than tab and carriage return are not.
    """
    if not text.strip():
        raise PlanFileError("the file is empty", 1)
    for number, line in enumerate(text.split("\n"), start=1):
        if "\x00" in line or len(CONTROL.findall(line)) > 5:
            raise PlanFileError("the file is not text (binary content)", number)


def _fold_homoglyphs(text: str) -> str:
    """Read Cyrillic capitals that the export put in place of Latin ones in short codes (ТСВ)."""
    table = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")
    return re.sub(r"\b[A-ZА-Я']{1,5}\b", lambda m: m.group(0).translate(table), text)


def _tidy(node: n.Node, findings: list[dict[str, Any]]) -> None:
    """Take leads written inside other cells, and read RAG, findings and targets."""
    match = RESPONSIBLE.search(node.title)
    if match:
        node.title = (node.title[: match.start()] + node.title[match.end() :]).strip()
        node.leads.extend(
            p.strip(" .") for p in n.split_outside_brackets(match.group(1), AND_BEFORE_NAME)
        )
    please = re.search(r"\s*Please note:?\s*(.+)$", node.title, re.S)
    if please:
        node.title = node.title[: please.start()].strip()
        node.note("note", "Please note", please.group(1))
    for note in node.notes:
        lead = NOTE_LEAD.search(note["text"])
        if lead:
            note["text"] = note["text"][: lead.start()].strip()
            node.leads.extend(_note_leads(lead.group(1)))
    node.title = re.sub(r"\s+", " ", node.title).strip()
    _split_steps(node)
    node.findings += [c for c in finding_refs(node.title, findings) if c not in node.findings]
    for note in node.notes:
        if note["kind"] in {"success_measure", "intended_outcome", "evidence_impact"}:
            node.indicators.extend(n.percent_targets(note["text"]))
    for milestone in node.milestones:
        node.indicators.extend(n.percent_targets(milestone["text"]))
    if node.level == "Key task":
        node.indicators.extend(n.percent_targets(node.title))


STEP = re.compile(r"(?:^|\s)(\d{1,2})\)\s+")


def _split_steps(node: n.Node) -> None:
    """Make the numbered steps written inside an item ("1) … 2) …") its children.

    A cell that starts with its first step ("1) Review … 2) Update …") was read as numbered
    "1)"; it is an unnumbered item whose steps start at once.
    """
    if node.number == "1)" and re.search(r"(?:^|\s)2\)\s+", node.title) and not node.children:
        node.number, node.title = "", f"1) {node.title}"
    marks = list(STEP.finditer(node.title))
    numbers = [int(m.group(1)) for m in marks]
    if len(marks) < 2 or numbers != list(range(1, len(marks) + 1)) or node.children:
        return
    bounds = [m.start() for m in marks] + [len(node.title)]
    for mark, end in zip(marks, bounds[1:], strict=True):
        step = n.Node("Step", f"{mark.group(1)})", node.title[mark.end() : end].strip(), node.line)
        node.add(step)
    node.title = node.title[: marks[0].start()].strip() or node.title


def _note_leads(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\s*,\s*", text) if p.strip() and p.strip() != "?"]
    return [re.sub(r"\s*\(JCU subgroup\)", "", p) for p in parts]


def _add_missing_groups(root: n.Node, findings: list[dict[str, Any]]) -> None:
    """Move items read before their section's heading into it; keep sections in number order."""
    groups = {c.number: c for c in root.children if c.number.isdecimal()}
    for item in [c for c in root.children if "." in c.number]:
        group = groups.get(item.number.split(".")[0])
        if group is not None:
            root.children.remove(item)
            group.add(item)
            group.children.sort(key=lambda c: c.line)
    if root.children and all(c.number.isdecimal() for c in root.children):
        root.children.sort(key=lambda c: (len(c.number.lstrip("0")), c.number))
    del findings


def _levels(root: n.Node) -> list[str]:
    """Return the name of each level of the tree: the name most of its items carry."""
    by_depth: dict[int, Counter[str]] = {}
    for node in root.walk()[1:]:
        by_depth.setdefault(node.depth - 1, Counter())[node.level] += 1
    return [by_depth[d].most_common(1)[0][0] for d in sorted(by_depth)]


def _unique_people(people: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: set[tuple[str, str]] = set()
    found = []
    for person in people:
        key = (person["name"], person.get("short_code", ""))
        if key not in seen:
            seen.add(key)
            found.append(person)
    return found


def _item_dict(node: n.Node) -> dict[str, Any]:
    status = " ".join(s for s in node.status if s)
    return {
        "level": node.level,
        "number": node.number,
        "title": node.title,
        "leads": node.leads,
        "partners": node.partners,
        "due": node.due,
        "status": status,
        "rag": rag_from_status(status) if status else "",
        "milestones": node.milestones,
        "notes": node.notes,
        "indicators": node.indicators,
        "findings": node.findings,
        "links": node.links,
        "source_line": node.line,
        "children": [_item_dict(child) for child in node.children],
    }


def _link_groups_to_findings(data: dict[str, Any]) -> None:
    """Tie each top-level item to the finding it answers, by code or by shared words."""
    findings = data["findings"]
    for item in data["items"]:
        if item["findings"]:
            continue
        if item["level"] == "Area" and area_code(item["number"]):
            code = area_code(item["number"])
            if any(f["code"] == code for f in findings):
                item["findings"] = [code]
                continue
        best = max(findings, key=lambda f: _overlap(f["text"], item["title"]), default=None)
        if best is not None and _overlap(best["text"], item["title"]) >= 0.3 and best["code"]:
            item["findings"] = [best["code"]]


def _overlap(a: str, b: str) -> float:
    words_a = set(re.findall(r"[a-z]{4,}", a.lower()))
    words_b = set(re.findall(r"[a-z]{4,}", b.lower()))
    return len(words_a & words_b) / max(1, min(len(words_a), len(words_b)))
