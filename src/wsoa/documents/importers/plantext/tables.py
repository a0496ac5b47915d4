"""Recognise a table's header row from its words, and what each column holds."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass

from wsoa.documents.importers.mapping import ColumnMap, MappedColumn
from wsoa.documents.importers.plantext.document import Line
from wsoa.plans.datetext import parse_date_text

# Column roles. Title roles carry a level name for the items they hold.
TITLE = "title"
LEAD = "lead"
PARTNERS = "partners"
DUE = "due"
STATUS = "status"
PROGRESS = "progress"
MILESTONES = "milestones"
NUMBER = "number"
OTHER = "other"
NOTE_ROLES = {
    "intended_outcome",
    "success_measure",
    "longer_term_success",
    "evidence_impact",
    "how_we_know",
    "evaluation",
}

# (pattern on the header cell, role, level name for title roles); first match wins.
VOCABULARY: list[tuple[str, str, str]] = [
    (r"^key task lead|who'?s doing it", LEAD, ""),
    (r"^key tasks?\b", TITLE, "Key task"),
    (r"^responsible (person|lead|officer)|^by whom|^leads?\b|^owner|^action owner", LEAD, ""),
    (r"^partners?\b|^supported by|^with whom", PARTNERS, ""),
    (r"^by when|^timeframe|^timescales?|^deadline|^due\b|^target date|^when\b", DUE, ""),
    (r"^intended outcomes?|^outcomes?\b", "intended_outcome", ""),
    (r"^success (measures?|criteria)", "success_measure", ""),
    (r"^longer term success", "longer_term_success", ""),
    (r"^evidence", "evidence_impact", ""),
    (r"^how (will|do) (we|you) know|^how do\b|^how\b", "how_we_know", ""),
    (r"^evaluation", "evaluation", ""),
    (r"^progress (update|commentary)", PROGRESS, ""),
    (r"^progress checks?|^status|^rag\b|^rag rating", STATUS, ""),
    (r"^milestones?", MILESTONES, ""),
    (r"^number$|^ref(erence)?\.?$|^no\.?$", NUMBER, ""),
    (r"^(agreed )?actions?\b", TITLE, "Action"),
    (r"^activit(y|ies)\b", TITLE, "Activity"),
    (r"^objectives?\b", TITLE, "Objective"),
    (r"^(key )?tasks?\b", TITLE, "Task"),
    (r"^steps?$", TITLE, "Step"),
    (r"^title$", TITLE, ""),
    (r"^priorit(y|ies)\b", TITLE, "Priority"),
    (r"^areas? for (improvement|priority action)", TITLE, "Area"),
]

# A date printed at the end of a heading: "By April 1st 2018", "Aug-19", "by March 2019".
HEADING_DATE = re.compile(
    r"(?:\bby\s+|\b(?=[A-Z][a-z]{2,8}[- ]\d{2}(?:\d{2})?\b))"
    r"((?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2}\s?(?:st|nd|rd|th)?,?)?"
    r"[\s-]+(?:\d{4}|\d{2}))\s*$",
    re.I,
)
PERIOD = re.compile(r"^(?:[A-Z][a-z]{2,8}[- ]\d{2,4}|Q\s?\d{1,2}|RAG)$")
_TAGS = re.compile(r"<[^<>]+>")
_PATTERNS = [(re.compile(pattern), role, level) for pattern, role, level in VOCABULARY]


@dataclass
class Column:
    index: int
    role: str
    level: str
    heading: str
    # The date the heading prints for its column, as printed ("April 1st 2018" of "SUCCESS
    # MEASURES By April 1st 2018", "Aug-19" of "Milestones Aug-19"), or one the column map sets.
    date: str = ""


@dataclass
class Header:
    line: Line
    columns: list[Column]
    periods: dict[int, str]

    def titles(self) -> list[Column]:
        return [c for c in self.columns if c.role == TITLE]

    def role_at(self, index: int) -> Column | None:
        """Return the column a cell at this index falls in (the nearest header to its left)."""
        found = [c for c in self.columns if c.index <= index]
        return found[-1] if found else None


@functools.lru_cache(maxsize=4096)
def classify(heading: str) -> tuple[str, str] | None:
    """Return (role, level name) for a header cell, or None if it is no header word."""
    text = heading.strip().lower()
    for pattern, role, level in _PATTERNS:
        if pattern.search(text):
            return role, level
    return None


def read_header(line: Line, column_map: ColumnMap | None = None) -> Header | None:
    """Return the header a line declares, when at least two cells are header words.

    A column map given corrects what each heading it names holds, and a line where it names
    at least two cells (entries a person set, not proposals) is a header whatever its words.
    The reader asks about each line several times, with the map a person gave and with the
    map it proposes: a line is read once for each set of entries the maps hold for its cells,
    and the same Header returned again.
    """
    by_map: dict[object, Header | None] = line.__dict__.setdefault("_header_by_map", {})
    token = column_map.token() if column_map is not None else None
    if token not in by_map:
        texts = _heading_texts(line)
        entries = [column_map.find(text) if column_map is not None else None for _, text in texts]
        cache: dict[tuple[object, ...], Header | None] = line.__dict__.setdefault("_headers", {})
        key = tuple(None if e is None else (e.role, e.level, e.date, e.proposed) for e in entries)
        if key not in cache:
            cache[key] = _read_header(line, texts, entries)
        by_map[token] = cache[key]
    return by_map[token]


def _heading_texts(line: Line) -> list[tuple[int, str]]:
    """The line's filled cells as headings: (column index, text without tags)."""
    found: list[tuple[int, str]] | None = line.__dict__.get("_heading_texts")
    if found is None:
        found = [(index, _TAGS.sub(" ", cell).strip()) for index, cell in line.filled]
        line.__dict__["_heading_texts"] = found
    return found


