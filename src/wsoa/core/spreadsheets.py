"""Read uploaded workbooks and CSV files within limits. No Django.

A workbook (.xlsx) is a zip of XML parts. Before openpyxl opens one, its zip is checked (how many
parts, how large they unpack, how tightly they are packed) and its XML is counted as it streams,
so a small file that unpacks to gigabytes or holds millions of rows is refused at once. The
sheet is then read with openpyxl in read-only mode, its declared size checked, and its rows
counted as they are read: reading stops at the limit. A CSV file is read a line at a time in the
same way. Every refusal raises `TooLarge` with a message saying what was too large.

The zip checks serve any Office file (a Word document is a zip of XML parts too): `Limits`
names the file ("workbook", "document") and the program that writes it ("Excel", "Word"). An XML
part that declares a document type (where entities are declared: billion laughs, external
entities) is refused as soon as its declaration is met, before anything is expanded.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DIMENSION, ROW = f"{MAIN} dimension", f"{MAIN} row"  # as expat names them
CHUNK = 64 * 1024
END_OF_DIRECTORY = b"PK\x05\x06"
DIRECTORY_ENTRY = 1024  # bytes a part's entry in a zip's directory may take, its name included
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What an upload may hold. `rows` counts rows under the heading row."""

    rows: int
    columns: int = 100
    noun: str = "workbook"  # how messages name the file: "workbook" or "file"
    advice: str = ""  # a sentence after a refusal of too many rows: " Split it into smaller files."
    parts: int = 500  # files inside the workbook's zip
    unpacked: int = 30 * MB  # all its parts together, unpacked
    ratio: int = 100  # how many times its packed size a large part may unpack to
    elements: int = 500_000  # XML elements in all its parts: cells, strings, styles
    line: int = 10_000  # characters in a line of a CSV file
    writer: str = "Excel"  # the program that writes such files, named in messages


class TooLarge(ValueError):
    """The upload holds more than its limits allow; the message says what."""


class EntityDeclarations(TooLarge):
    """An XML part of the upload declares a document type or entities, which Office never
    writes: the way into billion-laughs expansion and external entities."""


def open_workbook(content: bytes, limits: Limits, *, data_only: bool) -> Workbook:
    """Check the workbook's zip and XML, then open it read-only. The caller closes it.

    A file that is not a zip raises zipfile.BadZipFile; openpyxl's errors pass through.
    """
    check_container(content, limits)
    return load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)


def check_container(content: bytes, limits: Limits) -> None:
    """Refuse a zip with too many parts, too much unpacked, or a part packed like a bomb.

    The part count and sizes come from the zip's directory, so those refusals come before
    anything is unpacked; the parts are then streamed through expat a piece at a time.
    """
    with open_zip(content, limits) as archive:
        parts = archive.infolist()
        budget = _Budget(limits)
        for part in parts:
            try:
                with archive.open(part) as stream:
                    budget.scan(stream)
            except (RuntimeError, NotImplementedError, EOFError, zlib.error) as error:
                raise zipfile.BadZipFile(str(error)) from error  # encrypted, or packed oddly


def part_names(content: bytes, limits: Limits) -> list[str]:
    """The names of the zip's parts, read from its directory once its sizes are checked.

    Raises TooLarge as check_container does, and zipfile.BadZipFile for a file that is not a
    whole zip (empty, or cut short). Nothing is unpacked.
    """
    with open_zip(content, limits) as archive:
        return archive.namelist()


