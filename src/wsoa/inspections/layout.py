"""Turn a report's pages into positioned lines, without the page furniture. No Django.

A PDF gives words with positions, font sizes and the table rules drawn on the page. Text gives
lines, with each word's position as its column (so a `pdftotext -layout` table keeps its columns)
and pages split at form feeds or closed by the running footer's page number.
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


@dataclass
class Word:
    x0: float
    x1: float
    text: str


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
    rules = _rules(page)
    above = 0.0
    for line in lines:
        line.words.sort(key=lambda word: word.x0)
        line.rule_before = any(above - 1 <= y <= line.top + 1 for y in rules)
        line.gap_before = line.top - above > 0.5 * (line.size or 12)
        if PAGE_NUMBER.match(line.text) or FOOTER.match(line.text):
            line.furniture = _in_margin(line, page.height)
        above = line.bottom
    for line in lines:  # from here on, heights are shares of the page
        line.top, line.bottom = line.top / page.height, line.bottom / page.height
    return lines


def _in_margin(line: Line, height: float) -> bool:
    return line.top < height * MARGIN or line.bottom > height * (1 - MARGIN)


def _rules(page: Any) -> list[float]:
    """Return the heights of horizontal rules at least a third as wide as the page."""
    wide = page.width / 3
    found = [r["top"] for r in page.rects if r["height"] <= 2 and r["width"] >= wide]
    found += [ln["top"] for ln in page.lines if abs(ln["top"] - ln["bottom"]) <= 2]
    return [y for y in found if MARGIN * page.height < y < (1 - MARGIN) * page.height]


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
