"""One table cell of a .docx as a plan-text cell: its text when it is one paragraph, else
HTML — <p> per paragraph, <ul>/<ol> with <li> per list entry, <br> for line breaks — and a
table nested in it as a <p> per row. A cell never holds a tab or a line end."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from wsoa.documents.importers.word.numbering import Numbering
from wsoa.documents.importers.word.paragraphs import Paragraph, Run, escape, read_paragraph
from wsoa.documents.importers.word.styles import Styles
from wsoa.documents.importers.word.wordml import val, w

NESTED_CELLS = " | "  # between the cells of a row of a nested table
MAX_COLUMNS = 63  # as many as a Word table can have


@dataclass
class Reader:
    """Reads paragraphs and cells with the document's styles and list counters."""

    styles: Styles
    numbering: Numbering

    def paragraph(self, element: etree._Element) -> Paragraph:
        return read_paragraph(element, self.styles, self.numbering)

    def cell(self, cell: etree._Element) -> str:
        """The plan-text form of a w:tc element."""
        blocks = [b for b in self._blocks(cell) if not b.is_empty]
        if len(blocks) == 1 and _is_plain(blocks[0]):
            return blocks[0].markup()
        return _html(blocks)

    def _blocks(self, element: etree._Element) -> Iterator[Paragraph]:
        """The paragraphs of a cell in order, each row of a nested table as one paragraph."""
        for child in element:
            if child.tag == w("p"):
                yield self.paragraph(child)
            elif child.tag == w("tbl"):
                yield from self._nested_rows(child)
            elif child.tag in {w("sdt"), w("sdtContent"), w("customXml")}:
                yield from self._blocks(child)

    def _nested_rows(self, table: etree._Element) -> Iterator[Paragraph]:
        for row in rows_of(table):
            texts = [_plain(c) for c in cells_of(row) if not is_merged_below(c)]
            text = NESTED_CELLS.join(t for t in texts if t)
            yield Paragraph([Run(text)])


def _plain(cell: etree._Element) -> str:
    """A nested table's cell as plain words, however deeply tables nest inside it."""
    paragraphs = ("".join(t.text or "" for t in p.iter(w("t"))) for p in cell.iter(w("p")))
    return " ".join(" ".join(paragraphs).split())


def _is_plain(block: Paragraph) -> bool:
    """Whether a cell's only paragraph stands without a <p>: it is no list entry (not even of
    a list that shows no mark). Its formatting and line breaks are marked all the same."""
    return not (block.list_kind or block.unmarked)


def rows_of(table: etree._Element) -> Iterator[etree._Element]:
    """The w:tr rows of a table, including rows wrapped in content controls."""
    for child in table:
        if child.tag == w("tr"):
            yield child
        elif child.tag in {w("sdt"), w("sdtContent"), w("customXml")}:
            yield from rows_of(child)


def cells_of(row: etree._Element) -> Iterator[etree._Element]:
    """The w:tc cells of a row, including cells wrapped in content controls."""
    for child in row:
        if child.tag == w("tc"):
            yield child
        elif child.tag in {w("sdt"), w("sdtContent"), w("customXml")}:
            yield from cells_of(child)


def span_of(cell: etree._Element) -> int:
    """How many grid columns a cell spans (a horizontal merge)."""
    tcpr = cell.find(w("tcPr"))
    span = tcpr.find(w("gridSpan")) if tcpr is not None else None
    try:
        return max(1, min(int(val(span, "1")), MAX_COLUMNS))
    except ValueError:
        return 1


def is_merged_below(cell: etree._Element) -> bool:
    """Whether a cell continues the merged cell above it (vertical merge), or the one to its
    left (the older horizontal merge)."""
    tcpr = cell.find(w("tcPr"))
    if tcpr is None:
        return False
    vmerge, hmerge = tcpr.find(w("vMerge")), tcpr.find(w("hMerge"))
    return any(m is not None and val(m, "continue") != "restart" for m in (vmerge, hmerge))


def _html(blocks: list[Paragraph]) -> str:
    """Paragraphs as <p>, list entries as <li> inside <ul>/<ol>, nested by list level."""
    parts: list[str] = []
    open_lists: list[str] = []  # the kinds of the lists open, outermost first
    for block in blocks:
        if not block.list_kind:
            _close_deeper(parts, open_lists, 0)
            parts.append(f"<p>{block.markup()}</p>")
            continue
        depth = min(block.depth, 8) + 1
        _close_deeper(parts, open_lists, depth)
        if len(open_lists) == depth and open_lists[-1] != block.list_kind:
            _close_deeper(parts, open_lists, depth - 1)
        if len(open_lists) == depth:
            parts.append("</li>")
        while len(open_lists) < depth:
            parts.append(f"<{block.list_kind}>")
            open_lists.append(block.list_kind)
        parts.append(f"<li>{block.markup()}")
    _close_deeper(parts, open_lists, 0)
    return "".join(parts)


def _close_deeper(parts: list[str], open_lists: list[str], depth: int) -> None:
    """Close the lists deeper than depth, each with its open entry."""
    while len(open_lists) > depth:
        parts.append(f"</li></{open_lists.pop()}>")


__all__ = ["Reader", "cells_of", "escape", "rows_of", "span_of"]
