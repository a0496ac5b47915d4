"""Turn a report's pages into positioned lines, without the page furniture. No Django.

A PDF gives words with positions and font sizes, the table rules drawn on the page (as lines,
thin rectangles, or the sides of outlined or shaded boxes) and the ruled cells they make: each
word knows its cell and each line its table row. Text gives lines, with each word's position as
its column (so a `pdftotext -layout` table keeps its columns) and pages split at form feeds or
closed by the running footer's page number.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

BULLETS = frozenset("◼▪•●◦■□▫◾◽►‣⁃\uf0a7\uf0b7\uf0d8\uf076")
MARGIN = 0.1  # running headers and footers sit in the top and bottom tenth of a page
LINE_TOLERANCE = 2.0  # points between the baselines of words printed on one line
FOOTER = re.compile(r"^area send inspection report\b.*?(\d+)\s*$", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^(page\s+)?\d+(\s+of\s+\d+)?$", re.IGNORECASE)


class ReportError(Exception):
    """The file cannot be read as an area SEND inspection report; the message says why."""


Box = tuple[float, float, float, float]  # x0, top, x1, bottom
RowKey = tuple[int, int, int]  # page, table on the page, row of the table


@dataclass
class Word:
    x0: float
    x1: float
    text: str
    cell: Box | None = None  # the ruled table cell it is printed in


@dataclass
class Line:
    """One printed line: its words left to right, where it sits, and what comes before it."""

    page: int | None
    top: float
    bottom: float
    words: list[Word]
    size: float = 0.0
    rule_before: bool = False  # a table rule is drawn between this line and the one above
    gap_before: bool = False  # a paragraph's spacing (or a blank line) comes before it
    furniture: bool = field(default=False, compare=False)
    row: RowKey | None = field(default=None, compare=False)  # the ruled table row it is in

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


@dataclass
class Pages:
    """The lines of a whole report in reading order, and the size of its body text."""

    lines: list[Line]
    body_size: float
    is_pdf: bool


def pdf_pages(data: bytes) -> Pages:
    """Read a PDF's lines with pdfplumber; raise ReportError when it has no text to read.

    Pages are read one at a time within the limits of `pdflimits`, so a file with far more
    pages or drawing than a report is refused as soon as that is known.
    """
    from wsoa.inspections import pdflimits  # imported here so that reading text needs no PDF

    try:
        pdflimits.check_file(data)
        pages, has_images = _read_pdf(data)
    except pdflimits.PdfTooLarge as error:
        raise ReportError(str(error)) from error
    except ReportError:
        raise
    except Exception as error:  # pdfminer raises many kinds of error for a broken file
        raise ReportError(f"The file could not be opened as a PDF ({error}).") from error
    lines = [line for page in pages for line in page]
    if not lines:
        if has_images:
            raise ReportError(
                "The PDF has no text, only images: it may be a scanned copy. "
                "Upload the report as Ofsted published it, or its text."
            )
        raise ReportError("The PDF's pages are blank: there is no text to read.")
    _mark_running_lines(lines)
    sizes = Counter(round(line.size, 1) for line in lines if not line.furniture)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    return Pages([line for line in lines if not line.furniture], body, True)


def _read_pdf(data: bytes) -> tuple[list[list[Line]], bool]:
    """Each page's lines, and whether any page has a picture; one page open at a time."""
    import pdfplumber
    from pdfplumber.page import Page

    from wsoa.inspections import pdflimits

    pdf = pdfplumber.PDF(io.BytesIO(data))
    drawing = pdflimits.Drawing()
    pages, has_images, top = [], False, 0.0
    for number, page_object in enumerate(pdflimits.pages(pdf.doc), 1):
        drawing.add(number, page_object)
        page = Page(pdf, page_object, page_number=number, initial_doctop=top)
        pages.append(_page_lines(number, page))
        has_images = has_images or bool(page.images)
        top += float(page.height)
        page.close()
    if not pages:
        raise ReportError("The PDF has no pages.")
    return pages, has_images


def _page_lines(number: int, page: Any) -> list[Line]:
    words = page.extract_words(extra_attrs=["size"], use_text_flow=False)
    words.sort(key=lambda word: (word["bottom"], word["x0"]))
    lines: list[Line] = []
    for word in words:
        if lines and abs(word["bottom"] - lines[-1].bottom) <= LINE_TOLERANCE:
            line = lines[-1]
        else:
            line = Line(number, word["top"], word["bottom"], [], word["size"])
            lines.append(line)
        line.top = min(line.top, word["top"])
        line.size = max(line.size, word["size"]) if word["text"] not in BULLETS else line.size
        line.words.append(Word(word["x0"], word["x1"], word["text"]))
    finder = page.debug_tablefinder(TABLE_SETTINGS)
    rules, rows = _rules(page), _table_rows(number, finder)
    above, row_above = 0.0, None
    for line in lines:
        line.words.sort(key=lambda word: word.x0)
        _place_in_cells(line, finder.cells)
        line.row = _row_of(line, rows)
        crosses_cells = line.row != row_above and (line.row or row_above) is not None
        line.rule_before = crosses_cells or any(above - 1 <= y <= line.top + 1 for y in rules)
        line.gap_before = line.top - above > 0.5 * (line.size or 12)
        if PAGE_NUMBER.match(line.text) or FOOTER.match(line.text):
            line.furniture = _in_margin(line, page.height)
        above, row_above = line.bottom, line.row
    for line in lines:  # from here on, heights are shares of the page
        line.top, line.bottom = line.top / page.height, line.bottom / page.height
    return lines


