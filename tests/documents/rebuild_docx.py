"""Turn a plan's text export (the seeds' form) back into the Word document it came from.

A test helper: consecutive tab-separated lines with the same number of cells become one table
(a new table where the count changes or a line of prose comes between); a row whose only text
is in its first cell becomes one cell spanning the row (a horizontal merge, as title rows are);
an empty first cell under a filled one becomes part of that cell (a vertical merge). Inside a
cell, <ul>/<ol> with <li> become bulleted or numbered paragraphs (nested lists a level deeper),
<p>, <div> and <br> separate paragraphs (a line break inside a list entry), and <b>, <i>, <u>
and <sup> format their text. Prose lines become paragraphs: "# …" headings in Heading styles,
"- …" bulleted and "3. …" numbered paragraphs in real Word lists, "**…**" in bold.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from wsoa.documents.importers.plantext.cells import html_tokens

HEADING = re.compile(r"^\s*(#{1,9})\s+(.*)$")
BULLET = re.compile(r"^- (.*)$")
NUMBERED = re.compile(r"^(\d{1,3})\. (.*)$")
BOLD = re.compile(r"^\*\*(.+)\*\*$")
TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)([^<>]*)>")  # as the plan-text reader reads tags
HAS_HTML = re.compile(r"</?(p|ul|ol|li|br|u|b|i|sup|div|span)\b", re.I)
BLOCKS = {"p", "br", "div", "tr"}
INLINE = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline"}
# The abstract list definitions this helper adds: bullets, numbers, and a list with no marks
# (as text inside <ul style="list-style-type: none"> but in no <li> was, in the seeds).
LISTS = {"ul": ("90", "bullet"), "ol": ("91", "decimal"), "none": ("92", "none")}


def rebuild_docx(text: str) -> bytes:
    """The .docx a plan's text export describes."""
    builder = _Builder(Document())
    builder.add_list_definitions()
    for kind, lines in _groups(text.replace("\r\n", "\n").split("\n")):
        if kind == "table":
            builder.table(lines)
        else:
            builder.prose(lines[0])
    out = io.BytesIO()
    builder.document.save(out)
    return out.getvalue()


def _groups(lines: list[str]) -> Iterator[tuple[str, list[str]]]:
    """Runs of table rows with the same cell count, and single prose lines, in order."""
    rows: list[str] = []
    for line in lines:
        if "\t" in line and (not rows or rows[0].count("\t") == line.count("\t")):
            rows.append(line)
            continue
        if rows:
            yield "table", rows
            rows = []
        if "\t" in line:
            rows = [line]
        else:
            yield "prose", [line]
    if rows:
        yield "table", rows


@dataclass
class _Builder:
    document: DocxDocument
    next_num: int = 100
    last_number: int | None = None  # the number of the last numbered prose paragraph
    prose_num: str = ""

    def add_list_definitions(self) -> None:
        """Add a bulleted and a numbered list definition, nine levels each."""
        numbering = self.document.part.numbering_part.element
        for abstract_id, number_format in LISTS.values():
            abstract = OxmlElement("w:abstractNum")
            abstract.set(qn("w:abstractNumId"), abstract_id)
            for level in range(9):
                abstract.append(_level(level, number_format))
            numbering.insert(0, abstract)

    def new_list(self, kind: str, start: int = 1) -> str:
        """A new list instance (numbering restarts): bulleted ("ul"), numbered ("ol") or "none"."""
        self.next_num += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(self.next_num))
        _child(num, "w:abstractNumId", LISTS[kind][0])
        override = _child(num, "w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        _child(override, "w:startOverride", str(start))
        self.document.part.numbering_part.element.append(num)
        return str(self.next_num)

    def prose(self, line: str) -> None:
        heading, bullet, numbered = HEADING.match(line), BULLET.match(line), NUMBERED.match(line)
        if heading:
            self.document.add_heading(_plain(heading.group(2)), level=len(heading.group(1)))
        elif bullet:
            self.document.add_paragraph(_plain(bullet.group(1)), style="List Bullet")
        elif numbered:
            self.numbered(int(numbered.group(1)), _plain(numbered.group(2)))
        elif BOLD.match(line.strip()):
            run = self.document.add_paragraph().add_run(_plain(BOLD.match(line.strip()).group(1)))  # type: ignore[union-attr]
            run.bold = True
        else:
            self.document.add_paragraph(_plain(line))

    def numbered(self, number: int, text: str) -> None:
        if self.last_number is None or number != self.last_number + 1:
            self.prose_num = self.new_list("ol", start=number)
        self.last_number = number
        paragraph = self.document.add_paragraph(text, style="List Number")
        _number(paragraph, self.prose_num, 0)

    def table(self, lines: list[str]) -> None:
        rows = [line.split("\t") for line in lines]
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, raw in zip(row.cells, cells, strict=True):
                _CellWriter(self, cell).write(raw)
        _merge(table, rows)


def _merge(table: Table, rows: list[list[str]]) -> None:
    """Span title rows across the table; join empty first cells to the filled one above."""
    titles = {i for i, cells in enumerate(rows) if _is_title_row(cells)}
    merging = False
    for index, cells in enumerate(rows):
        first = table.rows[index].cells[0]
        empty_below = (
            index >= 2
            and index not in titles
            and index - 1 not in titles
            and not cells[0].strip()
            and any(c.strip() for c in cells)
            and (merging or rows[index - 1][0].strip())
        )
        if empty_below:
            if not merging:
                _vmerge(table.rows[index - 1].cells[0], "restart")
            _vmerge(first, "continue")
        merging = empty_below
    for index in titles:
        row = table.rows[index]
        _span(row.cells[0], len(rows[index]))


def _is_title_row(cells: list[str]) -> bool:
    return len(cells) >= 2 and bool(cells[0].strip()) and not any(c.strip() for c in cells[1:])


def _vmerge(cell: _Cell, value: str) -> None:
    merge = OxmlElement("w:vMerge")
    if value == "restart":
        merge.set(qn("w:val"), "restart")
    cell._tc.get_or_add_tcPr().append(merge)


def _span(cell: _Cell, columns: int) -> None:
    """Make a row's first cell span all its columns, removing the cells it covers."""
    tc = cell._tc
    row = tc.getparent()
    for other in [c for c in row.findall(qn("w:tc")) if c is not tc]:
        row.remove(other)
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), str(columns))
    tc.get_or_add_tcPr().append(span)


