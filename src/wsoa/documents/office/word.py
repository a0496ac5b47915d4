"""The plan as a Word document: headings and tables in the plan's own columns, landscape.

Each top-level item (area for improvement, workstream, theme) is a heading followed by one
table of the items under it; the header row repeats on every page. RAG is written as the
plan's words, with the colour as shading only beside them.
"""

from __future__ import annotations

import io

from django.utils.text import slugify
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Row

from wsoa.core.dates import long_date
from wsoa.documents.office.columns import Column, PlanItems, cell_values, plan_columns
from wsoa.documents.office.versioned import version_items
from wsoa.plans import models as m

SHADES = {"red": "F4B6B6", "amber": "FBD89C", "green": "B9E0B1", "blue": "B7D3F0"}


class WordExport:
    """A plan as an editable .docx, in the classic WSoA table layout."""

    def __init__(self, plan: m.Plan, version: m.PlanVersion | None = None) -> None:
        self.plan = plan
        self.version = version  # a version as agreed, instead of the plan now

    def filename(self) -> str:
        suffix = f"-version-{self.version.number}" if self.version else ""
        return f"{slugify(self.plan.title)[:80] or 'plan'}{suffix}.docx"

    def render(self) -> bytes:
        data = version_items(self.version) if self.version else PlanItems.fetch(self.plan)
        columns = [c for c in plan_columns(data) if c.key != "title:0"]
        document = Document()
        _landscape(document)
        document.core_properties.title = self.plan.title
        document.add_heading(self.plan.title, level=0)
        if self.version:
            document.add_paragraph(
                f"Version {self.version.number}, agreed on {long_date(self.version.agreed_on)}"
            )
        _front(document, self.plan, data)
        for top, rows in _sections(data.items):
            document.add_heading(_label(top, data.levels), level=1)
            for lead in _leads(top):
                document.add_paragraph(f"Lead: {lead}")
            if rows:
                _table(document, rows, columns, data)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _landscape(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(9)


def _front(document: DocxDocument, plan: m.Plan, data: PlanItems) -> None:
    for label, value in (("Period", plan.period_text), ("Issued by", plan.issuer)):
        if value:
            document.add_paragraph(f"{label}: {value}")
    document.add_heading("RAG key", level=1)
    scale = list(plan.rag_levels.all())
    key = document.add_table(rows=1, cols=2)
    key.style = "Table Grid"
    _header(key.rows[0], ["RAG", "Meaning in this plan"])
    for level in scale or []:
        cells = key.add_row().cells
        cells[0].text = m.Rag(level.code).label if level.code in m.Rag.values else level.code
        cells[1].text = level.label
        _shade(cells[0], level.code)


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


def _table(
    document: DocxDocument, rows: list[m.Item], columns: list[Column], data: PlanItems
) -> None:
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    _header(table.rows[0], [c.heading for c in columns])
    for item in rows:
        values = _own_level(item, cell_values(item, columns, data.rag_words), data.levels)
        cells = table.add_row().cells
        for cell, column in zip(cells, columns, strict=True):
            cell.text = values[column.key]
            if column.key == "rag":
                _shade(cell, item.rag)


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


def _header(row: _Row, headings: list[str]) -> None:
    """Write a bold header row that Word repeats at the top of every page."""
    for cell, heading in zip(row.cells, headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def _shade(cell: object, rag: str) -> None:
    if rag not in SHADES:
        return
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), SHADES[rag])
    cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]
