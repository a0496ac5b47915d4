"""The cells of an Excel workbook or a CSV file as text, with what Excel hides and merges.

`read_workbook` opens an .xlsx within the limits (`importers/safety.py` checks its zip and XML
first) and `read_csv` a CSV file in UTF-8 or Windows-1252; both give a `Sheet` per sheet. A
cell's text is as the plan text holds it: dates as ISO dates, whole numbers without ".0",
line breaks inside a cell as <br>. No Django.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, TypeVar

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from wsoa.core.spreadsheets import Limits, TooLarge, csv_rows
from wsoa.documents.importers.base import PlanFileError
from wsoa.documents.importers.safety import EXCEL, MACROS, check_xlsx
from wsoa.documents.importers.sheets.cellxml import Formats, SheetCells, read_sheet_xml

T = TypeVar("T")
CSV_LIMITS = Limits(rows=EXCEL.rows, columns=EXCEL.columns, noun="file")


@dataclass
class Merge:
    """A merged range of cells, 1-based and inclusive as Excel numbers them."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass
class Sheet:
    """One sheet's cells as text (row 1 first), and what Excel hides or merges in it."""

    name: str
    rows: list[list[str]]
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    merges: list[Merge] = field(default_factory=list)
    hidden: bool = False


def cell_text(value: Any) -> str:
    """A cell's value as plan text: a date as YYYY-MM-DD, 3.0 as 3, line breaks as <br>."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    lines = [line.strip() for line in text.split("\n")]
    return "<br>".join(line for line in lines if line)


def read_workbook(name: str, content: bytes) -> list[Sheet]:
    """The sheets of an .xlsx workbook; PlanFileError for one wsoa must not or cannot open."""
    if PurePath(name).suffix.lower() == ".xlsm":
        raise PlanFileError(MACROS["xlsx"])
    check_xlsx(content, name)
    quick = _opened(lambda: _quick_sheets(content))
    if quick is not None:
        return [_sheet_of(title, hidden, cells) for title, hidden, cells in quick]
    book = _opened(lambda: load_workbook(io.BytesIO(content), data_only=True))
    try:
        return [_sheet(sheet) for sheet in book.worksheets]
    finally:
        book.close()


def _opened(read: Callable[[], T]) -> T:
    try:
        return read()
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise PlanFileError(
            "The file cannot be opened as an Excel workbook: it seems damaged. Open it in "
            "Excel, save it again as .xlsx and upload the new copy."
        ) from error


def _quick_sheets(content: bytes) -> list[tuple[str, bool, SheetCells]] | None:
    """Each sheet's title, whether it is hidden, and its cells read from its XML; None when
    a sheet needs the full reader (`cellxml.py`), which is several times slower."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        formats = Formats(
            book.shared_strings, book.epoch, book._date_formats, book._timedelta_formats
        )
        found = []
        for sheet in book.worksheets:
            path = sheet._worksheet_path
            if b"/comments" in _relations(book._archive, path):
                return None  # a comment adds its cell in the full reader
            with book._archive.open(path) as source:
                cells = read_sheet_xml(source, formats)
            if cells is None:
                return None
            found.append((sheet.title, sheet.sheet_state != "visible", cells))
        return found
    finally:
        book.close()


def _relations(archive: zipfile.ZipFile, path: str) -> bytes:
    """The relations file of a part of the workbook, or b"" when it has none."""
    folder, _, name = path.rpartition("/")
    try:
        return archive.read(f"{folder}/_rels/{name}.rels")
    except KeyError:
        return b""


def _sheet_of(title: str, hidden: bool, cells: SheetCells) -> Sheet:
    _check_rows(title, cells.max_row)
    width = min(cells.max_column, EXCEL.columns)
    values = cells.values
    rows = [
        [cell_text(values.get((row, column))) for column in range(1, width + 1)]
        for row in range(1, cells.max_row + 1)
    ]
    columns: set[int] = set()
    for letter, (first, last, is_hidden) in cells.columns.items():
        if is_hidden:
            start = first or column_index_from_string(letter)
            columns.update(range(start, (last or start) + 1))
    merges = [Merge(*merge) for merge in cells.merges]
    return Sheet(title, rows, cells.hidden_rows, columns, merges, hidden)


def _check_rows(title: str, rows: int) -> None:
    if rows > EXCEL.rows + 1:
        raise PlanFileError(
            f"The workbook's sheet “{title}” has {rows - 1:,} rows, more than "
            f"the {EXCEL.rows:,} wsoa reads. Split it into smaller workbooks."
        )


def _sheet(sheet: Worksheet) -> Sheet:
    _check_rows(sheet.title, sheet.max_row or 0)
    rows = [
        [cell_text(value) for value in row]
        for row in sheet.iter_rows(max_col=min(sheet.max_column, EXCEL.columns), values_only=True)
    ]
    return Sheet(
        sheet.title,
        rows,
        {number for number, d in sheet.row_dimensions.items() if d.hidden},
        _hidden_columns(sheet),
        [Merge(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges],
        sheet.sheet_state != "visible",
    )


def _hidden_columns(sheet: Worksheet) -> set[int]:
    """The hidden columns by number; a dimension may stand for a range of columns."""
    found: set[int] = set()
    for letter, dimension in sheet.column_dimensions.items():
        if dimension.hidden:
            first = dimension.min or column_index_from_string(letter)
            found.update(range(first, (dimension.max or first) + 1))
    return found


def read_csv(name: str, content: bytes) -> list[Sheet]:
    """The one sheet a CSV file holds; UTF-8 (with or without a BOM) or Windows-1252."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise PlanFileError("The file is not a CSV file (it holds binary content).")
    try:
        rows = [[cell_text(value) for value in row] for row in csv_rows(text, CSV_LIMITS)]
    except TooLarge as error:
        raise PlanFileError(str(error)) from error
    except csv.Error as error:
        raise PlanFileError(f"The CSV file cannot be read: {error}.") from error
    return [Sheet(PurePath(name).stem or "CSV", rows)]
