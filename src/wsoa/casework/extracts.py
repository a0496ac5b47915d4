"""Read a case management system's extract (CSV or .xlsx) into checked rows. Writes nothing.

The canonical layout is issue 17's: `case_ref, request_date, request_source, decision_date,
decision, not_issue_date, draft_date, final_date, exception, exception_start, exception_end,
caseworker, team`, optional personal fields (`name, date_of_birth, upn, postcode`), optional
`ceased_date, closed_on`, and `advice_<service>_requested / _received` for each advice service.
A column map (`{"request_date": "Date of request", …}`: canonical name → the file's heading)
reads other layouts; headings equal to a canonical name (ignoring case, spaces and hyphens)
are found without one. Dates are ISO (2024-02-29) or UK day-first (29/02/2024, 29-2-2024).
Every bad cell is reported as "row N, column HEADING (canonical): what is wrong".
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wsoa.casework import clock
from wsoa.core.spreadsheets import Limits, TooLarge, csv_rows, open_workbook, sheet_rows

LIMITS = Limits(rows=50_000, columns=120, noun="file", advice=" Split it into smaller files.")
REQUIRED = ("case_ref", "request_date")
CASE_DATES = (
    "decision_date",
    "not_issue_date",
    "draft_date",
    "final_date",
    "ceased_date",
    "closed_on",
)
CASE_TEXT = ("request_source", "decision", "caseworker", "team")
PERSONAL = ("name", "date_of_birth", "upn", "postcode")
EXCEPTION = ("exception", "exception_start", "exception_end")
SOURCES = ("parent", "young_person", "school", "health", "other")
DECISIONS = ("agreed", "refused")
UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
LIMITS_TEXT = {"case_ref": 50, "caseworker": 200, "team": 100, "name": 200, "postcode": 10}


class ExtractError(ValueError):
    """A file that cannot be read as a table of cases; the message says why."""


def advice_columns() -> list[str]:
    return [
        f"advice_{service}_{end}"
        for service in clock.ADVICE_SERVICES
        for end in ("requested", "received")
    ]


def canonical_columns() -> list[str]:
    return [
        "case_ref", "request_date", "request_source", "decision_date", "decision",
        "not_issue_date", "draft_date", "final_date", *EXCEPTION, "caseworker", "team",
        *PERSONAL, "ceased_date", "closed_on", *advice_columns(),
    ]  # fmt: skip


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as a spreadsheet shows it, cells)


@dataclass
class CaseRow:
    """One checked row: the case's values, its exception and advice, as the file gives them."""

    number: int
    values: dict[str, Any]
    exception: tuple[str, dt.date, dt.date | None] | None
    advice: dict[str, tuple[dt.date | None, dt.date | None]]


@dataclass
class Reading:
    """What a file gives under a column map: the map used, its rows, and every error."""

    column_map: dict[str, str]  # canonical name -> the file's heading
    rows: list[CaseRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)  # the file's headings nothing reads

    @property
    def mapped(self) -> set[str]:
        return set(self.column_map)


