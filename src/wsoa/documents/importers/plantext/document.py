"""The exported text of a plan as numbered lines of cells, plus what the parser says of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from wsoa.documents.importers.mapping import ColumnMap
from wsoa.documents.importers.plantext.cells import cell_text, clean

_HEADING_MARKS = re.compile(r"^\s*#+\s*")


@dataclass
class Line:
    """One line of the export; its cells are read once and never change."""

    number: int
    cells: list[str]

    @cached_property
    def text(self) -> str:
        """The whole line as plain text."""
        return clean(_HEADING_MARKS.sub("", " ".join(self.cell_texts)))

    @cached_property
    def cell_texts(self) -> list[str]:
        """Each cell's plain text."""
        return [cell_text(c) for c in self.cells]

    @cached_property
    def filled(self) -> list[tuple[int, str]]:
        """The non-empty cells with their column index."""
        return [
            (i, c)
            for i, (c, text) in enumerate(zip(self.cells, self.cell_texts, strict=True))
            if text
        ]

    @property
    def is_blank(self) -> bool:
        return not self.filled

    def cell(self, index: int) -> str:
        return self.cells[index] if 0 <= index < len(self.cells) else ""


@dataclass
class Warning:
    """Something the reader could not take as printed, and where: a line of the text, or the
    place in the file the line was laid out from ("table 3, row 5", "sheet Tracker, row 9")."""

    line: int | None
    message: str
    place: str = ""

    def __str__(self) -> str:
        if self.place:
            return f"{self.place}: {self.message}"
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Document:
    lines: list[Line]
    warnings: list[Warning] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    places: dict[int, str] = field(default_factory=dict)  # line number → place in the file
    column_map: ColumnMap | None = None  # what the headings it names hold, as a person set

    @classmethod
    def from_text(cls, text: str) -> Document:
        """Split the export into lines of tab-separated cells."""
        rows = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return cls([Line(n, row.split("\t")) for n, row in enumerate(rows, start=1)])

    def warn(self, line: int | None, message: str) -> None:
        place = self.places.get(line, "") if line else ""
        self.warnings.append(Warning(line, message, place))

    def use(self, *lines: Line) -> None:
        self.used.update(line.number for line in lines)

    def after(self, line: Line) -> list[Line]:
        """Return the lines that follow one line."""
        return self.lines[line.number :]

    def find(self, pattern: str, flags: int = re.I) -> Line | None:
        """Return the first line whose text matches a pattern."""
        regex = re.compile(pattern, flags)
        return next((line for line in self.lines if regex.search(line.text)), None)
