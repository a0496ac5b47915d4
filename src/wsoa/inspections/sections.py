"""Read the findings under one heading of an inspection report: its table rows or paragraphs.

A "Responsible body" header gives the column edge (or a first or last column naming only
councils and NHS bodies does); table rules split rows, paragraph spacing or printed numbers
split untabled paragraphs. Sub-points (bullets, dashes, "a)") stay in the finding that
introduces them, and a row or paragraph that runs over a page break stays one recommendation.
No Django.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from wsoa.inspections.layout import (
    BULLETS,
    Box,
    Line,
    Pages,
    Word,
    columns_of,
    lines_by_cell,
    whole_cells,
)

PRIORITY = "areas for priority action"
IMPROVEMENT = "areas for improvement"
ENDINGS = {
    PRIORITY,
    IMPROVEMENT,
    "local area partnership details",
    "information about this inspection",
    "inspection team",
}
TERMINAL = re.compile(r"[.!?][’'\")\]]*$")
BODY_NAME = re.compile(
    r"\b(council|ICB|NHS|CCG|trust|integrated care board|clinical commissioning group|"
    r"local authority)\b",
    re.IGNORECASE,
)
MAX_BODY_WORDS = 25
DASHES = frozenset("−–—-")  # minus sign, en and em dashes, hyphen: sub-points' markers
NUMBERED = re.compile(r"^\(?(\d{1,2})[.)]\s+")  # a finding's printed number: "1.", "2)", "(3)"
LETTERED = re.compile(r"^\(?([a-h]|i{1,3}|iv|v|vi{1,3})\)\s")  # a sub-point: "a)", "(ii)"


@dataclass(frozen=True)
class Recommendation:
    """An area for priority action or improvement, with its responsible body where given."""

    text: str
    responsible_body: str | None
    page: int | None


def _heading(line: Line) -> str:
    text = re.sub(r"\s+", " ", line.text).strip().rstrip(":").lower()
    return re.sub(r"^area for ", "areas for ", text)  # one finding: "Area for improvement"


def read_section(pages: Pages, name: str) -> list[Recommendation]:
    """Read the recommendations under one heading, up to the next heading."""
    lines = pages.lines
    start = next((i for i, line in enumerate(lines) if _heading(line) == name), None)
    if start is None:
        return []
    body: list[Line] = []
    for line in lines[start + 1 :]:
        heading = _heading(line)
        if heading == name:
            continue  # repeated as the table's header, often larger or on each page
        is_bigger = pages.body_size and line.size >= pages.body_size + 1.5
        if (heading in ENDINGS and heading != name) or is_bigger:
            break
        body.append(line)
    header = next((ln for ln in body[:4] if re.search(r"responsible\s+bod", ln.text, re.I)), None)
    split = _column_split(header, pages) if header else _unheaded_split(body)
    content = [line for line in body if line is not header]
    if header:
        content = [line for line in content if line.text != header.text]  # repeated headers
    blocks = _blocks(content, pages, table=pages.is_pdf and any(ln.rule_before for ln in content))
    return _unnumbered(_recommendations(blocks, split))


Split = tuple[float, bool, float]  # the edge between the columns, body on the left, body's middle


def _column_split(header: Line, pages: Pages) -> Split | None:
    """Return where the responsible-body column ends or starts, whether it is on the left, and
    the middle of its heading (the ruled cells under it hold the bodies)."""
    words = header.words
    at = next(
        (i for i, w in enumerate(words[:-1]) if w.text.lower() == "responsible"
         and words[i + 1].text.lower().startswith("bod")),
        None,
    )  # fmt: skip
    if at is None:
        return None
    if at == 0 and len(words) > 2:
        before, after = words[1], words[2]
        left = True
    elif at > 0:
        before, after = words[at - 1], words[at]
        left = False
    else:
        return None
    if not pages.is_pdf and after.x0 - before.x1 < 2:
        return None  # plain text without columns: the body cannot be told from the action
    heading = words[at]
    return after.x0 - 0.5, left, (heading.x0 + heading.x1) / 2


def _unheaded_split(lines: list[Line]) -> Split | None:
    """Find a responsible-body column printed without a heading: the first or last column of
    the ruled cells names only councils and NHS bodies, in a few words each."""
    cells: dict[Box, list[str]] = {}
    for word in (word for line in lines for word in line.words):
        if word.cell is not None:
            cells.setdefault(word.cell, []).append(word.text)
    columns = columns_of(list(cells))
    if len(columns) < 2:
        return None
    for column, body_left in ((columns[0], True), (columns[-1], False)):
        names = [" ".join(cells[cell]) for cell in column]
        if all(BODY_NAME.search(name) and len(name.split()) <= MAX_BODY_WORDS for name in names):
            x0, x1 = min(c[0] for c in column), max(c[2] for c in column)
            return (x1 if body_left else x0), body_left, (x0 + x1) / 2
    return None


def _blocks(lines: list[Line], pages: Pages, *, table: bool) -> list[list[Line]]:
    """Split lines into rows (at table rules) or paragraphs (at spacing), joined over pages."""
    if not table and not any(line.gap_before for line in lines[1:]):
        _guess_paragraphs(lines)
    blocks: list[list[Line]] = []
    has_cells = any(line.row for line in lines)
    listed = lines[0].words[0].x0 if lines and _is_item(lines[0].text) else None
    for line in lines:
        if listed is not None and _is_item(line.text) and abs(line.words[0].x0 - listed) < 3:
            blocks.append([line])  # the findings are a list: each item at its margin is one
        elif blocks and _continues(blocks[-1], line, table=table, has_cells=has_cells):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _continues(block: list[Line], line: Line, *, table: bool, has_cells: bool) -> bool:
    """Return whether the line goes on with the recommendation of the block before it."""
    turns_page = line.page != block[-1].page
    starts = (line.rule_before or turns_page) if table else line.gap_before
    if not (starts and _is_new(block, line, same_page_splits=table)):
        return True
    return table and has_cells and _reopens_cell(block, line)


def _reopens_cell(block: list[Line], line: Line) -> bool:
    """Return whether a cell left open at a page's foot goes on at the next page's head.

    A table's closed cells are found whole; a cell split by a page break may be drawn without
    its rule at the break, so its lines on both pages sit outside any closed cell.
    """
    return line.page != block[-1].page and block[-1].row is None and line.row is None


def _is_new(block: list[Line], line: Line, *, same_page_splits: bool) -> bool:
    """Return whether a line that starts a row or paragraph starts a new recommendation.

    A sub-point, or whatever follows a lead-in ending in a colon, stays in its finding. Over a
    page break, a finding's printed number says whether the next one has begun; without
    numbers, the previous one must have ended a sentence and the next must not start in
    lower case.
    """
    before = " ".join(ln.text for ln in block).strip()
    first = line.text.lstrip()
    if not before or _is_item(first) or before.endswith(":"):
        return False
    if same_page_splits and line.page == block[-1].page:
        return True
    number, previous = _number(first), _number(block[0].text)
    if previous is not None:
        return number == previous + 1
    return not first[:1].islower() and bool(TERMINAL.search(before))


def _is_item(text: str) -> bool:
    """Return whether the text starts with a bullet, a dash or a letter, as a sub-point does."""
    marker = text.split(" ", 1)[0]
    return text[:1] in BULLETS or marker in DASHES or bool(LETTERED.match(text))


def _number(text: str) -> int | None:
    found = NUMBERED.match(text.lstrip())
    return int(found.group(1)) if found else None


def _unnumbered(found: list[Recommendation]) -> list[Recommendation]:
    """Drop the findings' printed numbers when they count up: the codes carry the order."""
    numbers = [_number(row.text) for row in found]
    first = numbers[0] if numbers else None
    if first is None or numbers != list(range(first, first + len(numbers))):
        return found
    return [replace(row, text=NUMBERED.sub("", row.text.lstrip(), count=1)) for row in found]