def _in_margin(line: Line, height: float) -> bool:
    return line.top < height * MARGIN or line.bottom > height * (1 - MARGIN)


def _rules(page: Any) -> list[float]:
    """Return the heights of horizontal edges at least a third as wide as the page.

    Edges are the table's rules however they are drawn: lines, thin filled rectangles, or the
    sides of a cell's outline or shading.
    """
    wide = page.width / 3
    found = [e["top"] for e in page.edges if e["orientation"] == "h" and e["width"] >= wide]
    return [y for y in found if MARGIN * page.height < y < (1 - MARGIN) * page.height]


COLUMN_TOLERANCE = 20.0  # points: cells of one column start this close
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _table_rows(number: int, finder: Any) -> list[tuple[RowKey, Box]]:
    """Every row of every ruled table on the page, as (page, table, row) and its box.

    A box ruled on its own (a one-cell table, which pdfplumber does not count as a table) is
    a table of one row.
    """
    found = []
    for table_at, table in enumerate(finder.tables):
        found += [((number, table_at, at), row.bbox) for at, row in enumerate(table.rows)]
    in_tables = {cell for table in finder.tables for cell in table.cells}
    alone = [cell for cell in finder.cells if cell not in in_tables]
    found += [((number, len(finder.tables) + at, 0), cell) for at, cell in enumerate(alone)]
    return found


def _place_in_cells(line: Line, cells: list[Box]) -> None:
    """Give each word of the line the smallest ruled cell it is printed in."""
    middle = (line.top + line.bottom) / 2
    for word in line.words:
        x = (word.x0 + word.x1) / 2
        around = [c for c in cells if c[0] <= x <= c[2] and c[1] <= middle <= c[3]]
        word.cell = min(around, key=lambda c: (c[2] - c[0]) * (c[3] - c[1]), default=None)


def _row_of(line: Line, rows: list[tuple[RowKey, Box]]) -> RowKey | None:
    """The table row the line's first word sits in, if any."""
    middle, x = (line.top + line.bottom) / 2, line.words[0].x0 + 0.5
    for key, (x0, top, x1, bottom) in rows:
        if top <= middle <= bottom and x0 <= x <= x1:
            return key
    return None


def columns_of(cells: list[Box]) -> list[list[Box]]:
    """Group cells into columns, left to right, by where they start."""
    columns: list[list[Box]] = []
    for cell in sorted(cells, key=lambda c: c[0]):
        if columns and cell[0] - columns[-1][0][0] < COLUMN_TOLERANCE:
            columns[-1].append(cell)
        else:
            columns.append([cell])
    return columns


def lines_by_cell(lines: list[Line]) -> dict[Box, list[Line]]:
    """The responsible-body lines of each ruled cell, in order."""
    by_cell: dict[Box, list[Line]] = {}
    for line in lines:
        if line.words[0].cell is not None:
            by_cell.setdefault(line.words[0].cell, []).append(line)
    return by_cell


def whole_cells(lines: list[Line], by_cell: dict[Box, list[Line]]) -> list[Line]:
    """The lines of every body cell the row touches, whole: a cell merged over several rows
    runs on beside the next row's finding, yet names the body of each of them."""
    whole: list[Line] = []
    for line in lines:
        cell = line.words[0].cell
        if cell is None:
            whole.append(line)
        elif not any(ln.words[0].cell == cell for ln in whole):
            whole += by_cell[cell]
    return whole


def _mark_running_lines(lines: list[Line]) -> None:
    """Mark lines in the page margins printed alike on more than one page: headers, footers."""
    marginal = [ln for ln in lines if ln.top < MARGIN or ln.bottom > 1 - MARGIN]
    pages_of: dict[str, set[int | None]] = {}
    for line in marginal:
        pages_of.setdefault(_shape(line.text), set()).add(line.page)
    for line in marginal:
        if len(pages_of[_shape(line.text)]) > 1:
            line.furniture = True


def _shape(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


def text_pages(text: str) -> Pages:
    """Read plain text: pages split at form feeds, or closed by the running footer."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    repeated = Counter(_shape(line) for line in raw if line.strip())
    lines: list[Line] = []
    page, gap, pending = 1, False, 0
    for row, raw_line in enumerate(raw):
        if "\f" in raw_line:
            page, gap = page + raw_line.count("\f"), True
            raw_line = raw_line.replace("\f", "")
        stripped = raw_line.strip()
        if not stripped:
            gap = True
            continue
        if footer := FOOTER.match(stripped):
            for line in lines[len(lines) - pending :]:
                line.page = int(footer.group(1))
            page, pending, gap = int(footer.group(1)) + 1, 0, True
            continue
        is_running = repeated[_shape(stripped)] > 2 and _is_dateline(stripped)
        if PAGE_NUMBER.match(stripped) or is_running:
            continue
        words = [Word(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", raw_line)]
        lines.append(Line(page, row, row + 1, words, 0.0, False, gap))
        pending, gap = pending + 1, False
    return Pages(lines, 0.0, False)


def _is_dateline(text: str) -> bool:
    """Return whether the line is only a date range, as printed under a running footer."""
    return bool(re.fullmatch(r"[\d\sA-Za-z,–-]+\d{4}", text)) and len(text) < 60