def read_table(name: str, content: bytes) -> Table:
    """Read a CSV or .xlsx file into its heading row and rows, refusing one over the limits."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        grid = _xlsx(content)
    elif lower.endswith(".csv"):
        grid = _csv(content)
    else:
        raise ExtractError("The file must be a CSV file (.csv) or an Excel workbook (.xlsx).")
    filled = [(number, row) for number, row in grid if any(_text(c) for c in row)]
    if len(filled) < 2:
        raise ExtractError("The file has no rows under its heading row.")
    headers = [_text(cell) for cell in filled[0][1]]
    return Table(headers, filled[1:])


def _csv(content: bytes) -> list[tuple[int, list[Any]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    try:
        return list(enumerate(csv_rows(text, LIMITS), start=1))
    except TooLarge as error:
        raise ExtractError(str(error)) from error
    except csv.Error as error:
        raise ExtractError(f"The file could not be read as CSV ({error}).") from error


def _xlsx(content: bytes) -> list[tuple[int, list[Any]]]:
    try:
        book = open_workbook(content, LIMITS, data_only=True)
    except TooLarge as error:
        raise ExtractError(str(error)) from error
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ExtractError("The file could not be read as an Excel workbook.") from error
    try:
        return [(number, list(row)) for number, row in sheet_rows(book.worksheets[0], LIMITS)]
    except TooLarge as error:
        raise ExtractError(str(error)) from error
    except Exception as error:  # a sheet whose XML breaks part way through
        raise ExtractError("The file could not be read as an Excel workbook.") from error
    finally:
        book.close()


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _key(heading: str) -> str:
    return re.sub(r"[\s\-]+", "_", heading.strip().lower())


def propose_map(headers: Iterable[str], given: Mapping[str, str] | None = None) -> dict[str, str]:
    """The column map: `given` (canonical name -> heading) over headings named canonically."""
    known = set(canonical_columns())
    found = {_key(h): h for h in headers if _key(h) in known}
    for name, heading in (given or {}).items():
        found.pop(name, None)
        if heading:
            found[name] = heading
    return found


def check_map(column_map: Mapping[str, str], headers: list[str]) -> list[str]:
    """What is wrong with a column map for these headings: unknown names, missing headings."""
    known, errors = set(canonical_columns()), []
    for name, heading in column_map.items():
        if name not in known:
            errors.append(f"The column map names “{name}”, which is not a casework column.")
        elif heading not in headers:
            errors.append(
                f"The column map reads {name} from “{heading}”: the file has no such column."
            )
    errors += [
        f"No column holds {name}: map one to it." for name in REQUIRED if name not in column_map
    ]
    return errors


def read_extract(table: Table, column_map: Mapping[str, str]) -> Reading:
    """Check every row of the table under the map; rows come back only if every row is good."""
    reading = Reading(dict(column_map))
    reading.errors = check_map(column_map, table.headers)
    used = set(column_map.values())
    reading.unmapped = [h for h in table.headers if h and h not in used]
    if reading.errors:
        return reading
    where = {name: table.headers.index(heading) for name, heading in column_map.items()}
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        row = _Row(number, cells, where, column_map)
        case_row = row.read()
        reading.errors += row.errors
        ref = case_row.values.get("case_ref", "")
        if ref in seen:
            reading.errors.append(
                f"row {number}, column {column_map['case_ref']}: "
                f"case {ref} is also on row {seen[ref]}."
            )
        seen.setdefault(ref, number)
        reading.rows.append(case_row)
    if reading.errors:
        reading.rows = []
    return reading


class _Row:
    """One row being checked; `errors` collects what is wrong with it, naming row and column."""

    def __init__(
        self, number: int, cells: list[Any], where: dict[str, int], names: Mapping[str, str]
    ):
        self.number, self.cells, self.where, self.names = number, cells, where, names
        self.errors: list[str] = []

    def raw(self, name: str) -> str:
        index = self.where.get(name)
        return _text(self.cells[index]) if index is not None and index < len(self.cells) else ""

    def fail(self, name: str, problem: str) -> None:
        heading = self.names[name]
        place = heading if heading == name else f"{heading} ({name})"
        self.errors.append(f"row {self.number}, column {place}: {problem}")

    def date(self, name: str) -> dt.date | None:
        text = self.raw(name)
        if not text:
            return None
        day = parse_date(text)
        if day is None:
            self.fail(name, f"“{text}” is not a date: write it as 2024-02-29 or 29/02/2024.")
        return day

    def choice(self, name: str, allowed: tuple[str, ...]) -> str:
        text = _key(self.raw(name))
        if text and text not in allowed:
            self.fail(name, f"“{self.raw(name)}” is not one of: {', '.join(allowed)}.")
            return ""
        return text

    def text(self, name: str) -> str:
        text = self.raw(name)
        limit = LIMITS_TEXT.get(name)
        if limit and len(text) > limit:
            self.fail(name, f"longer than {limit} characters.")
        return text

    def read(self) -> CaseRow:
        values: dict[str, Any] = {"case_ref": self.text("case_ref")}
        if "case_ref" in self.where and not values["case_ref"]:
            self.fail("case_ref", "a case reference is needed.")
        if not self.raw("request_date"):
            self.fail("request_date", "the date of the request is needed.")
        values["request_date"] = self.date("request_date")
        for name in CASE_DATES:
            if name in self.where:
                values[name] = self.date(name)
                self._not_before_request(name, values)
        if "request_source" in self.where:
            values["request_source"] = self.choice("request_source", SOURCES)
        if "decision" in self.where:
            values["decision"] = self.choice("decision", DECISIONS)
        for name in ("caseworker", "team", "name", "postcode"):
            if name in self.where:
                values[name] = self.text(name)
        if "postcode" in values:
            values["postcode"] = values["postcode"].upper()
        if "upn" in self.where:
            values["upn"] = self._upn()
        if "date_of_birth" in self.where:
            values["date_of_birth"] = self.date("date_of_birth")
        return CaseRow(self.number, values, self._exception(), self._advice())

    def _not_before_request(self, name: str, values: dict[str, Any]) -> None:
        day, request = values.get(name), values.get("request_date")
        if day and request and day < request:
            self.fail(name, f"{day:%d/%m/%Y} is before the request date ({request:%d/%m/%Y}).")

    def _upn(self) -> str:
        text = self.raw("upn").upper().replace(" ", "")
        if text and not UPN.match(text):
            self.fail("upn", "a unique pupil number is a letter, 11 digits and a digit or letter.")
        return text

    def _exception(self) -> tuple[str, dt.date, dt.date | None] | None:
        if "exception" not in self.where:
            return None
        reason = self.choice("exception", tuple(clock.EXCEPTION_REASONS))
        start, end = self.date("exception_start"), self.date("exception_end")
        if not reason:
            return None
        if start is None:
            self.fail("exception" if "exception_start" not in self.names else "exception_start",
                      "an exception needs the date it started.")  # fmt: skip
            return None
        if end is not None and end < start:
            self.fail("exception_end", "the exception cannot end before it started.")
        return (reason, start, end)

    def _advice(self) -> dict[str, tuple[dt.date | None, dt.date | None]]:
        found = {}
        for service in clock.ADVICE_SERVICES:
            asked, got = f"advice_{service}_requested", f"advice_{service}_received"
            if asked not in self.where and got not in self.where:
                continue
            requested, received = self.date(asked), self.date(got)
            if received and not requested:
                self.fail(
                    got,
                    "advice was received but not requested: give the date it was requested.",
                )
            elif received and requested and received < requested:
                self.fail(got, "advice cannot be received before it was requested.")
            found[service] = (requested, received)
        return found


def parse_date(text: str) -> dt.date | None:
    """A date written as ISO (2024-02-29) or UK day-first (29/02/2024), else None."""
    match = ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = UK_DATE.match(text)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
