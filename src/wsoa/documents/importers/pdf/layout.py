"""Lay a PDF's pages out as plan text: its tables as rows of tab-joined cells, the rest as prose.

Each page's tables are found from its ruling lines (pdfplumber's "lines" strategy), or, on a
page with no ruled table, from the white space between columns (`unruled.py`). Tables and prose
lines are put in the order they stand on the page. Lines a paragraph wraps onto are joined into
one, as are a cell's; a break its writer made (the next word would have fitted on the line) is
kept, as `<br>` in a cell. Bullets become `<ul><li>` in a cell and "- " in prose. A table that
runs onto the next page (same columns) continues: a repeated heading row is dropped, and a row
the page break cut (no rule under it on the one page, its first cell, the number, empty on the
next) is joined up.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from wsoa.documents.importers.base import LaidOut
from wsoa.documents.importers.pdf.unruled import unruled_tables

LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
BULLET = re.compile(r"^\s*(?:[•●◦▪·\-–*]|\uf0b7|\uf0a7)\s+")
NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+")
PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?\s*$", re.I)
SAME_LINE = 3.0  # points between the tops of words on one line


@dataclass
class Line:
    """A line of text on a page: its words' text, where it starts and ends, its font size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word: float  # the width of its first word, to see whether it would have fitted above
    words: list[dict[str, Any]] = field(default_factory=list)


Cell = list[str]  # a cell's paragraphs, each a bullet, a numbered item or text
Row = list[Cell]


@dataclass
class Block:
    """A table or a prose line on a page, at its place from the top."""

    top: float
    rows: list[Row] | None = None
    text: str = ""
    cut: bool = False  # a table with no rule along its foot: the page break cut its last row


@dataclass
class Pages:
    """The plan-text lines laid out so far, and the table the last page ended with."""

    lines: list[str] = field(default_factory=list)
    places: dict[int, str] = field(default_factory=dict)
    heading: Row | None = None  # the first row of a table that ended the last page
    pending: Row | None = None  # that table's last row, when the page break cut it
    pending_page: int = 0

    def add(self, line: str, page: int) -> None:
        self.lines.append(line)
        self.places[len(self.lines)] = f"page {page}"

    def add_row(self, row: Row, page: int) -> None:
        self.add("\t".join(cell_html(cell) for cell in row), page)

    def flush(self) -> None:
        """Write the row held back in case the next page carried it on."""
        if self.pending is not None:
            self.add_row(self.pending, self.pending_page)
            self.pending = None


def lay_out(pages: Iterable[Any]) -> LaidOut:
    """The plan text of pdfplumber pages, in order, each line placed by its page."""
    out = Pages()
    for number, page in enumerate(pages, 1):
        _lay_out_page(page, number, out)
        page.close()
    out.flush()
    return LaidOut(out.lines, out.places)


def _lay_out_page(page: Any, number: int, out: Pages) -> None:
    for index, block in enumerate(page_blocks(page)):
        if block.rows is None:
            out.flush()
            out.add(block.text, number)
            out.heading = None
            continue
        rows = block.rows
        heading = out.heading
        if index == 0 and heading is not None and len(rows[0]) == len(heading):
            rows = _continued(rows, out)
        else:
            out.heading = rows[0]
        out.flush()
        _add_rows(rows, block.cut, number, out)


def _add_rows(rows: list[Row], cut: bool, number: int, out: Pages) -> None:
    """Write a table's rows, holding back its last one when the page break cut it."""
    for row in rows[:-1] if cut else rows:
        out.add_row(row, number)
    if cut and rows:
        out.pending, out.pending_page = rows[-1], number


def _continued(rows: list[Row], out: Pages) -> list[Row]:
    """The rows of a table going on from the last page: heading dropped, a cut row joined."""
    if rows and rows[0] == out.heading:
        rows = rows[1:]
    if rows and out.pending is not None and not rows[0][0]:
        joined = [_join_cells(a, b) for a, b in zip(out.pending, rows[0], strict=True)]
        rows = [joined, *rows[1:]]
        out.pending = None
    return rows


