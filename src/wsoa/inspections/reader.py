"""Read an area SEND inspection report (2023 framework) into its findings. No Django.

The reader works from the report's structure, which every such report shares: the title "Area
SEND inspection of …", the "Inspection dates:" line, the outcome's set wording, and the closing
"Areas for priority action" (a table of responsible body and action) and "Areas for improvement"
(paragraphs or a table). This module reads the report's front page and dates; `sections.py`
reads the findings under each of those two headings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from wsoa.inspections.layout import Line, Pages, ReportError, pdf_pages, text_pages
from wsoa.inspections.sections import IMPROVEMENT, PRIORITY, Recommendation, read_section

__all__ = ["InspectionReport", "Recommendation", "ReportError", "read_report"]

MAX_TEXT = 1_000_000  # characters; a report's text is about 50,000
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
    priority = read_section(pages, PRIORITY)
    improvements = read_section(pages, IMPROVEMENT)
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
