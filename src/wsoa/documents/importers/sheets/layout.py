"""Lay a workbook's sheets out as plan text, for the one plan-text reader to read.

For each sheet: hidden sheets, rows and columns are left out and warned of; the header row is
the first whose cells name at least two roles, one of them a title or number (so a title block
above it becomes prose lines); a value merged down several rows is spread to each row in the
columns that belong to each item (leads, partners, dates, status, level), and kept once
elsewhere. When a workbook holds a sheet per workstream and a sheet has no column for its top
level, the sheet's name becomes a top-level item line. A "Level" column puts each row's text
in a column of its own level, and the number in front of the text, as the plan text lays out
its levels. Each line's place is "sheet Tracker, row 9". No Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wsoa.documents.importers.base import LaidOut
from wsoa.documents.importers.mapping import ColumnMap, heading_key
from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.document import Line
from wsoa.documents.importers.sheets.grid import Sheet
from wsoa.documents.importers.sheets.rows import (
    LEVEL,
    MAX_PART,
    NUMBER_HEADING,
    Numbers,
    Printed,
    Table,
    level_index,
)

# Put before the first table, so that the reader, finding no title above it, does not take a
# row that mentions an "action plan" for the plan's title; the importer then leaves it out.
UNTITLED = "Untitled action plan"
SPREAD = {t.LEAD, t.PARTNERS, t.DUE, t.STATUS, LEVEL}
GROUP_HEADING = re.compile(r"^(?:Workstream|Theme|Priority|Area for improvement) \w+\s*[:–-]", re.I)
NUMBERED_TEXT = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[A-Z]\d{1,2}(?:\.\d{1,2})*|\d{1,2}\))$")


@dataclass
class Layout:
    """The plan text of a workbook, where each line came from, what was left out, and the
    numbers given to its items (`rows.Numbers`)."""

    laid_out: LaidOut = field(default_factory=lambda: LaidOut([]))
    warnings: list[str] = field(default_factory=list)
    numbers: Numbers = field(default_factory=Numbers)
    titled: bool = False  # whether the line standing for the plan's title is laid out
    first_text: str = ""  # the first cell above the tables: the plan's title if none is found

    def add(self, text: str, place: str) -> None:
        self.laid_out.lines.append(text)
        self.laid_out.places[len(self.laid_out.lines)] = place

    def printed(self, given: str, printed: Printed) -> None:
        """Remember what the item on the last line laid out stands for."""
        self.numbers.restore[(len(self.laid_out.lines), given)] = printed


def lay_out(sheets: list[Sheet], column_map: ColumnMap | None = None) -> Layout:
    """The plan text of a workbook's visible sheets; see the module's docstring."""
    layout = Layout()
    visible = [s for s in sheets if not _left_out(s, layout)]
    read = [(sheet, _header_row(sheet, column_map)) for sheet in visible]
    tables = [(sheet, found) for sheet, found in read if found is not None]
    for sheet, found in read:  # keys and notes first, as a document prints them before its tables
        if found is None:
            _lay_out_sheet(layout, sheet, None, column_map, 0)
            layout.add("", f"sheet {sheet.name}")
    for number, (sheet, found) in enumerate(tables, start=1):
        _lay_out_sheet(layout, sheet, found, column_map, (number if len(tables) > 1 else 0))
        layout.add("", f"sheet {sheet.name}")
    if layout.numbers.flattened:
        layout.warnings.append(
            f"the workbook has more than {MAX_PART} top-level items: the items under the "
            f"{MAX_PART + 1}th and later ones are each read as one level below it, not deeper; "
            "split the workbook into a sheet per area to keep their levels"
        )
    return layout


def _left_out(sheet: Sheet, layout: Layout) -> bool:
    """Drop a hidden sheet, and a sheet's hidden rows and columns, saying which."""
    if sheet.hidden:
        layout.warnings.append(
            f"sheet {sheet.name}: the sheet is hidden and was not read; unhide it in Excel "
            "if it belongs to the plan"
        )
        return True
    rows = sorted(r for r in sheet.hidden_rows if r <= len(sheet.rows) and any(sheet.rows[r - 1]))
    if rows:
        layout.warnings.append(
            f"sheet {sheet.name}: hidden rows {_runs(rows)} were not read; unhide them in "
            "Excel if they belong to the plan"
        )
    width = max((len(row) for row in sheet.rows), default=0)
    columns = sorted(c for c in sheet.hidden_columns if c <= width)
    used = [c for c in columns if any(c <= len(row) and row[c - 1] for row in sheet.rows)]
    if used:
        letters = ", ".join(_letter(c) for c in used)
        layout.warnings.append(
            f"sheet {sheet.name}: hidden columns {letters} were not read; unhide them in "
            "Excel if they belong to the plan"
        )
    return False


