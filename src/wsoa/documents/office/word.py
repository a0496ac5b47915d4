"""The whole plan as a Word document, as the area would print it: front matter, then its tables.

The front matter (`wordparts_front.py`) comes from the plan's wsoa-plan document, so a version
prints what it holds as agreed. Each top-level item (area for improvement, workstream, theme)
is then a heading with its leads and what the plan says about it (progress commentary, notes,
links to other objectives), followed by one table of the items under it in the plan's own
columns (a column empty in every row is left out). A4
landscape; column widths from the content (`wordparts_table.py`); the header row repeats on
every page. RAG is written as the plan's words, with the colour as shading only beside them.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.text import slugify
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from wsoa.core.dates import long_date
from wsoa.documents.office.columns import (
    Column,
    PlanItems,
    cell_values,
    clean,
    plan_columns,
    printed_roles,
)
from wsoa.documents.office.versioned import version_items
from wsoa.documents.office.wordparts_front import add_front, front_content, heading, paragraph
from wsoa.documents.office.wordparts_table import add_rows, column_widths, fix_layout
from wsoa.plans import models as m
from wsoa.plans.versioning import version_content

LINKS = Column("links", "Links to other objectives")
READER_PLACEHOLDERS = {"Heading"}  # a note heading the reader gives, not one the plan prints

Row = tuple[m.Item, dict[str, str]]


class WordExport:
    """A plan as an editable .docx: the whole plan, front matter and tables."""

    def __init__(self, plan: m.Plan, version: m.PlanVersion | None = None) -> None:
        self.plan = plan
        self.version = version  # a version as agreed, instead of the plan now

    def filename(self) -> str:
        suffix = f"-version-{self.version.number}" if self.version else ""
        return f"{slugify(self.plan.title)[:80] or 'plan'}{suffix}.docx"

    def render(self) -> bytes:
        if self.version:
            data, content = version_items(self.version), version_content(self.version)
            parts = _by_id(content.get("items", []))
        else:
            data, content = PlanItems.fetch(self.plan), front_content(self.plan)
            parts = _parts(data)
        document = Document()
        _landscape(document)
        title = content.get("plan", {}).get("title") or self.plan.title
        document.core_properties.title = title
        heading(document, title, level=0)
        if self.version:
            paragraph(
                document,
                f"Version {self.version.number}, agreed on {long_date(self.version.agreed_on)}",
            )
        add_front(document, content)
        _top_notes(document, data, parts)
        _tables(document, data, parts)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _by_id(items: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Each item of a wsoa-plan document by its id, at every depth."""
    found: dict[int, dict[str, Any]] = {}
    stack = list(items)
    while stack:
        item = stack.pop()
        if item.get("id"):
            found[int(item["id"])] = item
        stack.extend(item.get("children", []))
    return found


def _parts(data: PlanItems) -> dict[int, dict[str, Any]]:
    """Each item's notes and links, as `_by_id` gives them from a version."""
    links: dict[int, list[dict[str, str]]] = {}
    for link in m.ItemLink.objects.filter(item__plan=data.plan).order_by("item_id", "position"):
        links.setdefault(link.item_id, []).append({"text": link.text})
    return {
        item.pk: {
            "notes": [
                {"kind": n.kind, "heading": n.heading, "text": n.text} for n in item.notes.all()
            ],
            "links": links.get(item.pk, []),
        }
        for item in data.items
    }