@dataclass
class _CellWriter:
    """Writes one plan-text cell into a Word table cell as paragraphs, lists and runs."""

    builder: _Builder
    cell: _Cell
    # The lists open: their kind, and the numbering ids for their entries and for text in the
    # list but in no entry.
    lists: list[tuple[str, str, str]] = field(default_factory=list)
    in_entry: bool = False  # inside an <li> whose paragraph may have begun
    paragraph: Paragraph | None = None
    formats: set[str] = field(default_factory=set)
    used_first: bool = False

    def write(self, raw: str) -> None:
        if not HAS_HTML.search(raw):
            self.cell.paragraphs[0].text = _plain(raw).strip()
            return
        for kind, value in html_tokens(raw):
            if kind == "data":
                self.data(value)
            elif kind == "start":
                self.start(value)
            else:
                self.end(value)

    def data(self, text: str) -> None:
        if not text.strip() and self.paragraph is None:
            return
        paragraph = self.paragraph or self.begin()
        run = paragraph.add_run(text)
        for name in self.formats:
            if name == "sup":
                run.font.superscript = True
            else:
                setattr(run, name, True)

    def begin(self) -> Paragraph:
        """Start a paragraph: a list entry inside <li>, else a plain one."""
        if self.used_first:
            self.paragraph = self.cell.add_paragraph()
        else:
            self.paragraph, self.used_first = self.cell.paragraphs[0], True
        if self.lists:
            kind, num_id, unmarked = self.lists[-1]
            if self.in_entry:
                self.paragraph.style = "List Bullet" if kind == "ul" else "List Number"
            else:
                self.paragraph.style, num_id = "List Paragraph", unmarked
            _number(self.paragraph, num_id, len(self.lists) - 1)
        return self.paragraph

    def start(self, name: str) -> None:
        if name in {"ul", "ol"}:
            self.paragraph, self.in_entry = None, False
            self.lists.append((name, self.builder.new_list(name), self.builder.new_list("none")))
        elif name == "li":
            self.paragraph, self.in_entry = None, True
        elif name in BLOCKS:
            self.block()
        elif name in INLINE or name == "sup":
            self.formats.add(INLINE.get(name, name))

    def end(self, name: str) -> None:
        if name in {"ul", "ol"}:
            self.paragraph, self.in_entry = None, False
            if self.lists:
                self.lists.pop()
        elif name == "li":
            self.paragraph, self.in_entry = None, False
        elif name in BLOCKS:
            self.block()
        elif name in INLINE or name == "sup":
            self.formats.discard(INLINE.get(name, name))

    def block(self) -> None:
        """A paragraph or line break: inside a list entry, a break in the same paragraph."""
        if self.in_entry and self.paragraph is not None:
            self.paragraph.add_run().add_break()
        else:
            self.paragraph = None


def _plain(text: str) -> str:
    return html.unescape(text)


def _number(paragraph: Paragraph, num_id: str, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num = OxmlElement("w:numPr")
    _child(num, "w:ilvl", str(level))
    _child(num, "w:numId", num_id)
    ppr.append(num)


def _level(level: int, number_format: str) -> OxmlElement:
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), str(level))
    _child(lvl, "w:start", "1")
    _child(lvl, "w:numFmt", number_format)
    texts = {"bullet": "•", "decimal": f"%{level + 1}.", "none": ""}
    _child(lvl, "w:lvlText", texts[number_format])
    return lvl


def _child(parent: OxmlElement, tag: str, value: str | None = None) -> OxmlElement:
    element = OxmlElement(tag)
    if value is not None:
        element.set(qn("w:val"), value)
    parent.append(element)
    return element
