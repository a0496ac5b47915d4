"""A sheet's rows as the plan-text reader takes them: one item a line, its place in the tree
shown as the reader finds it in the seeds.

A tracker shows an item's level by the column its text stands in (an "Objective" column, an
"Action" column) or by a "Level" column, and numbers its items, or not, as it likes. The reader
places items by headings and numbers, so in a sheet of several levels each top-level item is
laid out as a section heading ("Theme 3: …", its other cells on a line under the header) and
each item below it gets a number of its place in the tree ("3.2.1" = the first item under the
second under section 3) in a column of its own put before the sheet's (`NUMBER_HEADING`). A
sheet of one level is laid out a row an item, unnumbered. `Numbers` remembers what each line's
item stands for, and `restore` puts back the numbers, levels and section titles the sheet
prints once the reader has built the tree. No Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from wsoa.documents.importers.mapping import ColumnMap, heading_key
from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.nodes import split_number
from wsoa.plans.rag import rag_from_status

LEVEL = "level"
NUMBER_HEADING = "#"  # the column the numbers given stand in, before the sheet's own
SECTION = "Theme"  # the word of the section headings laid out; the sheet's level replaces it
MAX_PART = 99  # the reader reads numbers of at most two digits a part ("99.99")
MAX_NUMBER = 20  # characters: a longer "number" with no text beside it is not an item
GUARD = "\u200b"  # before a text that starts in lower case, so it is not read as carried over
QUARTER_HEADING = re.compile(r"^RAG\s+(Q\s?\d{1,2})$", re.I)  # "RAG Q3": a quarter's ratings


@dataclass
class Printed:
    """What an item laid out stands for in the sheet."""

    number: str
    level: str
    title: str | None = None  # a section's title, as the sheet prints it


@dataclass
class Numbers:
    """The numbers given to a workbook's items, and what each line's item stands for."""

    sections: int = 0
    flattened: bool = False  # whether items under a section past the 99th were read flatter
    restore: dict[tuple[int, str], Printed] = field(default_factory=dict)  # (line, number)
    stack: list[tuple[int, list[int]]] = field(default_factory=list)  # (depth, path) open
    counts: dict[tuple[int, ...], int] = field(default_factory=dict)

    def section(self) -> int:
        """The number of the next section (a top-level item, or a sheet of its own)."""
        self.sections += 1
        self.stack = [(0, [self.sections])]
        return self.sections

    def give(self, depth: int) -> str:
        """The number of the next item at a depth (1 or more) in the section open."""
        while len(self.stack) > 1 and self.stack[-1][0] >= depth:
            self.stack.pop()
        parent = self.stack[-1][1]
        key = tuple(parent)
        self.counts[key] = self.counts.get(key, 0) + 1
        path = [*parent, self.counts[key]]
        self.stack.append((depth, path))
        return ".".join(str(p) for p in path)


def restore(items: list[dict[str, Any]], numbers: Numbers) -> None:
    """Put back the numbers, levels and section titles the sheet prints."""
    for item in items:
        printed = numbers.restore.get((item["source_line"], item["number"]))
        if printed is not None:
            item["number"], item["level"] = printed.number, printed.level
            if printed.title is not None:
                item["title"] = printed.title
            item["title"] = item["title"].lstrip(GUARD)
        restore(item["children"], numbers)


@dataclass
class Line:
    """A line to lay out: its cells, and what the item it starts stands for (if any)."""

    cells: list[str]
    given: str = ""
    printed: Printed | None = None
    header: bool = False  # the sheet's header again, so the lines under a section are a table


@dataclass
class Table:
    """A sheet's header as read, and which cells hold an item's text, number and level."""

    header: t.Header
    level_at: int | None = None
    levels: list[str] = field(default_factory=list)  # names met in a "Level" column, in order

    def __post_init__(self) -> None:
        self.titles = [c for c in self.header.columns if c.role == t.TITLE]
        numbers = [c.index for c in self.header.columns if c.role == t.NUMBER]
        self.number_at = next((i for i in numbers if i != self.level_at), None)
        self.quarters = self._quarters()

    def has_top_level(self) -> bool:
        """Whether the sheet has a column for more than one level, or a "Level" column."""
        return len(self.titles) > 1 or self.level_at is not None

    def _quarters(self) -> dict[int, str]:
        """The quarter ("Q3") of each rating column ("RAG Q3") that follows a milestones
        column of a period, as wsoa's own export prints a period's quarters after it."""
        found: dict[int, str] = {}
        in_period = False
        for column in self.header.columns:
            match = QUARTER_HEADING.match(" ".join(column.heading.split()))
            if column.role == t.MILESTONES:
                in_period = bool(t.PERIOD.match(column.date))
            elif match and in_period:
                found[column.index] = match.group(1).replace(" ", "").upper()
            else:
                in_period = False
        return found

    def headings(self, header: list[str]) -> list[str]:
        """The header row as laid out: a quarter's rating column left without a heading, so
        that the reader takes it as part of the milestones column before it, as a plan
        prints its quarters under its half-years (`periods`)."""
        return ["" if index in self.quarters else cell for index, cell in enumerate(header)]

    def periods(self, header: list[str]) -> list[str]:
        """A row of the period labels milestone headings end with ("Milestones Aug-19"),
        and the quarter of each rating column after them ("Q1" of "RAG Q1")."""
        cells = ["" for _ in header]
        for column in self.header.columns:
            if column.role == t.MILESTONES and t.PERIOD.match(column.date):
                cells[column.index] = column.date
        for index, quarter in self.quarters.items():
            cells[index] = quarter
        return cells if any(cells) else []

    def lines(self, cells: list[str], numbers: Numbers) -> list[Line]:
        """The reader's lines for one row: a line per item it names, the rest on the last."""
        entries = self._entries(cells) if self.titles else []
        if not entries:
            return [Line(["", *self._blank_items(cells)])]
        lines: list[Line] = []
        for position, (depth, level, printed, text) in enumerate(entries):
            last = position == len(entries) - 1
            rest = self._blank_items(cells) if last else ["" for _ in cells]
            line = list(rest)
            line[self.titles[0].index] = _guarded(text)
            if not self.has_top_level():
                lines.append(Line(["", *line], "", Printed(printed, level)))
            elif depth == 0 or not numbers.stack:
                lines += self._section(numbers, Printed(printed, level, text), rest)
            elif numbers.sections > MAX_PART:  # the reader reads two digits a number part
                numbers.flattened = True
                lines.append(Line(["", *line], "", Printed(printed, level)))
            else:
                given = numbers.give(depth)
                lines.append(Line([given, *line], given, Printed(printed, level)))
        return lines

    def _section(self, numbers: Numbers, printed: Printed, rest: list[str]) -> list[Line]:
        given = str(numbers.section())
        text = " ".join((printed.title or "").replace("<br>", " ").split()) or "-"
        lines = [Line([f"{SECTION} {given}: {text}"], given, printed)]
        if any(rest):
            lines += [Line([], header=True), Line(["", *rest])]
        return lines

    def _blank_items(self, cells: list[str]) -> list[str]:
        """The row without its items' text, number and level, and with a status printed
        twice (a status column and a RAG column saying the same, or a RAG word rating it as
        its text does) read once."""
        line = list(cells)
        for index in [c.index for c in self.titles] + [self.number_at, self.level_at]:
            if index is not None and index < len(line):
                line[index] = ""
        seen: list[str] = []
        for column in self.header.columns:
            value = _cell(line, column.index)
            if column.role != t.STATUS or column.index in self.quarters or not value:
                continue
            if any(value.casefold() in earlier.casefold() for earlier in seen) or (
                seen and _rates_as(value, " ".join(seen))
            ):
                line[column.index] = ""
            seen.append(value)
        return line

    def _entries(self, cells: list[str]) -> list[tuple[int, str, str, str]]:
        """(depth, level, number as printed, text) of each item a row names, outermost first."""
        number = _cell(cells, self.number_at)
        if self.level_at is not None and len(self.titles) < 2:
            return self._level_entry(cells, number)
        filled = [(p, c) for p, c in enumerate(self.titles) if _cell(cells, c.index)]
        entries = []
        for order, (position, column) in enumerate(filled):
            text = _cell(cells, column.index)
            printed = number if order == len(filled) - 1 else ""
            printed, text = _number_of(printed, text, self.number_at is not None)
            entries.append((position, column.level, printed, text))
        if not entries and number and len(number) <= MAX_NUMBER:
            column = self.titles[-1]
            entries.append((len(self.titles) - 1, column.level, number, ""))
        level = _cell(cells, self.level_at)
        if entries and level:  # a column per level places the row; a "Level" cell names it
            entries[-1] = (entries[-1][0], level, *entries[-1][2:])
        return entries

    def _level_entry(self, cells: list[str], number: str) -> list[tuple[int, str, str, str]]:
        level = _cell(cells, self.level_at)
        text = _cell(cells, self.titles[0].index)
        if not (text or number):
            return []
        if not level:
            level = self.levels[-1] if self.levels else self.titles[0].level
        if level not in self.levels:
            self.levels.append(level)
        printed, text = _number_of(number, text, self.number_at is not None)
        return [(self.levels.index(level), level, printed, text)]


