"""What every importer is: it reads one kind of plan file into a checked wsoa-plan document.

An importer (`plantext/`, `jsonplan/`, and the Word, Excel and PDF importers to come) is an
object with:

- `kind`: the short name it is registered under (`registry.IMPORTERS`), e.g. "text".
- `description`: what it reads, in words for people ("a text export of a Word or PDF plan").
- `accepts(name, content)`: whether the file is its kind, from the file's name and first bytes.
- `read(name, content, column_map=None)`: a `PlanDocument`, the document checked against
  `interchange.schema` plus warnings and the column map it used (`mapping.py`; a map given
  corrects the proposed one); or `PlanFileError` saying why not, with the place where known.
  It writes nothing: `interchange.writing.write_plan` does that.

Table-shaped files (Word, Excel, CSV, PDF) are first laid out as plan text (`LaidOut`: the
lines the plan-text reader takes, and where each line stands in the file) and then read by the
one plan-text reader, so every format recognises the same structure the same way.

No Django here: an importer can be tested on bytes alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from wsoa.documents.importers.mapping import ColumnMap
from wsoa.documents.interchange.schema import InterchangeError, check_document

T = TypeVar("T")


class PlanFileError(ValueError):
    """The file cannot be read as a plan; nothing was written."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class PlanDocument:
    """A checked wsoa-plan document read from a file, and what its importer warns of."""

    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    column_map: ColumnMap | None = None  # None for files with no columns to map (JSON)


@dataclass
class LaidOut:
    """A file laid out as plan text: one line per table row (cells joined by tabs, lists and
    paragraphs inside a cell as HTML) or per paragraph of prose; `places` says where each
    line (numbered from 1) stands in the file, e.g. "table 3, row 5" or "sheet Tracker, row 9"
    or "page 4", so warnings name the place a person can find."""

    lines: list[str]
    places: dict[int, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class Importer(Protocol):
    """Reads one kind of plan file; see the module's docstring."""

    kind: str
    description: str

    def accepts(self, name: str, content: bytes) -> bool:
        """Whether this file is of the importer's kind (by its name or its first bytes)."""
        ...

    def read(self, name: str, content: bytes, column_map: ColumnMap | None = None) -> PlanDocument:
        """The plan the file holds, checked; raise PlanFileError when it cannot be read."""
        ...


def decode_text(content: bytes) -> str:
    """The file as text (UTF-8, with or without a byte order mark), or PlanFileError."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise PlanFileError("the file is not UTF-8 text", line) from error


def checked(read: Callable[[], T]) -> T:
    """Return what a step returns, its InterchangeError told as a PlanFileError."""
    try:
        return read()
    except InterchangeError as error:
        raise PlanFileError(str(error)) from error


def checked_document(data: dict[str, Any], warnings: list[str] | None = None) -> PlanDocument:
    """Check a document an importer built against the schema (dates become dates)."""
    checked(lambda: check_document(data))
    return PlanDocument(data, list(warnings or []))
