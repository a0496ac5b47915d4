"""A .docx laid out as plan text (`base.LaidOut`), its body read in order.

Each paragraph of prose is a line: a heading with "#" marks by its level (as the seeds mark
them), a bulleted entry as "- …", a numbered one with the number Word shows ("3. …"), a wholly
bold one between "**" marks, an empty one as an empty line. Each table row is a line of cells
joined by tabs (`cells.py` reads each cell): a cell continuing a vertical merge is empty, a
cell spanning columns is followed by an empty cell for each further column it spans, so the
cells stay under their headings. Places name "paragraph 12" (counting paragraphs with text)
and "table 3, row 5". The main part is streamed: each table or paragraph is dropped once read,
so a large document is read in little memory. No Django here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from wsoa.documents.importers.base import LaidOut, PlanFileError
from wsoa.documents.importers.word.cells import (
    MAX_COLUMNS,
    Reader,
    cells_of,
    is_merged_below,
    rows_of,
    span_of,
)
from wsoa.documents.importers.word.package import SAVE_AS_DOCX, open_package
from wsoa.documents.importers.word.paragraphs import Paragraph, escape
from wsoa.documents.importers.word.wordml import int_val, w

WRAPPERS = {w("sdt"), w("sdtContent"), w("customXml")}
BODY_CHILD = 3  # the depth of the body's children: document (1) > body (2) > paragraph (3)


def lay_out(content: bytes) -> LaidOut:
    """Lay a .docx out as plan text; PlanFileError when it is not a readable Word document."""
    package = open_package(content)
    layout = _Layout(Reader(package.styles, package.numbering))
    with package.open_main() as stream:
        for element in _body_children(stream, package.main):
            layout.block(element)
    return LaidOut(layout.lines, layout.places)


def prose_line(paragraph: Paragraph) -> str:
    """A paragraph outside tables as one line of plan text."""
    text = escape(paragraph.plain)
    if paragraph.heading:
        return f"{'#' * paragraph.heading} {text}"
    if paragraph.list_kind == "ul":
        return f"- {text}"
    if paragraph.list_kind == "ol":
        return f"{escape(paragraph.label)} {text}".strip()
    return f"**{text}**" if paragraph.is_bold else text


@dataclass
class _Layout:
    reader: Reader
    lines: list[str] = field(default_factory=list)
    places: dict[int, str] = field(default_factory=dict)
    tables: int = 0
    paragraphs: int = 0

    def block(self, element: etree._Element) -> None:
        if element.tag == w("p"):
            self.prose(element)
        elif element.tag == w("tbl"):
            self.table(element)
        elif element.tag in WRAPPERS:
            for child in element:
                self.block(child)

    def prose(self, element: etree._Element) -> None:
        paragraph = self.reader.paragraph(element)
        if paragraph.is_empty:
            self.lines.append("")
            return
        self.paragraphs += 1
        self.add(prose_line(paragraph), f"paragraph {self.paragraphs}")

    def table(self, element: etree._Element) -> None:
        self.tables += 1
        for number, row in enumerate(rows_of(element), start=1):
            self.add("\t".join(self.row_cells(row)), f"table {self.tables}, row {number}")

    def row_cells(self, row: etree._Element) -> list[str]:
        """A row's cells, one per grid column: merged cells' continuations are empty."""
        trpr = row.find(w("trPr"))
        before = int_val(trpr.find(w("gridBefore")), 0) if trpr is not None else 0
        after = int_val(trpr.find(w("gridAfter")), 0) if trpr is not None else 0
        cells = [""] * min(before, MAX_COLUMNS)
        for cell in cells_of(row):
            cells.append("" if is_merged_below(cell) else self.reader.cell(cell))
            cells.extend([""] * (span_of(cell) - 1))
        return cells + [""] * min(after, MAX_COLUMNS)

    def add(self, line: str, place: str) -> None:
        self.lines.append(line)
        self.places[len(self.lines)] = place


def _body_children(stream: IO[bytes], part: str) -> Iterator[etree._Element]:
    """The body's paragraphs and tables one by one, each dropped from memory once used."""
    depth = 0
    try:
        for event, element in etree.iterparse(
            stream, events=("start", "end"), resolve_entities=False, no_network=True
        ):
            if event == "start":
                depth += 1
                continue
            if depth == BODY_CHILD:
                yield element
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
            depth -= 1
    except etree.XMLSyntaxError as error:
        raise PlanFileError(
            f"the Word document is damaged: its text ({part}) is not readable XML "
            f"({error.msg}). {SAVE_AS_DOCX}"
        ) from error