def _read_header(
    line: Line, texts: list[tuple[int, str]], entries: list[MappedColumn | None]
) -> Header | None:
    columns: list[Column] = []
    named = 0
    for (index, text), entry in zip(texts, entries, strict=True):
        if entry is not None:
            named += 0 if entry.proposed else 1
            date = printed_date(entry.date) if entry.date else heading_date(text)
            columns.append(Column(index, entry.role, entry.level, text, date))
            continue
        found = classify(text) if len(text) < 80 else None
        if found is None:
            if len(text) >= 40:
                return None
            found = (OTHER, "")
        columns.append(Column(index, found[0], found[1], text, heading_date(text)))
    if named < 2 and not _is_header(columns):
        return None
    return Header(line, _merge_titles(columns), {})


def _is_header(columns: list[Column]) -> bool:
    """At least two cells say what their column holds, one of them a title or a number."""
    roles = {c.role for c in columns}
    return len([c for c in columns if c.role != OTHER]) >= 2 and bool(roles & {TITLE, NUMBER})


def printed_date(iso: str) -> str:
    """An ISO date (as a column map holds it) as the plan's date reader reads it."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


@functools.lru_cache(maxsize=4096)
def heading_date(heading: str) -> str:
    """The date a heading prints for its column, as printed, or "" when it prints none."""
    match = HEADING_DATE.search(" ".join(heading.split()))
    if match is None or parse_date_text(match.group(1)).end is None:
        return ""
    return match.group(1).strip()


def _merge_titles(columns: list[Column]) -> list[Column]:
    """Read "Objective | Title" as a number column and the text of that level."""
    for before, column in itertools.pairwise(columns):
        if column.role == TITLE and not column.level and before.role == TITLE:
            column.level, before.role = before.level, NUMBER
    for column in columns:
        if column.role == TITLE and not column.level:
            column.level = "Item"
    return columns


def read_periods(header: Header, following: list[Line]) -> int:
    """Read sub-header rows of period labels (Aug-19 … RAG, Q1 …); return how many."""
    count = 0
    for line in following[:2]:
        cells = [(i, c.strip()) for i, c in line.filled]
        if not cells or not all(PERIOD.match(c) for _, c in cells):
            break
        for index, label in cells:
            if label != "RAG":
                header.periods.setdefault(index, label)
        count += 1
    return count
