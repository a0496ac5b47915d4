"""Import actuals from CSV or Excel: read → map columns → validate every row → preview → write.

A file with any error writes nothing; each error names the row (as numbered in a spreadsheet,
the header being row 1) and the column (by its heading and letter).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from openpyxl.utils import get_column_letter

from wsoa.core.spreadsheets import Limits, TooLarge, csv_rows, open_workbook, sheet_rows
from wsoa.kpi import services
from wsoa.kpi.models import Indicator, Measurement
from wsoa.kpi.periods import Period, PeriodError, parse_period

FIELDS = ("indicator", "period", "value", "numerator", "denominator", "note")
GUESSES = {
    "indicator": ("indicator", "measure", "kpi", "code"),
    "period": ("period", "quarter", "month", "year", "date"),
    "value": ("value", "actual", "figure", "result", "%"),
    "numerator": ("numerator",),
    "denominator": ("denominator",),
    "note": ("note", "comment"),
}
MAX_ROWS = 10_000
LIMITS = Limits(rows=MAX_ROWS, columns=50, noun="file", advice=" Split it into smaller files.")


class ImportFileError(ValueError):
    """A file that cannot be read as a table; the message says why."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


def read_table(name: str, content: bytes, limits: Limits | None = None) -> Table:
    """Read a CSV or .xlsx file into headers and rows of text, refusing one over the limits.

    Rows are counted as they are read: a file with too many stops being read at the limit.
    """
    limits = limits or LIMITS
    if name.lower().endswith(".xlsx"):
        grid = _xlsx(content, limits)
    elif name.lower().endswith(".csv"):
        grid = _csv(content, limits)
    else:
        raise ImportFileError("The file must be a CSV file (.csv) or an Excel workbook (.xlsx).")
    if len(grid) < 2:
        raise ImportFileError("The file has no rows under its heading row.")
    headers = [
        cell.strip() or f"Column {get_column_letter(i + 1)}" for i, cell in enumerate(grid[0])
    ]
    return Table(headers, [row + [""] * (len(headers) - len(row)) for row in grid[1:]])


def _csv(content: bytes, limits: Limits) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    try:
        return [row for row in csv_rows(text, limits) if _filled(row)]
    except TooLarge as error:
        raise ImportFileError(str(error)) from error
    except csv.Error as error:
        raise ImportFileError(f"The file could not be read as CSV ({error}).") from error


def _xlsx(content: bytes, limits: Limits) -> list[list[str]]:
    try:
        book = open_workbook(content, limits, data_only=True)
    except TooLarge as error:
        raise ImportFileError(str(error)) from error
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError("The file could not be read as an Excel workbook.") from error
    try:
        rows = sheet_rows(book.worksheets[0], limits)
        grid = [[_cell(value) for value in row] for _, row in rows]
    except TooLarge as error:
        raise ImportFileError(str(error)) from error
    except Exception as error:  # a sheet whose XML breaks part way through
        raise ImportFileError("The file could not be read as an Excel workbook.") from error
    finally:
        book.close()
    return [row for row in grid if _filled(row)]


def _filled(row: list[str]) -> bool:
    return any(cell.strip() for cell in row)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m")  # a date cell names its month
    return str(value)


def guess_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Suggest which column holds each field, from the headings' words."""
    found: dict[str, str] = {}
    for name, words in GUESSES.items():
        for index, header in enumerate(headers):
            if any(word in header.lower() for word in words) and str(index) not in found.values():
                found[name] = str(index)
                break
    return found


@dataclass
class Row:
    number: int
    indicator: Indicator
    period: Period
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    note: str
    corrects: Measurement | None = None


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def check(
    table: Table,
    mapping: dict[str, str],
    indicators: Sequence[Indicator],
    default: Indicator | None,
) -> Checked:
    """Validate every row against the mapping; errors name row and column."""
    result = Checked()
    by_name = {key: ind for ind in indicators for key in _keys(ind)}
    seen: dict[tuple[int, object], int] = {}
    for offset, cells in enumerate(table.rows):
        number = offset + 2
        row = _check_row(table, mapping, cells, number, by_name, default, result.errors)
        if row is None:
            continue
        key = (row.indicator.pk, row.period.end)
        if key in seen:
            result.errors.append(
                f"Row {number}: {row.indicator.name} for {row.period.label} is also in row "
                f"{seen[key]}. Keep one of them."
            )
            continue
        seen[key] = number
        result.rows.append(row)
    _find_corrections(result.rows)
    return result


def _keys(indicator: Indicator) -> list[str]:
    return [k.strip().lower() for k in (indicator.name, indicator.code, str(indicator.pk)) if k]


def _where(table: Table, mapping: dict[str, str], name: str) -> str:
    index = int(mapping[name])
    return f'column {get_column_letter(index + 1)} ("{table.headers[index]}")'


def _check_row(
    table: Table,
    mapping: dict[str, str],
    cells: list[str],
    number: int,
    by_name: dict[str, Indicator],
    default: Indicator | None,
    errors: list[str],
) -> Row | None:
    def cell(name: str) -> str:
        return cells[int(mapping[name])].strip() if mapping.get(name) else ""

    before = len(errors)
    indicator = default
    if mapping.get("indicator"):
        indicator = by_name.get(cell("indicator").lower())
        if indicator is None:
            errors.append(
                f"Row {number}, {_where(table, mapping, 'indicator')}: no indicator "
                f'"{cell("indicator")}" in this area. Use its name or code.'
            )
    period = None
    try:
        period = parse_period(cell("period"))
    except PeriodError as error:
        errors.append(f"Row {number}, {_where(table, mapping, 'period')}: {error}")
    numbers = {name: _number(cell(name)) for name in ("value", "numerator", "denominator")}
    for name, value in numbers.items():
        required = name == "value"
        if (value is None and cell(name)) or (required and value is None):
            shown = cell(name) or "nothing"
            errors.append(
                f"Row {number}, {_where(table, mapping, name)}: {shown} is not a "
                "number. Enter a figure such as 72 or 72.5."
            )
    value = numbers["value"]
    if len(errors) > before or indicator is None or period is None or value is None:
        return None
    return Row(
        number,
        indicator,
        period,
        value,
        numbers["numerator"],
        numbers["denominator"],
        cell("note"),
    )


def _number(text: str) -> Decimal | None:
    cleaned = text.replace(",", "").replace("%", "").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < Decimal("1e11") else None


def _find_corrections(rows: list[Row]) -> None:
    """A period already recorded with another figure is imported as a correction of it."""
    ids = {row.indicator.pk for row in rows}
    latest: dict[tuple[int, object], Measurement] = {}
    for m in Measurement.objects.filter(indicator_id__in=ids).order_by("end", "pk"):
        latest[(m.indicator_id, m.end)] = m
    for row in rows:
        row.corrects = latest.get((row.indicator.pk, row.period.end))


def unchanged(row: Row) -> bool:
    return row.corrects is not None and row.corrects.value == row.value


@transaction.atomic
def write(rows: Sequence[Row], *, by: object, source: str) -> int:
    """Record every new or changed figure in one transaction; return how many were recorded."""
    written = 0
    for row in rows:
        if unchanged(row):
            continue
        actual = services.Actual(
            row.period, row.value, row.numerator, row.denominator, row.note, source
        )
        services.record_measurement(
            indicator=row.indicator, actual=actual, by=by, corrects=row.corrects
        )
        written += 1
    return written