def _join_cells(above: Cell, below: Cell) -> Cell:
    """A cell the page break cut: the paragraph it cut is joined up again."""
    if not above or not below or _kind(below[0], "")[0]:
        return above + below
    return [*above[:-1], f"{above[-1]} {below[0]}", *below[1:]]


def page_blocks(page: Any) -> list[Block]:
    """The page's tables and prose lines, top to bottom."""
    words = page.extract_words(extra_attrs=["size"])
    tables: list[Any] = [t for t in page.find_tables(_closed(page)) if _is_table(t)]
    blocks = [Block(t.bbox[1], rows=_rows(words, t), cut=_open_foot(page, t)) for t in tables]
    if not tables:  # none ruled: perhaps drawn with no rules, or rules between rows only
        tables = unruled_tables([line.words for line in text_lines(words)])
        blocks = [Block(t.bbox[1], rows=_rows(words, t)) for t in tables]
    boxes = [_inside(page, t.bbox) for t in tables]
    blocks = [b for b in blocks if b.rows]
    outside = [w for w in words if not any(_holds(box, w) for box in boxes)]
    blocks += [Block(top, text=text) for top, text in prose(outside)]
    return sorted(blocks, key=lambda b: b.top)


def _closed(page: Any) -> dict[str, Any]:
    """The lines strategy, with a rule where the page's column rules start and end: a table
    that runs over the page break has no rule there, and its cut row would be lost."""
    rules = [edge for edge in page.edges if edge["orientation"] == "v"]
    if not rules:
        return LINES
    ends = [min(edge["top"] for edge in rules), max(edge["bottom"] for edge in rules)]
    return {**LINES, "explicit_horizontal_lines": ends}


def _open_foot(page: Any, table: Any) -> bool:
    """Whether no rule runs along the table's foot (most of its width, in one or more pieces)."""
    x0, _, x1, bottom = table.bbox
    ruled = sum(
        max(0.0, min(edge["x1"], x1) - max(edge["x0"], x0))
        for edge in page.edges
        if edge["orientation"] == "h" and abs(edge["top"] - bottom) < 2
    )
    return ruled < 0.9 * (x1 - x0)


def _is_table(table: Any) -> bool:
    return max((len(row.cells) for row in table.rows), default=0) >= 2


def _holds(bbox: Sequence[float], word: dict[str, Any]) -> bool:
    """Whether the word's middle is inside the box."""
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _rows(words: list[dict[str, Any]], table: Any) -> list[Row]:
    """The table's rows as cells' paragraphs; rows with no text are dropped."""
    inside = [w for w in words if _holds(table.bbox, w)]
    rows = []
    for row in table.rows:
        cells = [cell_paragraphs(inside, cell) if cell else [] for cell in row.cells]
        if any(cells):
            rows.append(cells)
    return rows


def cell_paragraphs(words: list[dict[str, Any]], bbox: Sequence[float]) -> Cell:
    """A cell's paragraphs: its wrapped lines joined, the breaks its writer made kept."""
    lines = text_lines([w for w in words if _holds(bbox, w)])
    if not lines:
        return []
    padding = min(line.x0 for line in lines) - bbox[0]  # as much on the right as the left
    return paragraphs(lines, right=bbox[2] - padding - 1)


def _inside(page: Any, bbox: Sequence[float]) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = bbox
    px0, ptop, px1, pbottom = page.bbox
    return max(x0, px0), max(top, ptop), min(x1, px1), min(bottom, pbottom)


def cell_html(pieces: Cell) -> str:
    """A cell's paragraphs as plan-text HTML: bullets as <ul>, a run numbered from 1 as <ol>,
    other paragraphs apart by <br>."""
    out: list[str] = []
    for kind, items in _runs(pieces):
        escaped = [html.escape(item, quote=False) for item in items]
        if kind:
            out.append(f"<{kind}>" + "".join(f"<li>{i}</li>" for i in escaped) + f"</{kind}>")
        else:
            out.extend(escaped)
    return _joined(out)