def _guess_paragraphs(lines: list[Line]) -> None:
    """Mark paragraph starts in text without blank lines: after a short line ending a sentence."""
    width = max((len(line.text) for line in lines), default=0)
    for before, line in itertools.pairwise(lines):
        ends = TERMINAL.search(before.text) and len(before.text) < 0.8 * width
        line.gap_before = bool(ends and line.text[:1].isupper()) or _number(line.text) is not None


def _recommendations(blocks: list[list[Line]], split: Split | None) -> list[Recommendation]:
    parts = [_columns(block, split) for block in blocks]
    by_cell = lines_by_cell([line for body_lines, _ in parts for line in body_lines])
    found: list[Recommendation] = []
    for block, (body_lines, text_lines) in zip(blocks, parts, strict=True):
        text = _join(text_lines)
        if not text:
            continue
        body = _join(whole_cells(body_lines, by_cell)).replace("\n", " ") or None
        if split and not body and found:
            body = found[-1].responsible_body  # a body cell merged over several rows
        found.append(Recommendation(text, body, block[0].page))
    return found


def _columns(block: list[Line], split: Split | None) -> tuple[list[Line], list[Line]]:
    """Split the block's lines into the responsible body's and the finding's."""
    if split is None:
        return [], block
    body: list[Line] = []
    text: list[Line] = []
    for line in block:
        in_body = [_is_body(word, split) for word in line.words]
        for side, wanted in ((body, True), (text, False)):
            words = [w for w, is_body in zip(line.words, in_body, strict=True) if is_body == wanted]
            if words:
                side.append(Line(line.page, line.top, line.bottom, words, line.size))
    return body, text


def _is_body(word: Word, split: Split) -> bool:
    """Return whether the word is in the responsible-body column: its ruled cell is under the
    column's heading, or (without cells) it is on the heading's side of the edge."""
    edge, body_left, middle = split
    if word.cell is not None:
        return word.cell[0] <= middle <= word.cell[2]
    return (word.x0 < edge) == body_left


def _join(lines: list[Line]) -> str:
    """Join a cell's lines into text: list items on lines of their own, without bullets."""
    out = ""
    item_x0: float | None = None
    pending_item = False
    for line in lines:
        words = list(line.words)
        is_item = pending_item
        if words and (words[0].text in BULLETS or words[0].text in DASHES):
            words, is_item = words[1:], True
        elif words and LETTERED.match(f"{words[0].text} "):
            is_item = True
        words = [w for w in words if w.text not in BULLETS]
        if not words:
            pending_item = pending_item or is_item
            continue
        pending_item = False
        text = " ".join(w.text for w in words)
        if is_item:
            item_x0 = words[0].x0
        leaves_list = item_x0 is not None and not is_item and words[0].x0 < item_x0 - 3
        if leaves_list:
            item_x0 = None
        if not out:
            out = text
        elif is_item or leaves_list:
            out += "\n" + text
        elif re.search(r"[A-Za-z]-$", out):
            out += text  # a word hyphenated at the line's end: "well-" + "considered"
        else:
            out += " " + text
    return out.strip()
