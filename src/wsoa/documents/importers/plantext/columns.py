"""The plan's table columns: as printed (`read_columns`), and as the column map proposes them.

`propose_map` records, for each distinct heading of a recognised header row, what its column
holds, where the heading stands and the first values under it. Where a heading says little
(no header word), the values decide: mostly dates → due, mostly initials or short names →
lead, RAG words → status, numbering → number. Those hints are proposals: they apply to the
reading too, but a map a person set wins, and they never make a row a header on their own.
"""

from __future__ import annotations

import re

from wsoa.documents.importers.mapping import ColumnMap, MappedColumn, heading_key
from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.cells import cell_text
from wsoa.documents.importers.plantext.document import Document, Line
from wsoa.plans.datetext import parse_date_text

FIRST_FEW = 3  # places and sample values kept per heading
ROWS_LOOKED_AT = 20  # rows under a header whose values the content hints read
NUMBERING = re.compile(r"^(?:[A-Z]?\d{1,3}(?:\.\d{1,3})*\.?|\d{1,2}\)|[A-Z])$")
INITIALS = re.compile(r"^(?:[A-Z][A-Za-z]{0,3}|[A-Z][a-z]+(?: [A-Z][a-z'-]+){1,2})$")
RAG_WORDS = re.compile(
    r"^(?:red|amber|green|blue|r|a|g|b|rag|complete(?:d)?|on track|off track|at risk|"
    r"not started|in progress|delayed|overdue|done)$",
    re.I,
)


def read_columns(doc: Document) -> list[dict[str, str]]:
    """Return [{role, level, heading}] for each column role the plan's headers print."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for line in doc.lines:
        header = t.read_header(line, doc.column_map)
        for column in header.columns if header else []:
            heading = " ".join(re.sub(r"<[^<>]+>", " ", column.heading).split())
            if not _is_heading(column.role, heading):
                continue
            level = column.level if column.role == t.TITLE else ""
            found.setdefault(
                (column.role, level), {"role": column.role, "level": level, "heading": heading}
            )
    return list(found.values())


def _is_heading(role: str, heading: str) -> bool:
    """Leave out stray cells and generic words that say less than the level's own name."""
    if role == t.OTHER or not heading or heading.lower() == "title":
        return False
    return role != t.NUMBER or t.classify(heading) == (t.NUMBER, "")


def content_hints(doc: Document, given: ColumnMap | None) -> ColumnMap:
    """Proposed roles for the columns whose heading says little, read from their values."""
    hints: dict[str, MappedColumn] = {}
    for line in doc.lines:
        header = t.read_header(line, given)
        if header is None:
            continue
        rows = _rows_under(doc, line, given)
        for column in header.columns:
            key = heading_key(column.heading)
            if column.role != t.OTHER or not key or key in hints:
                continue
            if given is not None and given.find(column.heading) is not None:
                continue
            role = role_from_values(_values(rows, column.index, ROWS_LOOKED_AT))
            if role:
                hints[key] = MappedColumn(column.heading, role)
    return ColumnMap(list(hints.values()))


def role_from_values(values: list[str]) -> str:
    """The role most of a column's values show: due, lead, status or number; else ""."""
    if len(values) < 2:
        return ""
    for role, test in (
        (t.DUE, _is_date),
        (t.STATUS, lambda v: bool(RAG_WORDS.match(v))),
        (t.NUMBER, lambda v: bool(NUMBERING.match(v))),
        (t.LEAD, _is_initials),
    ):
        if sum(1 for v in values if test(v)) * 4 >= len(values) * 3:
            return role
    return ""


def _is_date(value: str) -> bool:
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return True
    return len(value) < 40 and parse_date_text(value).end is not None


def _is_initials(value: str) -> bool:
    parts = [p.strip() for p in re.split(r"[,/&]| and ", value) if p.strip()]
    return bool(parts) and all(INITIALS.match(p) for p in parts)


def propose_map(
    doc: Document, given: ColumnMap | None, levels: list[str], hints: ColumnMap
) -> ColumnMap:
    """The column map as read: an entry per distinct heading of each recognised header row."""
    entries: dict[str, MappedColumn] = {}
    for line in doc.lines:
        header = t.read_header(line, given)
        if header is None:
            continue
        rows = _rows_under(doc, line, given)
        place = doc.places.get(line.number, f"line {line.number}")
        for column in header.columns:
            key = heading_key(column.heading)
            if not key:
                continue
            entry = entries.get(key) or entries.setdefault(key, _entry(column, hints))
            if len(entry.places) < FIRST_FEW and place not in entry.places:
                entry.places.append(place)
            if not entry.samples:
                entry.samples = _values(rows, column.index, FIRST_FEW)
    return ColumnMap(list(entries.values()), list(levels))


def _entry(column: t.Column, hints: ColumnMap) -> MappedColumn:
    hint = hints.find(column.heading)
    role = hint.role if hint is not None and column.role == t.OTHER else column.role
    level = column.level if role == t.TITLE else ""
    return MappedColumn(column.heading, role, level, iso_date(column.date))


def iso_date(text: str) -> str:
    """The ISO date a heading's date stands for (its last day), or "" when unreadable."""
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return text
    end = parse_date_text(text).end if text else None
    return end.isoformat() if end else ""


def _rows_under(doc: Document, header: Line, given: ColumnMap | None) -> list[Line]:
    """The table rows under a header line, up to the next header."""
    rows = []
    for line in doc.after(header)[: ROWS_LOOKED_AT * 2]:
        if len(line.filled) >= 2 and t.read_header(line, given) is not None:
            break
        if len(line.filled) >= 2:
            rows.append(line)
    return rows


def _values(rows: list[Line], index: int, count: int) -> list[str]:
    found = []
    for line in rows:
        value = cell_text(line.cell(index)).strip()
        if value:
            found.append(value[:200])
        if len(found) >= count:
            break
    return found
