"""Word tables with widths from their content: fixed layout, header rows that repeat, shading.

A column is never narrower than its longest word at the font size (web addresses may break),
and the width left over goes to the columns with the most text, none wider than its longest
line needs. So numbers and dates stay narrow, text is wide, and no word is split mid-word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from docx.table import Table

PAGE_TEXT_CM = 29.7 - 2 * 1.5  # A4 landscape less the margins
EM_CM = 9 / 72 * 2.54  # 9 pt
AVERAGE_CHAR_CM = 0.16  # an average character of running text
PADDING_CM = 0.5  # the cell's left and right margins (0.19 cm each), and a little room
LONGEST_WORD_EM = 16.0  # a longer run of letters breaks anyway (a web address, a path)
NARROW = dict.fromkeys("iljtI.,;:'!|’", 0.26) | dict.fromkeys("fr-()/ ", 0.34)
NARROW |= dict.fromkeys("mw", 0.84) | dict.fromkeys("MW", 0.9)
URL = re.compile(r"(https?://|www\.|\.(?:uk|com|org|net)\b|/\S+/)", re.I)
BREAKS = re.compile(r"(?<=[/\-–])")
SHADES = {"red": "F4B6B6", "amber": "FBD89C", "green": "B9E0B1", "blue": "B7D3F0"}


def glyphs_em(text: str) -> float:
    """The width of the text in ems of Arial (Liberation Sans has the same metrics)."""
    return sum(NARROW.get(ch, 0.72 if ch.isupper() else 0.556) for ch in text)


def longest_word(text: str) -> float:
    """The width in cm of the text's widest word that must not break (not a web address).

    A line may break after a slash or a hyphen, so "Health/Education" is two words here.
    """
    words = [p for w in text.split() if not URL.search(w) for p in BREAKS.split(w)]
    return min(max((glyphs_em(w) for w in words), default=0.0), LONGEST_WORD_EM) * EM_CM


def column_widths(
    headings: Sequence[str], rows: Sequence[Sequence[str]], total: float = PAGE_TEXT_CM
) -> list[float]:
    """Return each column's width in cm from its heading and its cells' text."""
    count = len(headings) if headings else max((len(r) for r in rows), default=0)
    least, most, weight = [], [], []
    for index in range(count):
        cells = [row[index] for row in rows if index < len(row)]
        heading = headings[index] if headings else ""
        word = max([longest_word(heading) * 1.1] + [longest_word(c) for c in cells])  # bold
        line = max([len(heading)] + [len(part) for c in cells for part in c.split("\n")])
        least.append(word + PADDING_CM)
        most.append(max(least[-1], line * AVERAGE_CHAR_CM + PADDING_CM))
        weight.append(sum(len(c) for c in cells) / max(len(cells), 1) + 1)
    return _share(least, most, weight, total)


def _share(least: list[float], most: list[float], weight: list[float], total: float) -> list[float]:
    """Give each column its least width, then the rest by weight, none past its most."""
    spare = total - sum(least)
    if spare <= 0:  # too many columns for the page: shrink all alike
        return [w * total / sum(least) for w in least] if least else []
    widths = list(least)
    open_ = [i for i in range(len(widths)) if most[i] > widths[i]]
    while spare > 0.01 and open_:
        share = sum(weight[i] for i in open_)
        capped = []
        for i in open_:
            room = most[i] - widths[i]
            give = spare * weight[i] / share
            if give >= room:
                capped.append((i, room))
        if not capped:
            for i in open_:
                widths[i] += spare * weight[i] / share
            return widths
        for i, room in capped:
            widths[i] += room
            spare -= room
            open_.remove(i)
    if spare > 0.01 and widths:  # every column has all it needs: widen the text ones
        share = sum(weight)
        widths = [w + spare * weight[i] / share for i, w in enumerate(widths)]
    return widths


def add_grid(
    document: DocxDocument,
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float] | None = None,
    shades: Sequence[str] = (),
) -> Table:
    """Add a table of text: a bold header row repeated on every page, widths set on every cell.

    `shades` gives a RAG code a row to shade its first cell in (see `add_rows`).
    """
    count = len(headings) if headings else len(rows[0])
    sizes = list(widths) if widths else column_widths(headings, rows)
    table = document.add_table(rows=0, cols=count)
    table.style = "Table Grid"
    fix_layout(table, sizes)
    add_rows(table, headings, rows, sizes, [(0, code) for code in shades])
    return table


def add_rows(
    table: Table,
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    shades: Sequence[tuple[int, str]] = (),
) -> None:
    """Append the header row (when there are headings) and the rows, written as XML at once.

    Each row's text is one paragraph per cell, its lines joined by line breaks (as python-docx
    writes a cell's text); `shades` gives, row by row, a column to shade and its RAG code.
    """
    twips = [str(round(w / 2.54 * 1440)) for w in widths]
    parts = [f"<w:tbl {nsdecls('w')}>"]
    if headings:
        parts.append(_row_xml(headings, twips, header=True))
    for index, values in enumerate(rows):
        column, code = shades[index] if index < len(shades) else (-1, "")
        parts.append(_row_xml(values, twips, shade_at=column, rag=code))
    parts.append("</w:tbl>")
    for row in list(parse_xml("".join(parts))):
        table._tbl.append(row)


def _row_xml(
    values: Sequence[str], twips: Sequence[str], *, header: bool = False, shade_at: int = -1,
    rag: str = "",
) -> str:  # fmt: skip
    cells = []
    for index, (value, width) in enumerate(zip(values, twips, strict=True)):
        fill = (
            f'<w:shd w:val="clear" w:fill="{SHADES[rag]}"/>'
            if index == shade_at and rag in SHADES
            else ""
        )
        properties = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{fill}</w:tcPr>'
        cells.append(f"<w:tc>{properties}<w:p>{_run_xml(value, bold=header)}</w:p></w:tc>")
    row_properties = '<w:trPr><w:cantSplit/><w:tblHeader w:val="true"/></w:trPr>' if header else ""
    return f"<w:tr>{row_properties}{''.join(cells)}</w:tr>"


def _run_xml(text: str, *, bold: bool = False) -> str:
    if not text:
        return ""
    pieces = []
    for number, line in enumerate(text.split("\n")):
        if number:
            pieces.append("<w:br/>")
        for part, piece in enumerate(line.split("\t")):
            if part:
                pieces.append("<w:tab/>")
            if piece:
                pieces.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:r>{properties}{''.join(pieces)}</w:r>"


def fix_layout(table: Table, widths: Sequence[float]) -> None:
    """Fix the table's layout to the given column widths (Word and LibreOffice keep them)."""
    table.autofit = False  # a fixed layout (w:tblLayout), in its place in the properties
    width = table._tbl.tblPr.find(qn("w:tblW"))
    if width is not None:
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(round(sum(widths) / 2.54 * 1440)))
    for column, size in zip(table.columns, widths, strict=True):
        column.width = Cm(size)
