"""Shared steps of the Word/Excel tests: import a seed, export, edit a workbook, read it back."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from openpyxl import Workbook, load_workbook

from wsoa.documents.importing import import_plan
from wsoa.documents.office.excel import ExcelExport
from wsoa.plans.models import Plan

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def import_seed(name: str, area: str = "Hartlepool") -> Plan:
    return import_plan(path=SEEDS / name, area_name=area).plan


def workbook_of(plan: Plan) -> Workbook:
    return load_workbook(io.BytesIO(ExcelExport(plan).render()))


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def headings(book: Workbook) -> list[str]:
    return [c.value for c in book["Plan"][1]]


def column_of(book: Workbook, heading: str) -> int:
    """Return the 1-based column number of a heading of the Plan sheet."""
    return headings(book).index(heading) + 1


def row_of(book: Workbook, item_id: int) -> int:
    for row in book["Plan"].iter_rows(min_row=2):
        if row[0].value == item_id:
            return row[0].row
    raise AssertionError(f"no row for item {item_id}")


def set_cell(book: Workbook, item_id: int, heading: str, value: Any) -> None:
    book["Plan"].cell(row=row_of(book, item_id), column=column_of(book, heading), value=value)


def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every item of an interchange item list, parents before their children."""
    found = []
    for item in items:
        found.append(item)
        found.extend(walk(item["children"]))
    return found


def item_tables(document: Any) -> list[Any]:
    """The tables of items in a Word export: those after the RAG key, the front matter's last."""
    tables = {table._tbl: table for table in document.tables}
    found, seen_key, past_key = [], False, False
    for element in document.element.body:
        if element.tag == qn("w:p"):
            text = "".join(t.text or "" for t in element.iter(qn("w:t")))
            seen_key = seen_key or text.startswith(("RAG key", "Rating key"))
        elif element in tables and seen_key:
            if past_key:
                found.append(tables[element])
            past_key = True
    return found
