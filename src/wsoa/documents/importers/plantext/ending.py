"""Tell when a document seems to end early: cut off mid-row or mid-tag, or before parts it
promises (sections its contents list, objectives its links point to, areas its findings name).

A cut-short export still reads as a plan, only with fewer items, so these signs are what
tell the person importing it that something is missing.
"""

from __future__ import annotations

import re
from typing import Any

from wsoa.documents.importers.plantext import tables as t
from wsoa.documents.importers.plantext.document import Document, Line

EARLY = "the file seems to end early"
CONTENTS = re.compile(r"^(?:table of )?contents$", re.I)
PAGES = re.compile(r"^\d{1,3}(?:\s*[-–]\s*\d{1,3})?$")
NUMBERED_PART = re.compile(
    r"^(?:workstream|appendix|section|part|chapter|theme|priority)\s+\w+\s*[-–:]\s*", re.I
)
CUT_TAG = re.compile(r"<[A-Za-z/][^<>]*$")
HEAD_LIMIT = 80
HEADING_LENGTH = 200
SHOWN = 3


def warn_if_cut_short(doc: Document, data: dict[str, Any]) -> None:
    """Warn, at the last line, when the document shows signs of having been cut short."""
    last = last_line(doc)
    reasons = _line_reasons(doc, last) + _plan_reasons(doc, data, last)
    if last is not None and reasons:
        doc.warn(last.number, f"{EARLY}: " + "; ".join(reasons))


def no_items_reason(doc: Document, title: str) -> str:
    """Say why a document with no items may have been cut short, or return ""."""
    last = last_line(doc)
    reasons = _line_reasons(doc, last) + _contents_reasons(doc, last)
    if title and last is not None:
        reasons.append(f"it has a plan's title but stops at line {last.number}, before any table")
    return f"{EARLY}: " + "; ".join(reasons) if reasons else ""


def last_line(doc: Document) -> Line | None:
    return next((line for line in reversed(doc.lines) if not line.is_blank), None)


# --- the last line -----------------------------------------------------------------------


def _line_reasons(doc: Document, last: Line | None) -> list[str]:
    if last is None:
        return []
    checks = (_cut_tag(last), _open_quote(last), _short_row(doc, last), _bare_header(doc, last))
    return [reason for reason in checks if reason]


def _cut_tag(last: Line) -> str:
    return "its last line stops inside an HTML tag" if CUT_TAG.search(last.cells[-1]) else ""


def _open_quote(last: Line) -> str:
    text = last.text
    unclosed = text.count("“") > text.count("”") or text.count('"') % 2 == 1
    return "its last line opens a quotation it does not close" if unclosed else ""


def _header_before(doc: Document, last: Line) -> Line | None:
    """Return the nearest table header line at or above a line."""
    for line in reversed(doc.lines[: last.number]):
        if t.read_header(line) is not None:
            return line
    return None


def _short_row(doc: Document, last: Line) -> str:
    """Name a last row with fewer cells than its table's header and every row above it."""
    header = _header_before(doc, last)
    if header is None or header is last or len(last.cells) < 2:
        return ""
    rows = [line for line in doc.lines[header.number : last.number - 1] if len(line.cells) >= 2]
    expected = min([len(header.cells)] + [len(row.cells) for row in rows])
    if len(last.cells) >= expected:
        return ""
    return f"its last row has {len(last.cells)} cells where the table's rows have {expected}"


def _bare_header(doc: Document, last: Line) -> str:
    """Name a table header with no rows under it at the end of the document."""
    header = _header_before(doc, last)
    if header is None:
        return ""
    parsed = t.read_header(header)
    after = [line for line in doc.after(header) if not line.is_blank]
    if parsed is None or len(after) > t.read_periods(parsed, after):
        return ""
    return f"the table headed at line {header.number} has no rows"


# --- parts the plan promises -----------------------------------------------------------


def _plan_reasons(doc: Document, data: dict[str, Any], last: Line | None) -> list[str]:
    reasons = [_missing_link_targets(data), _missing_sections(data)]
    return [reason for reason in reasons if reason] + _contents_reasons(doc, last)


def _top_numbers(data: dict[str, Any]) -> list[int]:
    numbers = [item["number"] for item in data["items"]]
    return [int(n) for n in numbers if n.isdecimal() and len(n) <= 3]


def _missing_link_targets(data: dict[str, Any]) -> str:
    """Name the sections that links point to beyond the last one in the file."""
    tops = _top_numbers(data)
    if not tops:
        return ""
    targets = {
        int(head)
        for item in _walk(data["items"])
        for link in item["links"]
        for head in [link["target"].split(".")[0]]
        if head.isdecimal() and len(head) <= 3
    }
    beyond = sorted(n for n in targets if n > max(tops))
    if not beyond:
        return ""
    level = data["levels"][0] if data["levels"] else "section"
    named = ", ".join(str(n) for n in beyond)
    return f"links point to {level} {named}, but the last {level} in the file is {max(tops)}"


def _missing_sections(data: dict[str, Any]) -> str:
    """Name the findings left without a section when each section answers one finding."""
    codes = [finding["code"] for finding in data["findings"]]
    answered = [item["findings"] for item in data["items"]]
    if not answered or len(codes) <= len(answered):
        return ""
    if any(found != [code] for found, code in zip(answered, codes, strict=False)):
        return ""
    missing = ", ".join(codes[len(answered) :])
    return f"each section answers one finding, but {missing} have no section"


# --- a table of contents ------------------------------------------------------------------


def _contents_reasons(doc: Document, last: Line | None) -> list[str]:
    """Name the entries at the end of the plan's contents that the file never reaches."""
    entries = _contents(doc)
    if not entries or last is None:
        return []
    headings = _headings_after(doc, entries[-1][0])
    found = [index for index, (_, name) in enumerate(entries) if _has_heading(name, headings)]
    missing = entries[found[-1] + 1 :] if found else []
    if not missing:
        return []
    names = ", ".join(f"“{name}”" for _, name in missing[:SHOWN])
    more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
    return [f"its contents list {names}{more}, which it does not reach"]


def _contents(doc: Document) -> list[tuple[Line, str]]:
    """Return (line, title) of each entry of a "Contents" list with page numbers."""
    start = next((line for line in doc.lines[:HEAD_LIMIT] if CONTENTS.match(line.text)), None)
    if start is None:
        return []
    entries: list[tuple[Line, str]] = []
    for line in doc.after(start)[:HEAD_LIMIT]:
        cells = [text for text in line.cell_texts if text]
        if not cells and entries:
            break
        if len(cells) == 2 and PAGES.match(cells[0]):
            entries.append((line, cells[1]))
    return entries


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _headings_after(doc: Document, start: Line) -> list[str]:
    return [
        _normalised(line.text)
        for line in doc.after(start)
        if line.text and len(line.text) < HEADING_LENGTH
    ]


def _has_heading(name: str, headings: list[str]) -> bool:
    """Say whether a contents entry appears as a heading, however its number is written."""
    core = _normalised(NUMBERED_PART.sub("", name))
    if not core:
        return False
    return any(core in heading or (heading in core and " " in heading) for heading in headings)


def _walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for item in items:
        found.append(item)
        found.extend(_walk(item["children"]))
    return found