def _runs(pieces: list[str]) -> list[tuple[str, list[str]]]:
    """The pieces in runs of one kind: "ul" (bullets), "ol" (numbered 1, 2, …) or "" (text).

    A lone "1." is a heading's number, not a list, and stays as it is printed.
    """
    runs: list[tuple[str, list[str], list[str]]] = []
    for piece in pieces:
        kind, text = _kind(piece, runs[-1][0] if runs else "")
        if runs and kind and runs[-1][0] == kind:
            runs[-1][1].append(text)
            runs[-1][2].append(piece)
        else:
            runs.append((kind, [text], [piece]))
    return [
        ("", printed) if kind == "ol" and len(printed) == 1 else (kind, items)
        for kind, items, printed in runs
    ]


def _kind(piece: str, running: str) -> tuple[str, str]:
    bullet = BULLET.match(piece)
    if bullet:
        return "ul", piece[bullet.end() :].strip()
    number = NUMBERED.match(piece)
    if number and (number.group(1) == "1" or running == "ol"):
        return "ol", piece[number.end() :].strip()
    return "", piece


def _joined(pieces: list[str]) -> str:
    text = ""
    for piece in pieces:
        if (
            text
            and not text.endswith(("</ul>", "</ol>"))
            and not piece.startswith(("<ul>", "<ol>"))
        ):
            text += "<br>"
        text += piece
    return text


def prose(words: list[dict[str, Any]]) -> list[tuple[float, str]]:
    """The words outside the page's tables, a line per paragraph, with where each starts.

    A page number alone on its line is left out.
    """
    lines = [line for line in text_lines(words) if not PAGE_NUMBER.match(line.text)]
    right = max((line.x1 for line in lines), default=0.0)
    found = []
    for group in _paragraph_groups(lines, right):
        text = _joined_lines(group)
        bullet = BULLET.match(text)
        found.append((group[0].top, f"- {text[bullet.end() :]}" if bullet else text))
    return found


def paragraphs(lines: list[Line], right: float) -> list[str]:
    """The text of lines joined where they wrap, one string per paragraph."""
    return [_joined_lines(group) for group in _paragraph_groups(lines, right)]


def _joined_lines(lines: list[Line]) -> str:
    """The lines of a paragraph as one: a word broken after "/" or "-" is joined without a space."""
    text = lines[0].text
    for line in lines[1:]:
        glue = "" if text.endswith("/") or (text.endswith("-") and not text.endswith(" -")) else " "
        text += glue + line.text
    return text


def _paragraph_groups(lines: list[Line], right: float) -> list[list[Line]]:
    groups: list[list[Line]] = []
    for line in lines:
        if groups and _wraps_onto(groups[-1][-1], line, right):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _wraps_onto(above: Line, line: Line, right: float) -> bool:
    """Whether `line` carries on the paragraph of the line above it (the writer did not break)."""
    if BULLET.match(line.text) or NUMBERED.match(line.text) or abs(above.size - line.size) > 0.5:
        return False
    if line.top - above.bottom > 0.8 * line.size:
        return False  # a gap: a new paragraph
    space = line.size * 0.3
    return above.x1 + space + line.first_word > right


def text_lines(words: list[dict[str, Any]]) -> list[Line]:
    """Words (pdfplumber's, with their size) grouped into lines, top to bottom, left to right."""
    words = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    rows: list[list[dict[str, Any]]] = []
    for word in words:
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= SAME_LINE:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [_line(sorted(row, key=lambda w: w["x0"])) for row in rows]


def _line(words: list[dict[str, Any]]) -> Line:
    return Line(
        text=" ".join(w["text"] for w in words),
        x0=words[0]["x0"],
        x1=words[-1]["x1"],
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        size=max(w["size"] for w in words),
        first_word=words[0]["x1"] - words[0]["x0"],
        words=words,
    )