def _landscape(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(9)


def _tables(document: DocxDocument, data: PlanItems, parts: dict[int, dict[str, Any]]) -> None:
    sections = _sections(data.items)
    columns = _columns(data, parts)
    rows = {item.pk: _values(item, columns, data, parts) for _, items in sections for item in items}
    kept = {"rag"} if "status" in printed_roles(data.plan) else set()  # the plan's RAG column
    columns = [c for c in columns if c.key in kept or any(v[c.key] for v in rows.values())]
    headings = [_heading(c) for c in columns]
    rag_at = [c.key for c in columns].index("rag") if any(c.key == "rag" for c in columns) else -1
    widths = column_widths(headings, [[v[c.key] for c in columns] for v in rows.values()])
    for top, items in sections:
        heading(document, _label(top, data.levels), level=1)
        for lead in _leads(top):
            paragraph(document, f"Lead: {lead}")
        if items:
            table = document.add_table(rows=0, cols=len(columns))
            table.style = "Table Grid"
            fix_layout(table, widths)
            texts = [[rows[item.pk][c.key] for c in columns] for item in items]
            add_rows(table, headings, texts, widths, [(rag_at, item.rag) for item in items])
        _about_top(document, parts.get(top.pk, {}))


def _columns(data: PlanItems, parts: dict[int, dict[str, Any]]) -> list[Column]:
    columns = [c for c in plan_columns(data, periods=True) if c.key != "title:0"]
    if any(parts.get(i.pk, {}).get("links") for i in data.items if i.depth > 0):
        columns.insert(len(columns) - 1, LINKS)
    return columns


def _heading(column: Column) -> str:
    if column.key.startswith("note:") and column.heading in READER_PLACEHOLDERS:
        return m.NoteKind(column.key.partition(":")[2]).label
    return column.heading


def _values(
    item: m.Item, columns: list[Column], data: PlanItems, parts: dict[int, dict[str, Any]]
) -> dict[str, str]:
    plain = [c for c in columns if c.key != "links"]
    values = _own_level(item, cell_values(item, plain, data.rag_words), data.levels)
    values["links"] = "\n".join(_links(parts.get(item.pk, {})))
    return values


def _links(part: dict[str, Any]) -> list[str]:
    return [" ".join(clean(link.get("text", "")).split()) for link in part.get("links", [])]


def _about_top(document: DocxDocument, part: dict[str, Any]) -> None:
    """The top-level item's progress commentary and links to other objectives, after its table.

    As Hartlepool prints them, and as the reader reads them back: "Progress commentary: …",
    then "Links to other objectives:" and one link a line.
    """
    for note in part.get("notes", []):
        if note.get("kind") == m.NoteKind.PROGRESS:
            line = paragraph(document)
            line.add_run(f"{' '.join((note.get('heading') or 'Progress').split())}: ").bold = True
            line.add_run(" ".join(clean(note.get("text", "")).split()))
    links = _links(part)
    if links:
        paragraph(document).add_run("Links to other objectives:").bold = True
        for link in links:
            paragraph(document, f"- {link}")


def _top_notes(document: DocxDocument, data: PlanItems, parts: dict[int, dict[str, Any]]) -> None:
    """The other notes on top-level items (outcomes, how we will know, notes), before the tables.

    Printed between a section's heading and its table they would hide the table from the
    reader, and after it they would read as items: here they read as front matter.
    """
    tops = [(item, _other_notes(parts.get(item.pk, {}))) for item in data.items if item.depth == 0]
    if not any(notes for _, notes in tops):
        return
    heading(document, f"About each {data.levels[0].lower()}", level=1)
    for item, notes in tops:
        for note in notes:
            line = paragraph(document)
            label = " ".join(f"{data.levels[0]} {item.number}".split())
            said = note.get("heading") or m.NoteKind(note["kind"]).label
            line.add_run(f"{label}, {' '.join(said.split())}: ").bold = True
            line.add_run(" ".join(clean(note.get("text", "")).split()))


def _other_notes(part: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in part.get("notes", []) if n.get("kind") != m.NoteKind.PROGRESS]


def _sections(items: list[m.Item]) -> list[tuple[m.Item, list[m.Item]]]:
    sections: list[tuple[m.Item, list[m.Item]]] = []
    for item in items:
        if item.depth == 0:
            sections.append((item, []))
        elif sections:
            sections[-1][1].append(item)
    return sections


def _label(item: m.Item, levels: list[str]) -> str:
    name = levels[item.depth] if item.depth < len(levels) else "Item"
    prefix = f"{name} {item.number}".strip()
    return f"{prefix}: {item.title}"[:400]


def _leads(item: m.Item) -> list[str]:
    """The item's leads, one a line: a heading has no table row to hold them."""
    return [" ".join(p.text.split()) for p in item.people.all() if p.part == "lead"]


def _own_level(item: m.Item, values: dict[str, str], levels: list[str]) -> dict[str, str]:
    """Print an item named otherwise than its depth's level in the column of its own level.

    An activity printed directly under a workstream's objective line sits at the objective's
    depth: in the "Activity" column it reads, and imports back, as the activity it is.
    """
    level = getattr(item, "level", "")
    if level in ("", levels[item.depth]) or level not in levels[1:]:
        return values
    here, there = f"title:{item.depth}", f"title:{levels.index(level, 1)}"
    if here in values and there in values:
        values[there], values[here] = values[here], ""
    return values
