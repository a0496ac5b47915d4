"""The plan as an Excel workbook that can come back: one table in the plan's columns.

Sheet "Plan" has one row per item in printed order. Its first two columns, hidden, carry the
item's id and version so a re-import matches rows and refuses stale ones. Then the plan's keys,
each on its own sheet when the plan has them (`excelparts.py`): its findings, people (code to
name, role and organisation), glossary and boards with their members. Sheet "RAG key" lists
the plan's RAG wording, which the RAG column (and each quarter's, for a plan rated by quarter
under its milestone periods) offers as a drop-down. Sheet "wsoa" (hidden) says which plan the
file is of, the columns by key, and the ids exported. Every visible sheet prints on A4
landscape, one page wide (`excelparts_layout.py`).

The file comes back through `reading.py`, `changes.py` and `applying.py` beside this module,
which read only the "Plan" and "wsoa" sheets.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from wsoa.documents.office.columns import Column, PlanItems, cell_values, plan_columns
from wsoa.documents.office.excelparts import (
    KEY_SHEET,
    key_sheets,
    keys_of_plan,
    rag_key,
    write_sheet,
)
from wsoa.documents.office.excelparts_layout import (
    set_out,
    text_cell,
    use_arial,
    write_header,
)
from wsoa.documents.office.versioned import version_items
from wsoa.plans import models as m
from wsoa.plans.versioning import version_content

PLAN_SHEET = "Plan"
META_SHEET = "wsoa"
ID_HEADINGS = ["wsoa id", "wsoa version"]
FORMAT = "wsoa-plan-workbook 1"
__all__ = ["FORMAT", "ID_HEADINGS", "KEY_SHEET", "META_SHEET", "PLAN_SHEET", "ExcelExport"]


class ExcelExport:
    """A plan as an .xlsx workbook in its own columns, ready to edit and upload again."""

    def __init__(self, plan: m.Plan, version: m.PlanVersion | None = None) -> None:
        self.plan = plan
        self.version = version  # a version as agreed, instead of the plan now

    def filename(self) -> str:
        suffix = f"-version-{self.version.number}" if self.version else ""
        return f"{slugify(self.plan.title)[:80] or 'plan'}{suffix}.xlsx"

    def render(self) -> bytes:
        if self.version is not None:
            data, keys = version_items(self.version), version_content(self.version)
            title = str(keys.get("plan", {}).get("title") or self.plan.title)
        else:
            data, keys, title = PlanItems.fetch(self.plan), keys_of_plan(self.plan), self.plan.title
        columns = plan_columns(data, periods=True, level=True)
        book = Workbook()
        use_arial(book)
        sheet = book.active
        assert isinstance(sheet, Worksheet)
        sheet.title = PLAN_SHEET
        _write_table(sheet, data, columns, title)
        for found in key_sheets(keys):
            write_sheet(book, found, title)
        _offer_ratings(book, keys, sheet, columns, len(data.items), title)
        _write_meta(book.create_sheet(META_SHEET), self.plan, columns, data.items)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _write_table(sheet: Worksheet, data: PlanItems, columns: list[Column], title: str) -> None:
    """The items, a row each in printed order, under the plan's headings."""
    headings = [c.heading for c in columns]
    write_header(sheet, [*ID_HEADINGS, *headings])
    rows = [headings]
    for row, item in enumerate(data.items, start=2):
        values = cell_values(item, columns, data.rag_words)
        rows.append([values[column.key] for column in columns])
        text_cell(sheet, row, 1, item.pk)
        text_cell(sheet, row, 2, item.version)
        for index, value in enumerate(rows[-1], start=3):
            text_cell(sheet, row, index, value)
    for letter in ("A", "B"):
        sheet.column_dimensions[letter].hidden = True
    set_out(sheet, rows, first=3, title=title)


def _offer_ratings(
    book: Workbook,
    keys: dict[str, Any],
    table: Worksheet,
    columns: list[Column],
    items: int,
    title: str,
) -> None:
    """Write the RAG key and offer its wording as a drop-down in the RAG and quarter columns."""
    key = rag_key(keys)
    write_sheet(book, key, title)
    choice = DataValidation(
        type="list",
        formula1=f"='{KEY_SHEET}'!$B$2:$B${len(key.rows) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a rating of this plan",
        error="Choose a rating from the list (see the RAG key sheet).",
    )
    table.add_data_validation(choice)
    last = max(items, 1) + 500
    for index, column in enumerate(columns, start=3):
        if column.key == "rag" or column.key.startswith("rating:"):
            letter = get_column_letter(index)
            choice.add(f"{letter}2:{letter}{last}")


def _write_meta(meta: Worksheet, plan: m.Plan, columns: list[Column], items: list[m.Item]) -> None:
    rows: list[tuple[str, str | int]] = [
        ("format", FORMAT),
        ("plan", plan.pk),
        ("area", plan.area.slug),
        ("exported", timezone.now().isoformat(timespec="seconds")),
        ("items", ",".join(f"{item.pk}:{item.version}" for item in items)),
        ("columns", "\t".join(c.key for c in columns)),
        ("headings", "\t".join(c.heading for c in columns)),
    ]
    for row, (name, value) in enumerate(rows, start=1):
        text_cell(meta, row, 1, name)
        text_cell(meta, row, 2, value)
    meta.sheet_state = "hidden"