def _rates_as(word: str, status: str) -> bool:
    """Whether a RAG word only repeats the rating a status before it already implies
    ("Complete" beside "Audit and tracking tool in place")."""
    rag = rag_from_status(word)
    return bool(rag) and len(word) <= 20 and rag == rag_from_status(status)


def level_index(header: list[str], column_map: ColumnMap | None) -> int | None:
    """Where a sheet's "Level" column stands, by its heading or the column map."""
    for index, heading in enumerate(header):
        entry = column_map.find(heading) if column_map is not None else None
        if (entry is not None and entry.role == LEVEL) or (
            entry is None and heading_key(heading) == LEVEL
        ):
            return index
    return None


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _guarded(text: str) -> str:
    """The text, marked so that a start in lower case is not read as the row above's."""
    return f"{GUARD}{text}" if text[:1].islower() or text[:1] in ",;:)" else text


def _number_of(printed: str, text: str, has_column: bool) -> tuple[str, str]:
    """The item's number and text: the number cell's; in a sheet with no number column, one
    the text starts with ("1.2 Do …", not the first of its steps "1) Review … 2) …")."""
    if printed or has_column:
        return printed, text
    sub, number, body = split_number(re.sub(r"<[^<>]+>", " ", text).strip())
    if number and not sub and not number.endswith(")"):
        return number, body
    return "", text