def open_zip(content: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open the zip once its part count and declared sizes are within the limits.

    The count is read from the end record before zipfile reads the directory, and the sizes
    from the directory, so a refusal comes before any part is unpacked. The caller closes it.
    """
    if _declared_parts(content) > limits.parts:
        raise TooLarge(f"The {limits.noun} has more than {limits.parts:,} parts inside it.")
    archive = zipfile.ZipFile(io.BytesIO(content))
    try:
        _check_sizes(archive.infolist(), limits)
    except TooLarge:
        archive.close()
        raise
    return archive


def _declared_parts(content: bytes) -> int:
    """How many parts the zip's end record says it has, read before its directory is.

    A directory larger than that many parts need counts as more parts: zipfile reads the
    whole directory, whatever the count says.
    """
    at = content.rfind(END_OF_DIRECTORY, max(0, len(content) - 65_557))
    if at < 0 or at + 22 > len(content):
        raise zipfile.BadZipFile("no end of central directory record")
    count, size = struct.unpack("<HL", content[at + 10 : at + 16])
    return max(int(count), int(size) // DIRECTORY_ENTRY)


def _check_sizes(parts: Sequence[zipfile.ZipInfo], limits: Limits) -> None:
    if len(parts) > limits.parts:
        raise TooLarge(f"The {limits.noun} has more than {limits.parts:,} parts inside it.")
    if sum(part.file_size for part in parts) > limits.unpacked:
        raise TooLarge(
            f"The {limits.noun} unpacks to more than {limits.unpacked // MB} MB, "
            "more than wsoa reads."
        )
    for part in parts:
        if part.file_size > MB and part.file_size > limits.ratio * max(part.compress_size, 1):
            raise TooLarge(
                f"The {limits.noun} cannot be read: its part “{part.filename[:100]}” unpacks to "
                f"more than {limits.ratio} times its packed size, which a real {limits.noun}'s "
                "parts do not."
            )


class _Budget:
    """Counts the XML elements of every part as it streams, keeping none of them."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.left = limits.elements

    def scan(self, stream: IO[bytes]) -> None:
        """Count a part's elements, and a sheet's rows when it does not declare its size.

        openpyxl reads the whole of such a sheet to find its size when it opens the workbook,
        so it is counted here first. A part that is not XML (a picture) is skipped. A document
        type declaration is refused when it starts, before any entity in it is read, and no
        element is kept.
        """
        part = _Part()
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = lambda tag, attributes: self._start(part, tag, attributes)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        try:
            while piece := stream.read(CHUNK):
                parser.Parse(piece, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            return

    def _doctype(self, *_: Any) -> None:
        writer = self.limits.writer
        raise EntityDeclarations(
            f"The {self.limits.noun} cannot be read: it contains XML entity declarations, which "
            f"{writer} never writes. Open it in {writer}, save it as a new file, and upload that."
        )

    def _start(self, part: _Part, tag: str, attributes: dict[str, str]) -> None:
        self.left -= 1
        if self.left < 0:
            raise TooLarge(
                f"The {self.limits.noun} holds more than {self.limits.elements:,} cells, "
                "strings and other entries, more than wsoa reads."
            )
        if tag == DIMENSION:
            part.declared = True
            self._check_declared(attributes.get("ref", ""))
        elif tag == ROW and not part.declared:
            part.rows += 1
            if part.rows > self.limits.rows + 1:
                raise TooLarge(rows_message(self.limits))

    def _check_declared(self, ref: str) -> None:
        """Refuse a sheet that says it is larger than the limits, before reading its rows."""
        try:
            _, _, columns, rows = range_boundaries(ref)
        except (TypeError, ValueError):
            return  # openpyxl reads such a sheet as one of no declared size
        limits = self.limits
        if (rows or 0) > limits.rows + 1:
            raise TooLarge(rows_message(limits, f": one of its sheets has {rows - 1:,}"))
        if (columns or 0) > limits.columns:
            raise TooLarge(
                f"The {limits.noun} has more than {limits.columns:,} columns: one of its sheets "
                f"has {columns:,}."
            )


@dataclass
class _Part:
    declared: bool = False  # the sheet gives its size in a <dimension> element
    rows: int = 0


def rows_message(limits: Limits, found: str = "") -> str:
    return f"The {limits.noun} has more than {limits.rows:,} rows{found}.{limits.advice}"


def check_dimensions(sheet: Any, limits: Limits) -> None:
    """Refuse a sheet whose declared size is over the limits (a read-only openpyxl sheet)."""
    if (sheet.max_row or 0) > limits.rows + 1:
        found = f": its sheet “{sheet.title}” has {sheet.max_row - 1:,}"
        raise TooLarge(rows_message(limits, found))
    if (sheet.max_column or 0) > limits.columns:
        raise TooLarge(
            f"The {limits.noun} has more than {limits.columns:,} columns: its sheet "
            f"“{sheet.title}” has {sheet.max_column:,}."
        )


def sheet_rows(sheet: Any, limits: Limits, *, first: int = 1) -> Iterator[tuple[int, tuple]]:
    """Yield (row number, values) of a read-only sheet from row `first`, up to the limits.

    The declared size is checked first, then forgotten, so a sheet that says it is smaller
    than it is is still read to its end (or to the limit).
    """
    check_dimensions(sheet, limits)
    sheet.reset_dimensions()
    rows = sheet.iter_rows(min_row=first, values_only=True)
    for number, values in enumerate(rows, start=first):
        if number > limits.rows + 1:
            raise TooLarge(rows_message(limits))
        yield number, within_columns(values, limits)


def within_columns(values: Sequence[Any], limits: Limits) -> tuple:
    """The row cut to the column limit; refused when anything is written beyond it."""
    if len(values) <= limits.columns:
        return tuple(values)
    beyond = list(values[limits.columns :])
    if len(beyond) - beyond.count(None) - beyond.count(""):
        raise TooLarge(f"The {limits.noun} has more than {limits.columns:,} columns.")
    return tuple(values[: limits.columns])


def csv_rows(text: str, limits: Limits) -> Iterator[list[str]]:
    """Yield a CSV text's rows up to the limits; csv.Error passes through."""
    reader = csv.reader(_lines(text, limits))
    for number, row in enumerate(reader, start=1):
        if number > limits.rows + 1:
            raise TooLarge(rows_message(limits))
        yield list(within_columns(row, limits))


def _lines(text: str, limits: Limits) -> Iterator[str]:
    for number, line in enumerate(io.StringIO(text), start=1):
        if len(line.rstrip("\r\n")) > limits.line:
            raise TooLarge(
                f"Line {number:,} of the {limits.noun} is longer than {limits.line:,} characters."
            )
        yield line
