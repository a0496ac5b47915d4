"""Read a plan workbook back: check its shape and turn its rows into plain values.

Step 1 of the Excel round trip (`excel.py` exports; then `changes.py`, `applying.py`).

Only the file is checked here (its sheets, headings, ids and cell types); what the rows mean
for the plan is checked when they are compared with it (`changes.py`). Every error names the
sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from wsoa.core.dates import long_date
from wsoa.core.spreadsheets import Limits, TooLarge, open_workbook, sheet_rows
from wsoa.documents.office.columns import clean
from wsoa.documents.office.excel import FORMAT, ID_HEADINGS, META_SHEET, PLAN_SHEET

MAX_ROWS = 5000  # items of a plan
MAX_COLUMNS = 200
LIMITS = Limits(rows=MAX_ROWS, columns=MAX_COLUMNS)


class SheetError(ValueError):
    """The workbook cannot be used; the message says where and why. Nothing was written."""

    def __init__(self, message: str, *, sheet: str = "", row: int = 0, column: int = 0) -> None:
        where = [f"sheet “{sheet}”"] if sheet else []
        where += [f"row {row}"] if row else []
        where += [f"column {get_column_letter(column)}"] if column else []
        place = ", ".join(where)
        super().__init__(f"{place[:1].upper()}{place[1:]}: {message}" if where else message)


@dataclass
class Upload:
    """What a workbook says: its plan, the ids it was exported with, its columns and rows."""

    plan_id: int
    area: str
    exported: list[tuple[int, int]]  # (id, version) of each item in the file when exported
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]]
    exported_at: str = ""  # when the file was exported, as its "wsoa" sheet says

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "area": self.area,
            "exported": [list(pair) for pair in self.exported],
            "columns": [list(c) for c in self.columns],
            "rows": self.rows,
            "exported_at": self.exported_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Upload:
        columns = [(key, heading) for key, heading in data["columns"]]
        exported = [(item_id, version) for item_id, version in data["exported"]]
        exported_at = data.get("exported_at", "")
        return cls(data["plan_id"], data["area"], exported, columns, data["rows"], exported_at)

    @property
    def exported_ids(self) -> list[int]:
        return [item_id for item_id, _ in self.exported]


def read_workbook(content: bytes, limits: Limits | None = None) -> Upload:
    """Return what a plan workbook holds, or raise SheetError naming the place.

    The workbook is checked before it is opened and read a row at a time, so one too large
    is refused when a limit is reached, not after it has all been read.
    """
    limits = limits or LIMITS
    try:
        book = open_workbook(content, limits, data_only=False)
    except TooLarge as error:
        raise SheetError(str(error)) from error
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SheetError("the file is not an Excel workbook (.xlsx) exported by wsoa") from error
    try:
        return _read(book, limits)
    except TooLarge as error:
        raise SheetError(str(error)) from error
    except SheetError:
        raise
    except (SyntaxError, ValueError, zipfile.BadZipFile) as error:  # XML broken part way through
        raise SheetError("the file is not an Excel workbook (.xlsx) exported by wsoa") from error
    finally:
        book.close()


def _read(book: Any, limits: Limits) -> Upload:
    for name in (PLAN_SHEET, META_SHEET):
        if name not in book.sheetnames:
            raise SheetError(f"the workbook has no sheet “{name}”: export the plan from wsoa again")
    meta = _meta(book[META_SHEET], limits)
    keys = str(meta.get("columns") or "").split("\t")
    expected = str(meta.get("headings") or "").split("\t")
    if len(keys) != len(expected):
        raise SheetError("the list of columns does not match its headings", sheet=META_SHEET)
    sheet = book[PLAN_SHEET]
    headings = _headings(sheet, expected, limits)
    columns = list(zip(keys, headings[2:], strict=True))
    return Upload(
        plan_id=_int(meta.get("plan"), META_SHEET, 2, 2),
        area=str(meta.get("area", "")),
        exported=_exported(str(meta.get("items") or "")),
        columns=columns,
        rows=_rows(sheet, [k for k, _ in columns], limits),
        exported_at=str(meta.get("exported") or ""),
    )


def _exported(text: str) -> list[tuple[int, int]]:
    pairs = [pair.partition(":") for pair in text.split(",") if pair]
    return [(_int(i, META_SHEET, 5, 2), _int(v, META_SHEET, 5, 2)) for i, _, v in pairs]


def _meta(sheet: Any, limits: Limits) -> dict[str, Any]:
    found = {
        str(r[0]): r[1] if len(r) > 1 else None for _, r in sheet_rows(sheet, limits) if r and r[0]
    }
    if found.get("format") != FORMAT:
        raise SheetError("this is not a plan workbook exported by wsoa", sheet=META_SHEET, row=1)
    return found


def _headings(sheet: Any, expected: list[str], limits: Limits) -> list[str]:
    """Return the header row, refusing any column added, removed, moved or renamed."""
    _, first = next(sheet_rows(sheet, limits), (1, ()))
    row = [_text(cell) for cell in first]
    while row and not row[-1]:
        row.pop()
    wanted = [*ID_HEADINGS, *expected]
    for index, (found, heading) in enumerate(itertools.zip_longest(row, wanted), start=1):
        if (found or "") != (heading or ""):
            what = f"“{found}”" if found else "empty"
            raise SheetError(
                f"the heading is {what} where the export had “{heading or 'nothing'}”: "
                "columns cannot be added, removed, moved or renamed",
                sheet=PLAN_SHEET,
                row=1,
                column=index,
            )
    return row


def _rows(sheet: Any, keys: list[str], limits: Limits) -> list[dict[str, Any]]:
    rows = []
    for number, cells in sheet_rows(sheet, limits, first=2):
        extra = [i for i, v in enumerate(cells) if i >= len(keys) + 2 and _text(v)]
        if extra:
            raise SheetError(
                "text outside the plan's columns", sheet=PLAN_SHEET, row=number, column=extra[0] + 1
            )
        values = {
            key: _text(cells[i + 2] if i + 2 < len(cells) else None) for i, key in enumerate(keys)
        }
        ids = [cells[i] if i < len(cells) else None for i in (0, 1)]
        if not any(values.values()) and not any(_text(i) for i in ids):
            continue
        rows.append(
            {
                "row": number,
                "id": _optional_int(ids[0], number, 1),
                "version": _optional_int(ids[1], number, 2),
                "values": values,
            }
        )
    return rows


def _text(value: Any) -> str:
    """A cell as text: dates as written words, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return long_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


def _optional_int(value: Any, row: int, column: int) -> int | None:
    return None if _text(value) == "" else _int(value, PLAN_SHEET, row, column)


def _int(value: Any, sheet: str, row: int, column: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = -1
    if number < 0 or (isinstance(value, float) and not value.is_integer()):
        raise SheetError(
            f"“{value}” is not an id wsoa wrote: leave the hidden columns as exported",
            sheet=sheet,
            row=row,
            column=column,
        )
    return number
