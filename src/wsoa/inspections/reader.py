"""Read an area SEND inspection report (2023 framework) into its findings. No Django.

The reader works from the report's structure, which every such report shares: the title "Area
SEND inspection of …", the "Inspection dates:" line, the outcome's set wording, and the closing
"Areas for priority action" (a table of responsible body and action) and "Areas for improvement"
(paragraphs or a table). Rows are told apart by the table's cells and rules (lines, outlined or
shaded boxes), paragraphs by their spacing or printed numbers. Sub-points (bullets, dashes,
"a)") stay in the finding that introduces them. A row or paragraph that runs over a page break
(a cell left open at the break, it stops mid-sentence, the next page starts with a bullet or in
lower case, or the next printed number has not come) stays one recommendation.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from wsoa.inspections.layout import (
    BULLETS,
    Box,
    Line,
    Pages,
    ReportError,
    Word,
    columns_of,
    lines_by_cell,
    pdf_pages,
    text_pages,
    whole_cells,
)

__all__ = ["InspectionReport", "Recommendation", "ReportError", "read_report"]

MAX_TEXT = 1_000_000  # characters; a report's text is about 50,000
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
OUTCOMES = (  # the set wording of the 2023 framework's three outcomes
    (3, re.compile(r"widespread and/or systemic failings", re.IGNORECASE)),
    (2, re.compile(r"lead to inconsistent experiences and outcomes", re.IGNORECASE)),
    (1, re.compile(r"typically lead to positive experiences and outcomes", re.IGNORECASE)),
)
MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES.split(" "), 1)}
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
RANGE = re.compile(
    rf"{DAY}(?:\s+([A-Za-z]+))?(?:\s+(\d{{4}}))?\s*(?:to|-|–|and)\s*{DAY}\s+([A-Za-z]+)\s+(\d{{4}})"
)
PUBLISHED = re.compile(
    r"(?:publication date|date of publication|published)(?:\s*:|\s+on)\s*"
    rf"{DAY}\s+([A-Za-z]+)\s+(\d{{4}})",
    re.IGNORECASE,
)
SINGLE = re.compile(rf"{DAY}\s+([A-Za-z]+)\s+(\d{{4}})")
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


@dataclass(frozen=True)
class InspectionReport:
    area: str
    outcome: int
    inspection_dates: str
    inspection_start: dt.date | None
    inspection_end: dt.date | None
    publication_date: dt.date | None
    priority_actions: list[Recommendation]
    improvements: list[Recommendation]

    def as_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (dates in ISO form)."""
        data = asdict(self)
        for key in ("inspection_start", "inspection_end", "publication_date"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InspectionReport:
        """Rebuild a report from `as_dict`'s data."""
        dates = {
            key: dt.date.fromisoformat(data[key]) if data.get(key) else None
            for key in ("inspection_start", "inspection_end", "publication_date")
        }
        return cls(
            area=data["area"],
            outcome=int(data["outcome"]),
            inspection_dates=data["inspection_dates"],
            priority_actions=[Recommendation(**row) for row in data["priority_actions"]],
            improvements=[Recommendation(**row) for row in data["improvements"]],
            **dates,
        )


def read_report(data: bytes | str) -> InspectionReport:
    """Read a report from PDF bytes or its text; raise ReportError saying why it cannot."""
    pages = _pages(data)
    area, dates, outcome = _front(pages.lines)
    start, end = parse_date_range(dates)
    priority = _section(pages, PRIORITY)
    improvements = _section(pages, IMPROVEMENT)
    if not priority and not improvements:
        raise ReportError(
            "The report has no findings under an “Areas for priority action” or "
            "“Areas for improvement” heading."
        )
    if outcome == 3 and not priority:
        raise ReportError(
            "The report's outcome is widespread and/or systemic failings, but no areas for "
            "priority action were found under an “Areas for priority action” heading."
        )
    everything = " ".join(line.text for line in pages.lines)
    published = PUBLISHED.search(everything)
    publication = _make_date(*published.groups()) if published else None
    return InspectionReport(area, outcome, dates, start, end, publication, priority, improvements)


def _pages(data: bytes | str) -> Pages:
    if isinstance(data, str):
        return text_pages(_text(data))
    if not data.strip():
        raise ReportError("The file is empty.")
    if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return pdf_pages(data)
    if b"\x00" in data[:4096]:
        raise ReportError("The file is neither a PDF nor text: upload the report's PDF or text.")
    try:
        return text_pages(_text(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        return text_pages(_text(data.decode("cp1252", errors="replace")))


def _text(text: str) -> str:
    if len(text) > MAX_TEXT:
        raise ReportError(
            f"The text is longer than an inspection report: more than {MAX_TEXT:,} characters. "
            "Upload the report as Ofsted published it."
        )
    return text


def _front(lines: list[Line]) -> tuple[str, str, int]:
    """Read the area, the inspection dates as printed and the outcome from the first page."""
    head = lines[:80]
    texts = [line.text for line in head]
    title = next((i for i, text in enumerate(texts) if _is_title(text)), None)
    if title is None:
        raise ReportError(_not_a_report(" ".join(texts)))
    dates_at = next(
        (i for i, text in enumerate(texts) if re.match(r"inspection dates?\s*:", text, re.I)),
        None,
    )
    if dates_at is None:
        raise ReportError("The report has no “Inspection dates:” line under its title.")
    name = " ".join(texts[title:dates_at])
    name = re.sub(r"^.*?area send inspection of\s+(the\s+)?", "", name, flags=re.I)
    name = re.sub(r"\s*local area partnership\s*$", "", name, flags=re.I).strip()
    dates = texts[dates_at].split(":", 1)[1].strip()
    joined = re.sub(r"\s+", " ", " ".join(texts))
    outcome = next((grade for grade, wording in OUTCOMES if wording.search(joined)), None)
    if outcome is None:
        raise ReportError(
            "The report's outcome could not be read: none of the three outcomes' set wording "
            "(“typically positive”, “inconsistent”, “widespread and/or systemic failings”) "
            "is there."
        )
    return name, dates, outcome


def _is_title(text: str) -> bool:
    return bool(re.search(r"\barea send inspection of\b", text, re.I))


def _not_a_report(text: str) -> str:
    if re.search(r"joint local area send inspection", text, re.I):
        return (
            "This is a joint local area SEND inspection letter from the 2016–2022 framework; "
            "wsoa reads area SEND inspection reports from 2023 on."
        )
    if re.search(r"monitoring inspection", text, re.I) and re.search(r"\bSEND\b", text):
        return "This is an area SEND monitoring inspection letter, which has no findings to read."
    return (
        "This is not an area SEND inspection report: its first page has no "
        "“Area SEND inspection of …” title."
    )


def parse_date_range(text: str) -> tuple[dt.date | None, dt.date | None]:
    """Parse "18 to 22 November 2024" or "13 March 2023 to 17 March 2023" into two dates."""
    found = RANGE.search(text)
    if not found:
        single = _date(text)
        return single, single
    day1, month1, year1, day2, month2, year2 = found.groups()
    end = _make_date(day2, month2, year2)
    start = _make_date(day1, month1 or month2, year1 or year2)
    if start and end and start > end and not year1:  # "30 December to 3 January 2025"
        start = _make_date(day1, month1 or month2, str(int(year2) - 1))
    return start, end


def _date(text: str) -> dt.date | None:
    found = SINGLE.match(text.strip()) or SINGLE.search(text[:40])
    return _make_date(*found.groups()) if found else None


def _make_date(day: str, month: str, year: str) -> dt.date | None:
    number = MONTHS.get(month.lower()) or MONTHS.get(
        next((name for name in MONTHS if name.startswith(month.lower()[:3])), "")
    )
    try:
        return dt.date(int(year), number, int(day)) if number else None
    except ValueError:
        return None


def _heading(line: Line) -> str:
    text = re.sub(r"\s+", " ", line.text).strip().rstrip(":").lower()
    return re.sub(r"^area for ", "areas for ", text)  # one finding: "Area for improvement"


def _section(pages: Pages, name: str) -> list[Recommendation]:
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
