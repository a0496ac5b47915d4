"""Word tables for the board pack, written as XML: widths from content, links inside the document.

python-docx's cell API rereads the whole table for each cell, which made a long pack take
seconds, so rows are written as WordprocessingML directly. Each table is as wide as the page,
each column at least as wide as its longest word (no word split) and the rest shared by how much
text each column holds; header rows repeat across pages and no row splits between pages.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph

PAGE_WIDTH_MM, MARGINS_MM = 210, (18, 15, 20, 15)  # A4; top, right, bottom, left as pdf.css
TEXT_WIDTH_CM = (PAGE_WIDTH_MM - MARGINS_MM[1] - MARGINS_MM[3]) / 10
CHAR_CM = 0.22  # a 10 pt Arial character, bold or not, with a little to spare
CELL_PADDING_CM = 0.5  # Word's default cell margins, left and right, and a border
EVEN_SHARE = 0.15  # of the room left once every word fits, shared by all columns
WIDEST_WANTED = 60  # characters: beyond this a column wraps rather than widening further
Cell = str | int | tuple[str, str]  # text, or (text, bookmark) for a link inside the document


def linked(text: str, anchor: str) -> Cell:
    return (text, anchor) if anchor else text


def table(
    doc: DocumentObject,
    caption: str,
    headers: list[str],
    rows: Sequence[Sequence[Cell]],
    *,
    anchor: str = "",
    groups: Sequence[str] = (),
) -> Table:
    """A captioned, page-wide table: columns sized to content, header repeated, rows unsplit.

    Rows are written as XML directly: python-docx's cell API rereads the whole table for each
    cell, which made a long pack take seconds."""
    bookmark(doc.add_paragraph(caption, style="Caption"), anchor)
    widths = column_widths(headers, rows)
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    fixed_layout(table, widths)
    head = table.rows[0]
    for cell, text, width in zip(head.cells, headers, widths, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].add_run(text).bold = True
    _row_properties(head._tr, header=True)
    twips = [str(round(width * 567)) for width in widths]
    for n, values in enumerate(rows):
        if n < len(groups) and groups[n] and (n == 0 or groups[n] != groups[n - 1]):
            table._tbl.append(group_row(groups[n], twips))
        table._tbl.append(_row(values, twips))
    return table


def group_row(text: str, twips: list[str]) -> Any:
    """A row across the whole table naming the group of rows under it (an item's parent)."""
    tr = OxmlElement("w:tr")
    _row_properties(tr)
    tc, props = OxmlElement("w:tc"), OxmlElement("w:tcPr")
    width, span = OxmlElement("w:tcW"), OxmlElement("w:gridSpan")
    width.set(qn("w:w"), str(sum(int(t) for t in twips)))
    width.set(qn("w:type"), "dxa")
    span.set(qn("w:val"), str(len(twips)))
    props.extend([width, span])
    paragraph = OxmlElement("w:p")
    paragraph.append(text_run(text))
    tc.extend([props, paragraph])
    tr.append(tc)
    return tr


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> list[float]:
    """Widths in cm that add up to the text width: each column at least as wide as its longest
    word (so no word is split), the rest shared by how much text each column holds."""
    columns = list(zip(headers, *rows, strict=True))
    need = [
        max(_longest_word(_text(v)) for v in col) * CHAR_CM + CELL_PADDING_CM for col in columns
    ]
    want = [
        min(max(len(_text(v)) for v in col), WIDEST_WANTED) * CHAR_CM + CELL_PADDING_CM
        for col in columns
    ]
    spare = TEXT_WIDTH_CM - sum(need)
    if spare <= 0:
        return [TEXT_WIDTH_CM * n / sum(need) for n in need]
    extra = [max(w - n, 0.0) for w, n in zip(want, need, strict=True)]
    if sum(extra) == 0:
        return [n + spare * n / sum(need) for n in need]
    even = spare * EVEN_SHARE  # some room for every column, the rest where the text is
    return [
        n + even * n / sum(need) + (spare - even) * e / sum(extra)
        for n, e in zip(need, extra, strict=True)
    ]


def _text(value: Cell) -> str:
    return value[0] if isinstance(value, tuple) else str(value)


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def fixed_layout(table: Table, widths: list[float]) -> None:
    table.autofit = False  # a fixed layout: Word keeps the widths given
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)


def _row_properties(tr: Any, *, header: bool = False) -> None:
    props = tr.get_or_add_trPr()
    unsplit = OxmlElement("w:cantSplit")
    props.append(unsplit)
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        props.append(repeat)


def _row(values: Sequence[Cell], twips: list[str]) -> Any:
    tr = OxmlElement("w:tr")
    _row_properties(tr)
    for value, width in zip(values, twips, strict=True):
        tc = OxmlElement("w:tc")
        tc_props = OxmlElement("w:tcPr")
        tc_width = OxmlElement("w:tcW")
        tc_width.set(qn("w:w"), width)
        tc_width.set(qn("w:type"), "dxa")
        tc_props.append(tc_width)
        tc.append(tc_props)
        paragraph = OxmlElement("w:p")
        if isinstance(value, tuple):
            paragraph.append(hyperlink(value[0], value[1]))
        elif str(value):
            paragraph.append(text_run(str(value)))
        tc.append(paragraph)
        tr.append(tc)
    return tr


def text_run(text: str) -> Any:
    run = OxmlElement("w:r")
    label = OxmlElement("w:t")
    label.set(qn("xml:space"), "preserve")
    label.text = text
    run.append(label)
    return run


def bookmark(paragraph: Paragraph, name: str) -> Paragraph:
    """Mark a paragraph as a link target (a Word bookmark named like the HTML anchor)."""
    if not name:
        return paragraph
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(zlib.crc32(name.encode()) & 0x7FFFFFFF))
    start.set(qn("w:name"), name.replace("-", "_"))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), start.get(qn("w:id")))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)
    return paragraph


def hyperlink(text: str, anchor: str) -> Any:
    """A link to a bookmark in this document."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor.replace("-", "_"))
    run = text_run(text)
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(style)
    props.append(underline)
    run.insert(0, props)
    link.append(run)
    return link
