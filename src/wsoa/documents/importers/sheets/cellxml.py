"""Read a worksheet's cells straight from its XML, the quick way to read a large tracker.

Excel's full reader builds an object per cell with its style; the importer needs only each
cell's value, the merged ranges and the hidden rows and columns. `read_sheet_xml` reads those
from the sheet's XML as the full reader would (the same values, dates and numbers, a merged
range's cells emptied but its top-left one, the sheet as wide and long as its cells and merged
ranges reach). A sheet with links, comments or anything else that adds cells to what the full
reader gives is left to it: `read_sheet_xml` returns None. No Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any
from xml.etree.ElementTree import iterparse

from openpyxl.cell.text import Text
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

_ROW = f"{{{SHEET_MAIN_NS}}}row"
_VALUE = f"{{{SHEET_MAIN_NS}}}v"
_INLINE = f"{{{SHEET_MAIN_NS}}}is"
_TEXT = f"{{{SHEET_MAIN_NS}}}t"
_COLUMN = f"{{{SHEET_MAIN_NS}}}col"
_MERGE = f"{{{SHEET_MAIN_NS}}}mergeCell"
_LINKS = f"{{{SHEET_MAIN_NS}}}hyperlinks"
_COLUMN_KEYS = {"min", "max", "width", "bestFit", "hidden", "outlineLevel", "collapsed"}
_COLUMN_KEYS |= {"style", "customWidth"}


class NotPlain(Exception):
    """The sheet holds something the quick reading does not give as the full reader does."""


@dataclass
class SheetCells:
    """A sheet's values by (row, column), 1-based, and what it hides and merges."""

    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    columns: dict[str, tuple[int | None, int | None, bool]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # top, left, bottom, right

    @property
    def max_row(self) -> int:
        return max((row for row, _ in self.values), default=1)

    @property
    def max_column(self) -> int:
        return max((column for _, column in self.values), default=1)


@dataclass
class Formats:
    """What the workbook says about reading numbers: its shared strings and date styles."""

    strings: list[str]
    epoch: Any
    dates: set[int]
    durations: set[int]


def read_sheet_xml(source: IO[bytes], formats: Formats) -> SheetCells | None:
    """The sheet's cells as the full reader gives them, or None when it should read them."""
    try:
        # The plain parser, not the full reader's guarded one (twice as slow): `read_workbook`
        # reads only a file `safety.check_xlsx` passed, which refuses any part declaring a
        # document type or entities before a parser sees it.
        found = _read(iterparse(source), formats)  # noqa: S314
    except NotPlain:
        return None
    for top, left, bottom, right in found.merges:
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                if (row, column) != (top, left) or (row, column) not in found.values:
                    found.values[row, column] = None
    return found


def _read(events: Iterable[tuple[str, Any]], formats: Formats) -> SheetCells:
    found = SheetCells()
    row_number = 0
    for _, element in events:
        tag = element.tag
        if tag == _ROW:
            row_number = _row_number(element.attrib, row_number)
            if _is_hidden(element.attrib):
                found.hidden_rows.add(row_number)
            column = 0
            for cell in element:
                row, column = _place(cell.get("r"), row_number, column)
                found.values[row, column] = _value(cell, formats)
            element.clear()
        elif tag == _COLUMN:
            _column(found, element.attrib)
            element.clear()
        elif tag == _MERGE:
            left, top, right, bottom = range_boundaries(element.get("ref"))
            found.merges.append((top, left, bottom, right))
        elif tag == _LINKS:
            raise NotPlain  # a link fills an empty cell with its address in the full reader
    return found


def _row_number(attributes: dict[str, str], previous: int) -> int:
    if "r" not in attributes:
        return previous + 1
    try:
        return int(attributes["r"])
    except ValueError:
        value = float(attributes["r"])
        if not value.is_integer():
            raise ValueError(f"{attributes['r']} is not a valid row number") from None
        return int(value)


def _flag(value: Any) -> bool:
    return False if isinstance(value, str) and value in ("false", "f", "0") else bool(value)


def _is_hidden(attributes: dict[str, str]) -> bool:
    if "visible" in attributes:
        return not attributes["visible"]
    return _flag(attributes.get("hidden", False))


def _column(found: SheetCells, attributes: dict[str, str]) -> None:
    keys = {key for key in attributes if not key.startswith("{")}
    if keys - _COLUMN_KEYS or "min" not in keys:
        raise NotPlain
    first = int(attributes["min"])
    last = int(attributes["max"]) if "max" in attributes else None
    found.columns[get_column_letter(first)] = (first, last, _flag(attributes.get("hidden", False)))


def _place(coordinate: str | None, row: int, column: int) -> tuple[int, int]:
    if coordinate:
        found: tuple[int, int] = coordinate_to_tuple(coordinate)
        return found
    return row, column + 1


def _inline(element: Any) -> str:
    """An inline string's text: a lone <t> as it stands, anything richer as the full reader
    reads it."""
    if len(element) == 1 and element[0].tag == _TEXT and len(element[0]) == 0:
        return str(element[0].text or "")
    return str(Text.from_tree(element).content)


def _value(cell: Any, formats: Formats) -> Any:
    kind = cell.get("t", "n")
    given = cell.get("s", 0)
    style = int(given) if given else given
    if kind == "inlineStr":
        child = cell.find(_INLINE)
        return _inline(child) if child is not None else None
    value = cell.findtext(_VALUE, None) or None
    if value is None:
        return None
    if kind == "n":
        number = float(value) if "." in value or "E" in value or "e" in value else int(value)
        if style not in formats.dates:
            return number
        try:
            return from_excel(number, formats.epoch, timedelta=style in formats.durations)
        except (OverflowError, ValueError):
            return "#VALUE!"
    if kind == "s":
        return formats.strings[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        return from_ISO8601(value)
    return value
