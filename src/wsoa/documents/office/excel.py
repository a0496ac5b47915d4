"""The plan as an Excel workbook that can come back: one table in the plan's columns.

Sheet "Plan" has one row per item in printed order. Its first two columns, hidden, carry the
item's id and version so a re-import matches rows and refuses stale ones. Sheet "RAG key" lists
the plan's RAG wording, which the RAG column (and each quarter's, for a plan rated by quarter
under its milestone periods) offers as a drop-down. Sheet "wsoa" (hidden) says
which plan the file is of, the columns by key, and the ids exported.

The file comes back through `reading.py`, `changes.py` and `applying.py` beside this module.
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from wsoa.documents.office.columns import Column, PlanItems, cell_values, plan_columns
from wsoa.documents.office.versioned import version_items
from wsoa.plans import models as m

PLAN_SHEET = "Plan"
KEY_SHEET = "RAG key"
META_SHEET = "wsoa"
ID_HEADINGS = ["wsoa id", "wsoa version"]
FORMAT = "wsoa-plan-workbook 1"
WIDE = {"title", "note", "milestones"}
NARROW = {"rating"}  # a quarter's RAG beside its milestones


class ExcelExport:
    """A plan as an .xlsx workbook in its own columns, ready to edit and upload again."""

    def __init__(self, plan: m.Plan, version: m.PlanVersion | None = None) -> None:
        self.plan = plan
        self.version = version  # a version as agreed, instead of the plan now

    def filename(self) -> str:
        suffix = f"-version-{self.version.number}" if self.version else ""
        return f"{slugify(self.plan.title)[:80] or 'plan'}{suffix}.xlsx"

    def render(self) -> bytes:
        data = version_items(self.version) if self.version else PlanItems.fetch(self.plan)
        columns = plan_columns(data, periods=True, level=True)
        book = Workbook()
        sheet = book.active
        assert isinstance(sheet, Worksheet)
        sheet.title = PLAN_SHEET
        _write_table(sheet, data, columns)
        _write_key(book.create_sheet(KEY_SHEET), data, sheet, columns)
        _write_meta(book.create_sheet(META_SHEET), self.plan, columns, data.items)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _text_cell(sheet: Worksheet, row: int, column: int, value: str | int) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text: "=…" is never read as a formula
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_table(sheet: Worksheet, data: PlanItems, columns: list[Column]) -> None:
    for index, heading in enumerate([*ID_HEADINGS, *(c.heading for c in columns)], start=1):
        _text_cell(sheet, 1, index, heading)
        sheet.cell(row=1, column=index).font = Font(bold=True)
    for row, item in enumerate(data.items, start=2):
        values = cell_values(item, columns, data.rag_words)
        _text_cell(sheet, row, 1, item.pk)
        _text_cell(sheet, row, 2, item.version)
        for index, column in enumerate(columns, start=3):
            _text_cell(sheet, row, index, values[column.key])
    for letter in ("A", "B"):
        sheet.column_dimensions[letter].hidden = True
    for index, column in enumerate(columns, start=3):
        kind = column.key.split(":")[0]
        width = 45 if kind in WIDE else 10 if kind in NARROW else 16
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"


def _write_key(key: Worksheet, data: PlanItems, table: Worksheet, columns: list[Column]) -> None:
    """List the plan's RAG wording, offered as a drop-down in the RAG and quarter columns."""
    _text_cell(key, 1, 1, "RAG")
    _text_cell(key, 1, 2, "Meaning in this plan")
    words = [(code, label) for code, label in data.rag_words.items()]
    scale = [(r.code, r.label) for r in data.plan.rag_levels.all()] or words
    for row, (code, label) in enumerate(scale, start=2):
        _text_cell(key, row, 1, dict(m.Rag.choices).get(code, code))
        _text_cell(key, row, 2, label)
    key.column_dimensions["B"].width = 60
    choice = DataValidation(
        type="list",
        formula1=f"='{KEY_SHEET}'!$B$2:$B${len(scale) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a rating of this plan",
        error="Choose a rating from the list (see the RAG key sheet).",
    )
    table.add_data_validation(choice)
    last = max(len(data.items), 1) + 500
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
        _text_cell(meta, row, 1, name)
        _text_cell(meta, row, 2, value)
    meta.sheet_state = "hidden"