def _runs(numbers: list[int]) -> str:
    """Row numbers as runs: 4, 7–9."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


@dataclass
class Found:
    """A sheet's header row (1-based), its cells, and the header the reader sees in them."""

    row: int
    header: t.Header


def _visible_cells(sheet: Sheet, row: list[str]) -> list[str]:
    return [value for index, value in enumerate(row, start=1) if index not in sheet.hidden_columns]


def _header_row(sheet: Sheet, column_map: ColumnMap | None) -> Found | None:
    for number, row in enumerate(sheet.rows, start=1):
        if number in sheet.hidden_rows:
            continue
        cells = _visible_cells(sheet, row)
        header = t.read_header(Line(number, _with_level(cells)), column_map)
        if header is not None:
            return Found(number, header)
    return None


def _with_level(cells: list[str]) -> list[str]:
    """A "Level" heading counted as a column that orders the rows, as a number column does,
    when looking for the header row."""
    return ["Ref" if heading_key(c) == LEVEL else c for c in cells]


def _lay_out_sheet(
    layout: Layout,
    sheet: Sheet,
    found: Found | None,
    column_map: ColumnMap | None,
    number: int,
) -> None:
    rows = _spread_merges(sheet, found)
    start = found.row if found else len(rows) + 1
    for row_number, row in enumerate(rows[: start - 1], start=1):
        if row_number not in sheet.hidden_rows and any(row):
            cells = [c for c in _visible_cells(sheet, row) if c]
            layout.add("\t".join(cells), _place(sheet, row_number))
            layout.first_text = layout.first_text or cells[0]
    if found is None:
        return
    header = _visible_cells(sheet, rows[found.row - 1])
    body = [
        (n, _visible_cells(sheet, row))
        for n, row in enumerate(rows[found.row :], start=found.row + 1)
        if n not in sheet.hidden_rows and any(row)
    ]
    read = t.read_header(Line(0, _with_level(header)), column_map)
    assert read is not None  # found by the same reading
    table = Table(read, level_index(header, column_map))
    layout.numbers.stack = []
    if number and not table.has_top_level():
        given = str(layout.numbers.section())
        layout.add(f"Workstream {given} – {sheet.name}", f"sheet {sheet.name}")
        layout.printed(given, Printed("", "Workstream", sheet.name))
    if not layout.titled:
        layout.add(UNTITLED, _place(sheet, found.row))
        layout.titled = True
    header_line = "\t".join([NUMBER_HEADING, *table.headings(header)])
    periods = table.periods(header)
    _add_header(layout, header_line, periods, _place(sheet, found.row))
    for row_number, cells in body:
        for line in table.lines(cells, layout.numbers):
            if line.header:
                _add_header(layout, header_line, periods, _place(sheet, found.row))
                continue
            layout.add("\t".join(line.cells), _place(sheet, row_number))
            if line.printed is not None:
                layout.printed(line.given, line.printed)


def _add_header(layout: Layout, header: str, periods: list[str], place: str) -> None:
    """The header line, and under it the period labels of its milestone columns, if any."""
    layout.add(header, place)
    if periods:
        layout.add("\t".join(["", *periods]), place)


def _place(sheet: Sheet, row: int) -> str:
    return f"sheet {sheet.name}, row {row}"


def _spread_merges(sheet: Sheet, found: Found | None) -> list[list[str]]:
    """The rows with each vertically merged value spread down the columns that need it."""
    rows = [list(row) for row in sheet.rows]
    if found is None:
        return rows
    visible = [i for i in range(1, len(rows[found.row - 1]) + 1) if i not in sheet.hidden_columns]
    role_by_column = {
        visible[c.index]: c.role for c in found.header.columns if c.index < len(visible)
    }
    headings = rows[found.row - 1]
    for merge in sheet.merges:
        spread = role_by_column.get(merge.left) in SPREAD or (
            merge.left <= len(headings) and heading_key(headings[merge.left - 1]) == LEVEL
        )
        if merge.bottom > merge.top and merge.top > found.row and spread:
            value = rows[merge.top - 1][merge.left - 1]
            for row in rows[merge.top : merge.bottom]:
                if merge.left <= len(row):
                    row[merge.left - 1] = value
    return rows
